/**
 * What a form card shows instead of what is stored, after a refusal, a question or another button:
 * the card's own fields as typed, why it was refused, and what it has already asked.
 */
export interface TypedForm<Typed, Problem> {
  readonly typed?: Typed | undefined;
  /** Why it was refused, each problem shown under its input too. */
  readonly problems?: readonly Problem[] | undefined;
  /** A date on a weekend or holiday the card has asked about: saving again keeps it. */
  readonly confirmedDay?: string | undefined;
  /** The card has said that what is typed is not saved: its back button now leaves without it. */
  readonly discard?: boolean | undefined;
}

/**
 * Each problem of a refused form again right under the input it concerns, where the user is
 * looking on a long card: one text per input id ('' for none), several problems of one input
 * joined. `inputs` maps a card's input ids to the domain's name for the field.
 */
export function fieldMessages<I extends string, P extends { readonly field: string }>(
  inputs: Readonly<Record<I, P['field']>>,
  problems: readonly P[] | undefined,
  text: (p: P) => string,
): Record<I, string> {
  const ids = Object.keys(inputs) as I[];
  return Object.fromEntries(
    ids.map((id) => [
      id,
      (problems ?? [])
        .filter((p) => p.field === inputs[id])
        .map(text)
        .join(' '),
    ]),
  ) as Record<I, string>;
}

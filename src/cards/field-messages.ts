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
 * Each problem of a refused form by the input it is shown under (see markInputs): `inputs` maps a
 * card's input ids to the domain's name for the field, or to several (a list's "too many" under
 * the input that adds to it); several problems of one input are joined. Inputs without a problem
 * are left out.
 */
export function fieldMessages<I extends string, P extends { readonly field: string }>(
  inputs: Readonly<Record<I, P['field'] | readonly P['field'][]>>,
  problems: readonly P[] | undefined,
  text: (p: P) => string,
): Partial<Record<I, string>> {
  const at: Partial<Record<I, string>> = {};
  for (const id of Object.keys(inputs) as I[]) {
    const fields: readonly string[] = ([] as string[]).concat(inputs[id]);
    const texts = (problems ?? []).filter((p) => fields.includes(p.field)).map(text);
    if (texts.length > 0) at[id] = texts.join(' ');
  }
  return at;
}

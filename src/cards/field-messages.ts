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

import { containsPersonnummer } from '../domain/personnummer';

/**
 * What a user typed, fit to send back in a refused form: any value that holds something shaped
 * like a personnummer is emptied, whatever the field was refused for. The returned card replaces
 * the message and stays in the chat, so the number must not come back in it.
 */
export function scrubTyped<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && containsPersonnummer(v) ? '' : v])) as T;
}

/**
 * A card built from what is stored, with what the user typed put back into its inputs of the same
 * id (any personnummer emptied): the answer to a refused submit (a stale card, a closed case), so
 * that nothing typed is lost. Values are set on the expanded card, never templated. With
 * `savedNow`, a text or date input whose typed value differs from what is stored gets a line
 * under it saying what is stored now: on a card pressed after a colleague changed the case, so
 * that pressing again does not overwrite their change unseen.
 */
export function keepTyped<C extends object>(card: C, typed: Readonly<Record<string, unknown>> | undefined, savedNow?: (stored: string, type: 'Input.Text' | 'Input.Date') => string): C {
  if (typed === undefined) return card;
  const values = scrubTyped(Object.fromEntries(Object.entries(typed).filter(([, v]) => typeof v === 'string'))) as Record<string, string>;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.flatMap((n) => withTyped(walk(n)));
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  const withTyped = (item: unknown): unknown[] => {
    if (typeof item !== 'object' || item === null) return [item];
    const o = item as Record<string, unknown>;
    const id = o['id'];
    const type = o['type'];
    if (typeof type !== 'string' || !type.startsWith('Input.') || typeof id !== 'string' || !Object.hasOwn(values, id)) return [item];
    const stored = typeof o['value'] === 'string' ? o['value'] : '';
    const value = values[id]!;
    const kept = { ...o, value };
    if (savedNow === undefined || (type !== 'Input.Text' && type !== 'Input.Date') || stored.trim() === value.trim()) return [kept];
    return [kept, { type: 'TextBlock', text: savedNow(stored, type), wrap: true, size: 'Small', isSubtle: true, spacing: 'None' }];
  };
  return walk(card) as C;
}

/**
 * A refused card with each problem again right under the input it concerns (`at`: input id to
 * text), wherever that input is, also in a panel: where the user looks, not only at the top.
 */
export function markInputs<C extends object>(card: C, at: Readonly<Record<string, string>>): C {
  if (Object.keys(at).length === 0) return card;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.flatMap((n) => {
        const item = walk(n) as Record<string, unknown>;
        const id = typeof item === 'object' && item !== null && typeof item['type'] === 'string' && item['type'].startsWith('Input.') ? item['id'] : undefined;
        const text = typeof id === 'string' && Object.hasOwn(at, id) ? at[id] : undefined;
        return text === undefined ? [item] : [item, { type: 'TextBlock', text, wrap: true, color: 'Attention', size: 'Small', spacing: 'None' }];
      });
    }
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(card) as C;
}

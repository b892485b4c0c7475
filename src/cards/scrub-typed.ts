import { containsPersonnummer } from '../domain/personnummer';

/**
 * What a user typed, fit to send back in a refused form: any value that holds something shaped
 * like a personnummer is emptied, whatever the field was refused for. The returned card replaces
 * the message and stays in the chat, so the number must not come back in it.
 */
export function scrubTyped<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' && containsPersonnummer(v) ? '' : v])) as T;
}

/** What is stored for an input, as its card shows it: the text, the date, the chosen titles, or whether a toggle is on. */
export type ShownValue = { readonly kind: 'text' | 'date' | 'choice'; readonly value: string } | { readonly kind: 'toggle'; readonly on: boolean };

/**
 * A card built from what is stored, with what the user typed put back into its inputs of the same
 * id (any personnummer emptied): the answer to a refused submit (a stale card, a closed case), so
 * that nothing typed is lost. Values are set on the expanded card, never templated. With
 * `savedNow`, each of the `fields` (inputs that show a stored value) whose typed value differs
 * from the one the card was drawn with gets a line under it saying what is stored now: on a card
 * pressed after a colleague changed the case, so that pressing again overwrites nothing unseen.
 */
export function keepTyped<C extends object>(
  card: C,
  typed: Readonly<Record<string, unknown>> | undefined,
  savedNow?: { readonly fields: readonly string[]; readonly line: (stored: ShownValue) => string },
): C {
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
    const value = values[id]!;
    const kept = { ...o, value };
    const stored = typeof o['value'] === 'string' ? o['value'] : '';
    if (savedNow === undefined || !savedNow.fields.includes(id) || sameValue(type, stored, value)) return [kept];
    return [kept, { type: 'TextBlock', text: savedNow.line(shown(o, stored)), wrap: true, size: 'Small', isSubtle: true, spacing: 'None' }];
  };
  return walk(card) as C;
}

/** Whether two values of an input are the same answer: a multi-select's in any order. */
function sameValue(type: string, a: string, b: string): boolean {
  const norm = (v: string) => (type === 'Input.ChoiceSet' ? v.split(',').map((x) => x.trim()).filter((x) => x !== '').sort().join(',') : v.trim());
  return norm(a) === norm(b);
}

/** A stored value as the input shows it: a choice by its title, a toggle as on or off. */
function shown(input: Record<string, unknown>, stored: string): ShownValue {
  if (input['type'] === 'Input.Toggle') return { kind: 'toggle', on: stored === (typeof input['valueOn'] === 'string' ? input['valueOn'] : 'true') };
  if (input['type'] === 'Input.ChoiceSet') {
    const choices = Array.isArray(input['choices']) ? (input['choices'] as Array<{ title?: unknown; value?: unknown }>) : [];
    const titles = stored.split(',').flatMap((v) => choices.filter((c) => c.value === v.trim()).map((c) => String(c.title)));
    return { kind: 'choice', value: titles.join(', ') };
  }
  return { kind: input['type'] === 'Input.Date' ? 'date' : 'text', value: stored };
}

/** Whether keepTyped with these `fields` would put a line under any of them. */
export function typedDiffers(card: object, typed: Readonly<Record<string, unknown>>, fields: readonly string[]): boolean {
  let differs = false;
  keepTyped(card, typed, { fields, line: () => ((differs = true), '') });
  return differs;
}

/**
 * A refused card with each problem again right under the input it concerns (`at`: input id to
 * text), wherever that input is, also in a panel: where the user looks, not only at the top.
 */
export function markInputs<C extends object>(card: C, at: Readonly<Record<string, string | undefined>>): C {
  if (Object.values(at).every((text) => text === undefined || text === '')) return card;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.flatMap((n) => {
        const item = walk(n) as Record<string, unknown>;
        const id = typeof item === 'object' && item !== null && typeof item['type'] === 'string' && item['type'].startsWith('Input.') ? item['id'] : undefined;
        const text = typeof id === 'string' && Object.hasOwn(at, id) ? at[id] : undefined;
        return text === undefined || text === '' ? [item] : [item, { type: 'TextBlock', text, wrap: true, color: 'Attention', size: 'Small', spacing: 'None' }];
      });
    }
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(card) as C;
}

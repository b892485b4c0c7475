import { describe, expect, it } from 'vitest';
import { TENANT, actionIn, caseForm, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * Nothing typed is lost (issue 14): a refused reason on the checklist comes back open under its
 * item, as typed, with the problem beside it; a personnummer in it is emptied, never echoed.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

/** The item's open reason input, when the card shows one in its body (not in a panel). */
function openReason(card: unknown, item: string): { value?: string } | undefined {
  const found: Array<{ value?: string }> = [];
  const walk = (node: unknown, inShowCard: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inShowCard));
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'Action.ShowCard') return;
    if (o['type'] === 'Input.Text' && o['id'] === `reason_${item}`) found.push(o as { value?: string });
    Object.values(o).forEach((v) => walk(v, inShowCard));
  };
  walk(card, false);
  return found[0];
}

describe('a refused reason on the checklist', () => {
  it('comes back open with what was typed and the problem next to it, and is saved once it is right', async () => {
    const code = await createCaseAs(flow.anna);
    const [list] = await flow.anna.say(`basnivå ${code}`);
    const yes = await flow.anna.press('baseline.need', { ...actionIn(list, 'baseline.need', { need: 'yes' }).data });
    const undone = actionIn(yes.value, 'baseline.set', { item: 'B5', status: 'notApplicable' });
    const tooLong = 'Personen avböjer mötet just nu. '.repeat(20);
    const refused = await flow.anna.press('baseline.set', { ...undone.data, reason_B5: tooLong });
    expect(openReason(refused.value, 'B5')?.value).toBe(tooLong);
    expect(textOf(refused.value)).toMatch(/Skäl: texten är för lång, högst \d+ tecken./);
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.baseline.items.B5.status).toBe('notStarted');

    const again = actionIn(refused.value, 'baseline.set', { item: 'B5', status: 'notApplicable' });
    await flow.anna.press('baseline.set', { ...again.data, reason_B5: 'Personen avböjer mötet just nu.' });
    expect((await flow.bot.app.cases.get(TENANT, code))!.state.baseline.items.B5).toMatchObject({ status: 'notApplicable', reason: 'Personen avböjer mötet just nu.' });
  });

  it('empties a personnummer in it, never echoing it, and keeps the problem beside the field', async () => {
    const code = await createCaseAs(flow.anna);
    const [list] = await flow.anna.say(`basnivå ${code}`);
    const refused = await flow.anna.press('baseline.need', { ...actionIn(list, 'baseline.need', { need: 'no' }).data, reason_B1: 'Gäller 19121212-1212' });
    expect(openReason(refused.value, 'B1')?.value).toBe('');
    // Not required on the card, so the other buttons work meanwhile, and "Ja" is still offered.
    expect(openReason(refused.value, 'B1')).not.toHaveProperty('isRequired');
    expect(actionIn(refused.value, 'baseline.need', { need: 'yes' }).title).toBe('Ja, behov finns');
    expect(textOf(refused.value)).not.toContain('19121212');
    expect(textOf(refused.value)).toContain('personnummer');
  });
});

describe('a refused new-case form', () => {
  it('names each problem right under its field, keeps the rest as typed, and empties a personnummer', async () => {
    const [kinds] = await flow.anna.say('nytt ärende');
    const form = await flow.anna.press('case.new', actionIn(kinds, 'case.new', { kind: 'vss' }).data);
    const refused = await flow.anna.press('case.create', {
      ...actionIn(form.value, 'case.create').data,
      ...caseForm({ consentScope: 'Journal för 19121212-1212', unit: 'x'.repeat(81), nickname: 'CD' }),
    });
    const body = (refused.value as { body: Array<Record<string, unknown>> }).body;
    const under = (id: string) => body[body.findIndex((b) => b['id'] === id) + 1];
    expect(under('consentScope')).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(String(under('consentScope')!['text'])).toContain('personnummer');
    expect(String(under('unit')!['text'])).toContain('högst 80 tecken');
    expect(body.find((b) => b['id'] === 'consentScope')!['value']).toBe('');
    expect(body.find((b) => b['id'] === 'nickname')!['value']).toBe('CD');
    // A field without a problem has nothing under it.
    expect(under('nickname')!['id']).toBe('principal');
    expect(textOf(refused.value)).not.toContain('19121212');
  });
});

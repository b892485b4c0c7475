import { describe, expect, it } from 'vitest';
import { messageLines } from '../support/rendered-markdown';
import { ANNA, BJORN, TENANT, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * Efforts tied to the person's goals and delmål (METHOD.md: "Efforts can be tied to the person's
 * goals and delmål", 000:134, 000:179), over the HTTP endpoint with both coordinators: Anna writes
 * a goal, Björn a delmål with its date and an effort toward it; the card, the export and the
 * refusals say so in words.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);
const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

describe('goals and delmål in the plan', () => {
  it('both coordinators write goals and delmål, tie an effort to a delmål, and the export names them', async () => {
    const code = await createCaseAs(flow.anna);
    const [plan] = await flow.anna.say(`plan ${code}`);
    expect(textOf(plan)).toContain('Inga mål utskrivna ännu.');
    const withGoal = await flow.anna.press('plan.goal.add', { ...actionIn(plan, 'plan.goal.add').data, ownGoals: '', goalText: 'Bo kvar i min lägenhet', goalPartOf: 'none', goalBy: '' });
    expect(textOf(withGoal.value)).toContain('**G1** Bo kvar i min lägenhet');
    // Nothing is tied to G1 yet: it can be removed.
    expect(actionIn(withGoal.value, 'plan.goal.remove', { goalId: 'G1' }).title).toBe('Ta bort G1');

    const [bjornsPlan] = await flow.bjorn.say(`plan ${code}`);
    expect(textOf(bjornsPlan)).toContain('{"title":"G1: Bo kvar i min lägenhet","value":"G1"}');
    const noDate = await flow.bjorn.press('plan.goal.add', { ...actionIn(bjornsPlan, 'plan.goal.add').data, goalText: 'Betala hyran själv', goalPartOf: 'G1', goalBy: '' });
    expect(textOf(noDate.value)).toContain('Datum då målet ska vara nått: fyll i detta.');
    expect((await stateOf(code)).sipPlan?.goals).toHaveLength(1);
    const sub = await flow.bjorn.press('plan.goal.add', { ...actionIn(bjornsPlan, 'plan.goal.add').data, goalText: 'Betala hyran själv', goalPartOf: 'G1', goalBy: '2027-03-01' });
    expect(textOf(sub.value)).toContain('**G2** Delmål till G1: Betala hyran själv · senast 1 mars 2027');
    // G1 now has a delmål; the delmål itself has nothing tied to it.
    expect(() => actionIn(sub.value, 'plan.goal.remove', { goalId: 'G1' })).toThrow();
    expect(actionIn(sub.value, 'plan.goal.remove', { goalId: 'G2' }).title).toBe('Ta bort G2');

    const effort = await flow.bjorn.press('plan.effort.add', { ...actionIn(sub.value, 'plan.effort.add').data, effortWhat: 'Stöd med ekonomin', effortResponsible: 'kommun', effortGoal: 'G2' });
    expect(textOf(effort.value)).toContain('Stöd med ekonomin · Kommun · för G2');
    expect((await stateOf(code)).sipPlan?.efforts[0]).toMatchObject({ what: 'Stöd med ekonomin', goal: 'G2', responsible: 'kommun' });
    // G1 has a delmål and G2 an effort: neither offers removal, and a forged press is refused in words.
    expect(textOf(effort.value)).not.toContain('"verb":"plan.goal.remove"');
    const refused = await flow.anna.press('plan.goal.remove', { code, goalId: 'G2', rev: String((await stateOf(code)).sipPlan!.rev) });
    expect(textOf(refused.value)).toContain('Mål eller delmål: insatser eller delmål hör till det; ta bort dem först.');
    expect((await stateOf(code)).sipPlan?.goals).toHaveLength(2);

    flow.connector.reset();
    await flow.anna.press('plan.export', { code });
    const text = messageLines(String(flow.connector.activitiesIn(ANNA.conversationId)[0]!['text']));
    // No own goals were saved in the person's words: the goals one by one are theirs, not "ej angivet".
    expect(text).toContain('Dina egna mål:\n- G1: Bo kvar i min lägenhet\n- G2, delmål till G1');
    expect(text).not.toContain('Mål och delmål:');
    expect(text).toContain('- G2, delmål till G1: Betala hyran själv (senast 1 mars 2027)');
    expect(text).toContain('- Stöd med ekonomin. Ansvarig: Kommun (G2)');

    const [history] = await flow.anna.say(`historik ${code}`);
    expect(textOf(history)).toContain(`${BJORN.name} · lade till mål G2`);
  });
});

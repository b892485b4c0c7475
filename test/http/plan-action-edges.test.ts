import { beforeAll, describe, expect, it } from 'vitest';
import { ANNA, TENANT, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';
import { messageLines } from '../support/rendered-markdown';

/**
 * The edges of the plan and crisis plan buttons that plan-flows.test.ts passes by: an emptied
 * choice, the toggle, what was typed in the plan's own fields when another button is pressed
 * (Teams sends a card's inputs along with every button), removing an effort or a sign, and
 * which plan an export names. Creating a case is the slow part, so each block shares one.
 */

// Monday 23 November 2026, 10:00 Swedish time (CET, UTC+1); a second passes per reading.
let now = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((now += 1000));

const flow = flowForAll(clock);

const stateOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))!.state;

/** The value an input of a card shows, found by its id. */
function inputValue(card: unknown, id: string): unknown {
  let found: unknown;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      const type = o['type'];
      if (o['id'] === id && typeof type === 'string' && type.startsWith('Input.')) found = o['value'];
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

const planValues = (card: unknown) => Object.fromEntries(['ownGoals', 'personDoesThemselves', 'overallResponsible', 'followUpDate', 'noOtherParties'].map((id) => [id, inputValue(card, id)]));
const crisisValues = (card: unknown) => Object.fromEntries(['triggers', 'personDoesThemselves', 'reviewDate'].map((id) => [id, inputValue(card, id)]));

const MISSING_OVERALL = 'Vilken huvudman som har det övergripande ansvaret';
const MISSING_OTHER_PARTIES = 'Vilka åtgärder som vidtas av någon annan än kommunen eller regionen';

describe('saving the plan basics', () => {
  it('stores a chosen overall responsibility and the toggle, and an emptied choice and an unticked toggle as not given', async () => {
    const code = await createCaseAs(flow.anna);
    const [card] = await flow.anna.say(`plan ${code}`);
    const basics = { ownGoals: 'Bo kvar i lägenheten', personDoesThemselves: 'Handlar själv', followUpDate: '2027-03-01' };
    const saved = await flow.anna.press('plan.save', { ...actionIn(card, 'plan.save').data, ...basics, overallResponsible: 'kommun', noOtherParties: 'true' });
    expect((await stateOf(code)).sipPlan).toMatchObject({ overallResponsible: 'kommun', noOtherParties: true });
    expect(textOf(saved.value)).not.toContain(MISSING_OVERALL);
    expect(textOf(saved.value)).not.toContain(MISSING_OTHER_PARTIES);

    // Emptying the choice and unticking the toggle takes both back: the plan names them missing again.
    const emptied = await flow.anna.press('plan.save', { ...actionIn(saved.value, 'plan.save').data, ...basics, overallResponsible: '', noOtherParties: 'false' });
    const plan = (await stateOf(code)).sipPlan!;
    expect(plan.overallResponsible).toBeUndefined();
    expect(plan.noOtherParties).toBeUndefined();
    expect(plan.ownGoals).toBe('Bo kvar i lägenheten');
    expect(textOf(emptied.value)).toContain(MISSING_OVERALL);
    expect(textOf(emptied.value)).toContain(MISSING_OTHER_PARTIES);
    expect(planValues(emptied.value)).toMatchObject({ overallResponsible: '', noOtherParties: 'false' });
  });
});

describe("adding an effort keeps what was typed in the plan's own fields", () => {
  let code: string;
  beforeAll(async () => {
    code = await createCaseAs(flow.anna);
  });

  /**
   * An effort without its "what", from a fresh card: the plan's own fields are saved first (the
   * button acts on what is on the screen), then the effort is refused and the card shows them.
   */
  const refusedAdd = async (typed: Record<string, string>) => {
    const [card] = await flow.anna.say(`plan ${code}`);
    const res = await flow.anna.press('plan.effort.add', { ...actionIn(card, 'plan.effort.add').data, effortResponsible: 'kommun', ...typed });
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await stateOf(code)).sipPlan?.efforts ?? []).toEqual([]);
    return planValues(res.value);
  };

  it('shows each choice as typed: region, kommun or none, and the toggle on or off', async () => {
    const typed = { ownGoals: 'Eget boende', personDoesThemselves: 'Lagar mat', followUpDate: '2027-02-01' };
    expect(await refusedAdd({ ...typed, overallResponsible: 'region', noOtherParties: 'true' })).toEqual({ ...typed, overallResponsible: 'region', noOtherParties: 'true' });
    expect(await refusedAdd({ ...typed, overallResponsible: 'kommun', noOtherParties: 'false' })).toEqual({ ...typed, overallResponsible: 'kommun', noOtherParties: 'false' });
    expect(await refusedAdd({ ...typed, overallResponsible: '' })).toEqual({ ...typed, overallResponsible: '', noOtherParties: 'false' });
  });

  it('keeps a single typed text field, whichever one it is', async () => {
    const none = { ownGoals: '', personDoesThemselves: '', overallResponsible: '', followUpDate: '', noOtherParties: 'false' };
    expect(await refusedAdd({ ownGoals: 'Eget boende' })).toEqual({ ...none, ownGoals: 'Eget boende' });
    expect(await refusedAdd({ personDoesThemselves: 'Lagar mat' })).toEqual({ ...none, personDoesThemselves: 'Lagar mat' });
    expect(await refusedAdd({ followUpDate: '2027-02-01' })).toEqual({ ...none, followUpDate: '2027-02-01' });
  });

  it('shows the saved plan when nothing was typed, and removes an added effort again', async () => {
    const [card] = await flow.anna.say(`plan ${code}`);
    const saved = await flow.anna.press('plan.save', { ...actionIn(card, 'plan.save').data, ownGoals: 'Sparat mål', overallResponsible: 'region', noOtherParties: 'true' });
    const added = await flow.anna.press('plan.effort.add', { ...actionIn(saved.value, 'plan.effort.add').data, effortWhat: 'Boendestöd', effortResponsible: 'kommun' });
    expect(planValues(added.value)).toEqual({ ownGoals: 'Sparat mål', personDoesThemselves: '', overallResponsible: 'region', followUpDate: '', noOtherParties: 'true' });
    expect((await stateOf(code)).sipPlan!.efforts.map((e) => e.id)).toEqual(['E1']);

    const removed = await flow.anna.press('plan.effort.remove', actionIn(added.value, 'plan.effort.remove', { effortId: 'E1' }).data);
    expect((await stateOf(code)).sipPlan!.efforts).toEqual([]);
    expect(textOf(removed.value)).not.toContain('Boendestöd');
    expect(textOf(removed.value)).not.toContain('har ändrats sedan');
  });
});

describe('the crisis plan', () => {
  let code: string;
  let savedCard: unknown;
  beforeAll(async () => {
    code = await createCaseAs(flow.anna);
    const [card] = await flow.anna.say(`krisplan ${code}`);
    const sign = await flow.anna.press('crisis.sign.add', { ...actionIn(card, 'crisis.sign.add').data, signDescription: 'Sover dåligt', signDescribedBy: 'personen', action_personen: 'Ringer boendestödet' });
    const saved = await flow.anna.press('crisis.save', { ...actionIn(sign.value, 'crisis.save').data, triggers: 'Sparade triggers', personDoesThemselves: 'Sparat eget', reviewDate: '2027-05-31' });
    expect((await stateOf(code)).crisisPlan).toMatchObject({ revision: 1, triggers: 'Sparade triggers' });
    savedCard = saved.value;
  });

  /** A sign without its description: refused, so the crisis plan stays as saved. */
  const refusedSign = async (typed: Record<string, string | undefined>) => {
    const res = await flow.anna.press('crisis.sign.add', { ...actionIn(savedCard, 'crisis.sign.add').data, signDescribedBy: 'personen', action_personen: 'Ringer', ...typed });
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await stateOf(code)).crisisPlan!.signs).toHaveLength(1);
    return crisisValues(res.value);
  };

  it('keeps what was typed in its own fields when a sign is added, and shows the saved plan when nothing was', async () => {
    const saved = { triggers: 'Sparade triggers', personDoesThemselves: 'Sparat eget', reviewDate: '2027-05-31' };
    expect(await refusedSign({ triggers: 'Ny stress', personDoesThemselves: 'Går ut', reviewDate: '2027-04-30' })).toEqual({ triggers: 'Ny stress', personDoesThemselves: 'Går ut', reviewDate: '2027-04-30' });
    // The card sends all its inputs, leaving out an emptied one: what is not sent was emptied.
    expect(await refusedSign({ triggers: 'Ny stress' })).toEqual({ triggers: 'Ny stress', personDoesThemselves: '', reviewDate: '' });
    expect(await refusedSign({ reviewDate: '2027-04-30' })).toEqual({ triggers: '', personDoesThemselves: '', reviewDate: '2027-04-30' });
    expect(await refusedSign({ ...saved })).toEqual(saved);
    // A card from before that sends none of them shows the saved plan.
    expect(await refusedSign({ inputs: undefined })).toEqual(saved);
  });

  it('removes a sign', async () => {
    const added = await flow.anna.press('crisis.sign.add', { ...actionIn(savedCard, 'crisis.sign.add').data, signDescription: 'Drar sig undan', signDescribedBy: 'narstaende', action_kommun: 'Hembesök' });
    expect((await stateOf(code)).crisisPlan!.signs.map((s) => s.id)).toEqual(['S1', 'S2']);
    const removed = await flow.anna.press('crisis.sign.remove', actionIn(added.value, 'crisis.sign.remove', { signId: 'S2' }).data);
    expect((await stateOf(code)).crisisPlan!.signs.map((s) => s.id)).toEqual(['S1']);
    expect(textOf(removed.value)).not.toContain('Drar sig undan');
    expect(textOf(removed.value)).toContain('Sover dåligt');
  });

  it('exports as the crisis plan: its own text, notice, card and audit entry', async () => {
    flow.connector.reset();
    const res = await flow.anna.press('crisis.export', { code });
    expect(textOf(res.value)).toContain(`Kris- och handlingsplan – ${code}`);
    expect(textOf(res.value)).toContain('Krisplanen som text finns i meddelandet nedan.');
    const [message] = flow.connector.activitiesIn(ANNA.conversationId);
    // Sent as Markdown, so that each line of the plan reads as its own paragraph in Teams.
    expect(message).toMatchObject({ textFormat: 'markdown' });
    expect(messageLines(String(message!['text']))).toContain('Kris- och handlingsplan');
    const history = (await flow.bot.app.cases.history(TENANT, code, 100)).map((e) => e.action);
    expect(history).toContain('crisis.exported');
    expect(history).not.toContain('plan.exported');

    const plan = await flow.anna.press('plan.export', { code });
    expect(textOf(plan.value)).toContain(`SIP – samordnad individuell plan – ${code}`);
    expect(textOf(plan.value)).toContain('Planen som text finns i meddelandet nedan.');
    expect((await flow.bot.app.cases.history(TENANT, code, 100)).filter((e) => e.action.endsWith('.exported')).map((e) => e.action).sort()).toEqual(['crisis.exported', 'plan.exported']);
  });
});

import { describe, expect, it } from 'vitest';
import { ANNA, actionIn, createCaseAs, flowForAll, textOf } from '../support/case-flow';

/*
 * A command with a typo or without å/ä/ö (issue 14): understood when it is the same words, asked
 * "Menade du …?" with a button when it is close, and the button runs it.
 */

let now = Date.parse('2026-11-30T09:00:00.000Z');
const clock = () => new Date((now += 1000));
const flow = flowForAll(clock);

describe('commands typed a little wrong', () => {
  it('understands `basniva KOD` and `paminnelser` without å, ä and ö', async () => {
    const code = await createCaseAs(flow.anna);
    const [checklist] = await flow.anna.say(`basniva ${code}`);
    expect(textOf(checklist)).toContain(`Basnivå i samverkan – ${code}`);
    const [reminders] = await flow.anna.say('paminnelser');
    expect(textOf(reminders)).toContain(code);
  });

  it('asks "Menade du nytt ärende?" for `nyt ärende`, and its button runs it', async () => {
    const [asked] = await flow.anna.say('nyt ärende');
    expect(textOf(asked)).toContain('Menade du nytt ärende?');
    const run = actionIn(asked, 'command.run');
    expect(run).toMatchObject({ title: 'nytt ärende', data: { text: 'nytt ärende' } });
    flow.connector.reset();
    const pressed = await flow.anna.press('command.run', run.data);
    expect(textOf(pressed.value)).toContain('Jag körde **nytt ärende**; svaret finns nedan.');
    expect(JSON.stringify(flow.connector.activitiesIn(ANNA.conversationId))).toContain('Vilket slags ärende vill du skapa?');
  });

  it('answers a pressed command for a case that is not there as a typed one is answered, with a notice', async () => {
    const [asked] = await flow.anna.say('arnde VSS-2026-9999');
    flow.connector.reset();
    const pressed = await flow.anna.press('command.run', actionIn(asked, 'command.run').data);
    expect(pressed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(flow.connector.activitiesIn(ANNA.conversationId))).toContain('Det gick inte');
  });

  it('keeps a case code typed after a near miss, and echoes nothing else', async () => {
    const [asked] = await flow.anna.say('histrik vss-2026-0001');
    expect(actionIn(asked, 'command.run').data).toEqual({ text: 'historik VSS-2026-0001' });
    // Without a code it cannot run from a button: the card says how to write it.
    const [other] = await flow.anna.say('histrik 19121212-1212');
    expect(textOf(other)).not.toContain('19121212');
    expect(textOf(other)).toContain('det liknar **historik KOD**: skriv det med ärendets kod');
    expect(textOf(other)).not.toContain('"verb":"command.run"');
  });

  it('says back only the command and a case code a forged button carried', async () => {
    const res = await flow.anna.press('command.run', { text: 'hjälp 19121212-1212' });
    expect(textOf(res.value)).not.toContain('19121212');
    expect(textOf(res.value)).toContain('Jag körde **hjälp**');
  });

  it('refuses a button whose text is not a command', async () => {
    const res = await flow.anna.press('command.run', { text: 'nyt ärende' });
    expect(textOf(res.value)).toContain('Kortet skickade uppgifter som inte gick att läsa');
  });
});

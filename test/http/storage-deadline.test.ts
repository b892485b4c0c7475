import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { USER_ERRORS } from '../../src/i18n/errors';
import { actionIn, createCaseAs, startFlow, TENANT, textOf, type Flow } from '../support/case-flow';
import { startStorageProxy, type StorageProxy } from '../support/storage-proxy';

// Issue 11: "a slow or absent store gives the user a Swedish message that says the storage is not
// answering and nothing was changed, within that budget"; "service resumes without a restart".
const NOW = new Date('2026-11-30T09:00:00Z');
const clock = () => NOW;
const STORAGE_SILENT = USER_ERRORS.storageUnavailable.sv;

let proxy: StorageProxy;
let flow: Flow;

async function startBehindProxy(requestMs: number, turnMs: number): Promise<void> {
  proxy = await startStorageProxy(inject('azuriteConnectionString'));
  flow = await startFlow(clock, {
    env: { STORAGE_CONNECTION_STRING: proxy.connectionString, STORAGE_REQUEST_TIMEOUT_MS: String(requestMs), STORAGE_TURN_BUDGET_MS: String(turnMs) },
  });
}

afterEach(async () => {
  proxy.resume();
  await flow.stop();
  await proxy.stop();
});

/** Anna's case with B1 answered yes, and the B2 "done" button of her checklist card. */
async function caseWithOpenChecklist(): Promise<{ code: string; tickB2: Record<string, unknown> }> {
  const code = await createCaseAs(flow.anna);
  const [checklist] = await flow.anna.say(`basnivå ${code}`);
  const afterB1 = await flow.anna.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
  return { code, tickB2: actionIn(afterB1.value, 'baseline.set', { item: 'B2', status: 'done' }).data };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('a store that stops answering, each request given up on its own timeout', () => {
  beforeEach(() => startBehindProxy(300, 4000));

  it('a tick gets the storage message in Swedish within the timeout, changes nothing, and works once the store is back', async () => {
    const { code, tickB2 } = await caseWithOpenChecklist();
    const before = await flow.bot.app.cases.get(TENANT, code);

    proxy.silence();
    const { result: refused, ms } = await timed(() => flow.anna.press('baseline.set', tickB2));
    expect(refused.statusCode).toBe(503);
    expect(refused.value.message).toBe(STORAGE_SILENT);
    // One read times out after 300 ms; the budget of 4 s is not needed. Slack for a busy machine.
    expect(ms).toBeLessThan(2500);

    const readyz = await fetch(`${flow.bot.baseUrl}/readyz`);
    expect(readyz.status).toBe(503);

    proxy.resume();
    const after = await flow.bot.app.cases.get(TENANT, code);
    expect(after?.state.version).toBe(before?.state.version);
    expect(after?.etag).toBe(before?.etag);

    const ticked = await flow.anna.press('baseline.set', tickB2);
    expect(textOf(ticked.value)).toContain('Klar – Anna Lind');
    expect((await flow.bot.app.cases.get(TENANT, code))?.state.version).toBe((before?.state.version ?? 0) + 1);
    expect((await fetch(`${flow.bot.baseUrl}/readyz`)).status).toBe(200);

    expect(flow.bot.logs.text).toContain('table storage did not answer during an action');
    expect(flow.bot.logs.text).not.toContain('action handler failed');
  });

  it('a typed command gets the storage message as a card, not the internal error', async () => {
    const code = await createCaseAs(flow.anna);
    proxy.silence();
    const { result: cards, ms } = await timed(() => flow.anna.say(`ärende ${code}`));
    expect(ms).toBeLessThan(2500);
    expect(cards).toHaveLength(1);
    expect(textOf(cards[0])).toContain(STORAGE_SILENT);
    proxy.resume();
    const [hub] = await flow.anna.say(`ärende ${code}`);
    expect(textOf(hub)).toContain(`Ärende ${code}`);
  });
});

describe('a write that reaches the store but whose answer is lost', () => {
  beforeEach(() => startBehindProxy(300, 4000));

  it('does not claim that nothing was changed: the user is told to look, and the case shows the change', async () => {
    const { code, tickB2 } = await caseWithOpenChecklist();
    const before = await flow.bot.app.cases.get(TENANT, code);
    // The read goes through; the transaction reaches Azurite and its answer never comes back.
    proxy.loseAnswersTo(/\$batch/);
    const refused = await flow.anna.press('baseline.set', tickB2);
    expect(refused.statusCode).toBe(503);
    expect(refused.value.message).toBe(USER_ERRORS.storageUncertain.sv);
    expect(refused.value.message).not.toContain('ingenting har ändrats');
    proxy.loseAnswersTo(undefined);
    // It did land: the message's advice (look first) was the right one.
    expect((await flow.bot.app.cases.get(TENANT, code))?.state.version).toBe((before?.state.version ?? 0) + 1);
    const [checklist] = await flow.anna.say(`basnivå ${code}`);
    expect(textOf(checklist)).toContain('Klar – Anna Lind');
  });
});

describe('a store that stops answering, the turn budget shorter than one request may take', () => {
  beforeEach(() => startBehindProxy(10_000, 700));

  it('the turn ends on its budget with the storage message', async () => {
    const { code, tickB2 } = await caseWithOpenChecklist();
    const before = await flow.bot.app.cases.get(TENANT, code);
    proxy.silence();
    const { result: refused, ms } = await timed(() => flow.anna.press('baseline.set', tickB2));
    expect(refused.value.message).toBe(STORAGE_SILENT);
    // The 10 s request timeout would have held it far longer; the 700 ms budget ended it.
    expect(ms).toBeGreaterThanOrEqual(650);
    expect(ms).toBeLessThan(3000);
    proxy.resume();
    expect((await flow.bot.app.cases.get(TENANT, code))?.etag).toBe(before?.etag);
    const ticked = await flow.anna.press('baseline.set', tickB2);
    expect(textOf(ticked.value)).toContain('Klar – Anna Lind');
  });
});

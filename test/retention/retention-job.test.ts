import { describe, expect, it } from 'vitest';
import type { RetentionOutcome } from '../../src/retention/retention-job';
import { JobRunStore } from '../../src/storage/job-run-store';
import { TABLES } from '../../src/storage/table-store';
import { ANNA, BJORN, TENANT, createCaseAs, flowForAll, textOf } from '../support/case-flow';
import { startTestBot } from '../support/test-bot';

/*
 * The daily retention run over years of a simulated clock, on cases made and closed through the
 * bot: a case closed longer ago than CLOSED_CASE_RETENTION_DAYS goes (its row, index entries and
 * reminders) but its log stays as long as the log does; an open case and a recently closed one
 * stay; log rows go after CASE_LOG_RETENTION_YEARS; two instances run a day once; a run claimed
 * by an instance that died is taken over.
 */

let now = Date.parse('2026-01-12T08:00:00.000Z'); // Monday 12 January 2026, 09:00 in Stockholm
const clock = () => new Date((now += 1000));
const at = (iso: string) => {
  now = Date.parse(iso);
};
const flow = flowForAll(clock);

const caseOf = async (code: string) => (await flow.bot.app.cases.get(TENANT, code))?.state;
const logOf = async (code: string) => (await flow.bot.app.cases.history(TENANT, code, 1000)).map((e) => `${e.at} ${e.action}`);
const listedFor = async (who: { aadObjectId: string }) => flow.bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: who.aadObjectId });
const retentionLines = () => flow.bot.logs.lines.filter((l) => l.includes('"job":"retention"'));

async function closeEarly(code: string): Promise<void> {
  const closed = await flow.anna.press('case.close', { code, closeEarly: 'other', closeReason: 'Personen har fått plats på ett boende' });
  expect(textOf(closed.value)).toContain('VoSS avslutades i förtid');
}

describe('the daily retention run', () => {
  let old: string;
  let open: string;
  let recent: string;

  it('removes a case closed more than a year ago but keeps its log, an open case and a recently closed one', async () => {
    old = await createCaseAs(flow.anna);
    await flow.anna.say(`ärende ${old}`);
    // The first-meeting reminder goes out on Wednesday: a sent reminder's row outlives the closing.
    at('2026-01-14T08:00:00.000Z');
    expect((await flow.dispatch('2026-01-14T08:00:00.000Z')).sent).toBe(2);
    at('2026-02-02T09:00:00.000Z');
    await closeEarly(old);
    expect([...(await flow.bot.app.reminders.scheduleOf(TENANT, old)).values()].map((r) => r.status)).toEqual(['sent', 'sent']);
    open = await createCaseAs(flow.anna);
    at('2027-03-01T09:00:00.000Z');
    recent = await createCaseAs(flow.anna);
    await closeEarly(recent);
    const oldLog = await logOf(old);
    expect(oldLog.length).toBeGreaterThanOrEqual(3);
    expect(await listedFor(BJORN)).toEqual(expect.arrayContaining([old, open, recent]));

    // 2 March 2027, 03:00 in Stockholm: the day's run (02:30) is due, and two instances of the bot
    // on the one store look at the same moment. Closed before 2 March 2026 goes.
    const second = await startTestBot({ TABLE_PREFIX: flow.bot.config.tablePrefix }, clock);
    let both: RetentionOutcome[];
    let secondLines: string[];
    try {
      const moment = new Date('2027-03-02T02:00:00.000Z');
      both = await Promise.all([flow.bot.app.retention.tick(moment), second.app.retention.tick(moment)]);
      secondLines = second.logs.lines.filter((l) => l.includes('"job":"retention"'));
    } finally {
      await second.close();
    }

    // One of them ran it; the other found it in hand or done. Nothing was counted twice.
    const ran = both.filter((o) => o.kind === 'ran');
    expect(ran).toEqual([{ kind: 'ran', day: '2027-03-02', casesRemoved: 1, logRowsRemoved: 0, casesChanged: 0, jobRowsRemoved: 0 }]);
    expect(both.filter((o) => o.kind === 'taken' || o.kind === 'done')).toHaveLength(1);
    expect(await new JobRunStore(flow.bot.app.store.client(TABLES.jobs)).get('retention', '2027-03-02')).toMatchObject({ attempts: 1, counts: { casesRemoved: 1, logRowsRemoved: 0, casesChanged: 0 } });
    expect(await caseOf(old)).toBeUndefined();
    expect(await listedFor(ANNA)).not.toContain(old);
    expect(await listedFor(BJORN)).not.toContain(old);
    expect((await flow.bot.app.reminders.scheduleOf(TENANT, old)).size).toBe(0);
    // Who looked at and changed it stays to be followed up, five years from when it happened.
    expect(await logOf(old)).toEqual(oldLog);
    expect((await caseOf(open))?.code).toBe(open);
    expect((await caseOf(recent))?.closure).toBeDefined();
    expect(await listedFor(ANNA)).toEqual(expect.arrayContaining([open, recent]));
    // To its coordinators it is now a case that does not exist.
    const [gone] = await flow.anna.say(`ärende ${old}`);
    expect(textOf(gone)).toContain('Det finns inget ärende med den koden för dig');

    // Counts only, never a code, a nickname or a person.
    const lines = [...retentionLines(), ...secondLines];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"casesRemoved":1');
    expect(lines[0]).toMatch(/"durationMs":\d+/);
    for (const secret of [old, open, recent, 'AB', ANNA.aadObjectId, BJORN.aadObjectId, ANNA.name, TENANT]) expect(lines[0]).not.toContain(secret);
  });

  it('runs a day once however often it is looked at', async () => {
    expect(await flow.bot.app.retention.tick(new Date('2027-03-02T20:00:00.000Z'))).toEqual({ kind: 'done', day: '2027-03-02' });
    // Before the next day's 02:30 the run that counts is still the 2nd's.
    expect(await flow.bot.app.retention.tick(new Date('2027-03-03T01:00:00.000Z'))).toEqual({ kind: 'done', day: '2027-03-02' });
    expect(await flow.bot.app.retention.tick(new Date('2027-03-03T01:45:00.000Z'))).toEqual({ kind: 'ran', day: '2027-03-03', casesRemoved: 0, logRowsRemoved: 0, casesChanged: 0, jobRowsRemoved: 0 });
  });

  it('removes the statistics job\'s runs older than a week, and keeps the week\'s', async () => {
    // Two counts ten days before the next run, one the day before.
    for (const at of ['2027-02-22T10:00:00.000Z', '2027-02-22T10:15:00.000Z', '2027-03-03T10:00:00.000Z']) expect(await flow.bot.app.statistics.tick(new Date(at))).toMatchObject({ kind: 'ran' });
    expect(await flow.bot.app.retention.tick(new Date('2027-03-04T01:45:00.000Z'))).toMatchObject({ kind: 'ran', jobRowsRemoved: 2 });
    const runs = new JobRunStore(flow.bot.app.store.client(TABLES.jobs));
    expect(await runs.get('statistics', '2027-02-22T10:00')).toBeUndefined();
    expect(await runs.get('statistics', '2027-03-03T10:00')).toMatchObject({ doneAt: expect.any(String) });
  });

  it('removes log rows older than five years from every case, open or removed, and the recent case in its turn', async () => {
    at('2031-02-03T09:00:00.000Z');
    await flow.anna.say(`ärende ${open}`);
    const oldLog = await logOf(old);
    const openLog = await logOf(open);
    const recentLog = await logOf(recent);
    // Local midnight starting 3 February 2026.
    const cut = '2026-02-02T23:00:00.000Z';
    expect(oldLog.every((l) => l < cut)).toBe(true);
    expect(openLog.some((l) => l < cut) && openLog.some((l) => l > cut)).toBe(true);

    // 3 February 2031, 11:00 in Stockholm: log rows from before 3 February 2026 go; the case closed in 2027 goes too.
    const outcome = await flow.bot.app.retention.tick(new Date('2031-02-03T10:00:00.000Z'));

    // The statistics run of 3 March 2027 that the test before kept is long past now.
    expect(outcome).toEqual({ kind: 'ran', day: '2031-02-03', casesRemoved: 1, logRowsRemoved: oldLog.length + openLog.filter((l) => l < cut).length, casesChanged: 0, jobRowsRemoved: 1 });
    // The open case stays, with the part of its log younger than five years.
    expect((await caseOf(open))?.code).toBe(open);
    expect(await logOf(open)).toEqual(openLog.filter((l) => l > cut));
    expect(await logOf(old)).toEqual([]);
    // The case closed in 2027 is gone in its turn; its log is kept, being younger than five years.
    expect(await caseOf(recent)).toBeUndefined();
    expect(await listedFor(ANNA)).toEqual([open]);
    expect(await logOf(recent)).toEqual(recentLog);
  });

  it('takes over a run claimed by an instance that died', async () => {
    const runs = new JobRunStore(flow.bot.app.store.client(TABLES.jobs));
    const claimed = await runs.claim('retention', '2031-02-04', 'an instance that died', new Date('2031-02-04T01:30:00.000Z'), 10 * 60_000);
    expect(claimed.kind).toBe('claimed');
    expect(await flow.bot.app.retention.tick(new Date('2031-02-04T01:35:00.000Z'))).toEqual({ kind: 'taken', day: '2031-02-04' });
    const outcome = await flow.bot.app.retention.tick(new Date('2031-02-04T01:40:01.000Z'));
    expect(outcome.kind).toBe('ran');
    expect(await runs.get('retention', '2031-02-04')).toMatchObject({ attempts: 2, doneAt: expect.any(String) });
  });
});

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedTableStorage, type EmbeddedTableStorage } from '../../src/local/embedded-table-storage';
import { TABLES, TableStore } from '../../src/storage/table-store';
import { ANNA, BJORN, Client, actionIn, completePlanAs, createCaseAs, planMeetingAs, textOf, type Person } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import type { TestBot } from '../support/test-bot';
import { deliveredReminders, idOf } from '../reminders/dispatch-harness';
import { oracleAddWorkingDays, oracleIsWorkingDay, plusDays } from '../support/swedish-calendar';
import { startBotProcess, stopProcess, type BotProcess } from './support/bot-process';

/*
 * Two bot processes against one store, behind one address: every request goes to the next
 * process in turn, as a load balancer without affinity would send them. Two coordinators work a
 * whole case that way, and both processes dispatch the reminders at the same moments.
 */

const ZONE = 'Europe/Stockholm';
const connector = new FakeConnector();
let azurite: EmbeddedTableStorage;
const bots: BotProcess[] = [];
const prefix = `twoinst${Date.now().toString(36)}`;

beforeAll(async () => {
  azurite = await startEmbeddedTableStorage({ port: 0 });
  await connector.start();
  const env = {
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    TABLE_PREFIX: prefix,
    // The test drives dispatch at chosen moments through the endpoint; the sweep runs as in production.
    DISPATCH_INTERVAL_SECONDS: '0',
  };
  // One after the other: both create the tables, the second finds them there.
  bots.push(await startBotProcess(env));
  bots.push(await startBotProcess(env));
});

afterAll(async () => {
  for (const bot of bots) await stopProcess(bot.child, 'SIGTERM');
  await connector.stop();
  await azurite.stop();
});

/** Which process answered each request, to see that both did. */
const answeredBy: number[] = [];
let next = 0;

/** A Teams client whose every request goes to the next process in turn (one address, two instances). */
function behindOneAddress(who: Person): Client {
  const endpoint = {
    async post(body: unknown) {
      const i = next++ % bots.length;
      answeredBy.push(i);
      const res = await fetch(`${bots[i]!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  } as unknown as TestBot;
  return new Client(endpoint, connector, who);
}

/** One dispatch in each process at the same moment, as two instances' timers would fire. */
async function dispatchOnBoth(now: Date): Promise<number> {
  const results = await Promise.all(
    bots.map(async (bot) => {
      const res = await fetch(`${bot.url}/api/reminders/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: now.toISOString() }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { sent: number }).sent;
    }),
  );
  return results.reduce((a, b) => a + b, 0);
}

/** Waits until the outbox follow-ups (reminders, notices) of the writes so far are done, in whichever process. */
async function untilSettled(tables: TableStore): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    let open = 0;
    for await (const _ of tables.client(TABLES.cases).listEntities({ queryOptions: { filter: "RowKey ge 'outbox_' and RowKey lt 'outbox`'" } })) open++;
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} follow-ups still open after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two bot processes behind one address, one store', () => {
  it('answer a whole two-coordinator case in turns, and send every reminder due meanwhile exactly once', async () => {
    const tables = new TableStore(azurite.connectionString, prefix);
    const anna = behindOneAddress(ANNA);
    const bjorn = behindOneAddress(BJORN);
    await anna.install();
    await bjorn.install();
    const today = DateTime.now().setZone(ZONE).toISODate()!;

    // Anna opens a case with Björn; Björn is told, once, whichever process wrote the case.
    const code = await createCaseAs(anna);
    await untilSettled(tables);
    const told = connector.activitiesIn(BJORN.conversationId).filter((a) => JSON.stringify(a).includes(code));
    expect(told).toHaveLength(1);

    // Both work the baseline in turns; each press carries the rev the other's press left.
    const [checklist] = await bjorn.say(`basnivå ${code}`);
    const needed = await bjorn.press('baseline.need', actionIn(checklist, 'baseline.need', { need: 'yes' }).data);
    expect(needed.statusCode).toBe(200);
    let baseline = needed.value;
    for (const [who, item] of [
      [anna, 'B2'],
      [bjorn, 'B3'],
      [anna, 'B4'],
      [bjorn, 'B5'],
    ] as const) {
      const press = actionIn(baseline, 'baseline.set', { item, status: 'done' });
      const res = await who.press('baseline.set', press.data);
      expect(res.statusCode).toBe(200);
      baseline = res.value;
      expect(textOf(baseline)).toContain(`Klar – ${who.person.name}`);
    }

    // A second case left alone: its "book the first meeting" and "hold the förmöte" fall due.
    const quiet = await createCaseAs(bjorn, { colleague: ANNA.aadObjectId });

    // Björn plans a SIP meeting about five weeks on; Anna writes the plan.
    let meetingDay = plusDays(today, 35);
    while (!oracleIsWorkingDay(meetingDay)) meetingDay = plusDays(meetingDay, 1);
    const planned = await planMeetingAs(bjorn, code, { date: meetingDay, time: '10:00' });
    expect(planned.statusCode).toBe(200);
    const plan = await completePlanAs(anna, code);
    expect(plan.statusCode).toBe(200);
    const [shown] = await anna.say(`ärende ${code}`);
    expect(textOf(shown)).toContain(code);
    await untilSettled(tables);
    expect(new Set(answeredBy)).toEqual(new Set([0, 1]));

    // Every working-day morning until a week after the meeting, both processes dispatch at once.
    connector.reset();
    let sent = 0;
    let mornings = 0;
    for (let day = oracleAddWorkingDays(today, 1); day <= plusDays(meetingDay, 7); day = oracleAddWorkingDays(day, 1)) {
      sent += await dispatchOnBoth(DateTime.fromISO(`${day}T08:00:30`, { zone: ZONE }).toJSDate());
      mornings++;
    }
    await untilSettled(tables);

    const delivered = deliveredReminders(connector);
    const ids = delivered.map(idOf);
    // Reminders of both cases, to both coordinators, came.
    expect(mornings).toBeGreaterThan(20);
    expect(delivered.some((r) => r.code === code)).toBe(true);
    expect(delivered.some((r) => r.code === quiet)).toBe(true);
    expect(new Set(delivered.map((r) => r.conversationId))).toEqual(new Set([ANNA.conversationId, BJORN.conversationId]));
    // Exactly once: no reminder twice, and what the processes counted as sent is what arrived.
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(ids.length).toBe(new Set(ids).size);
    expect(sent).toBe(ids.length);
    // …and none left behind: nothing due by the last morning is still in the due index.
    const last = DateTime.fromISO(`${plusDays(meetingDay, 7)}T08:00:30`, { zone: ZONE }).toUTC().toISO()!;
    const left: unknown[] = [];
    for await (const e of tables.client(TABLES.reminders).listEntities({ queryOptions: { filter: `PartitionKey ne 'cursor' and deliverAt le '${last}'` } })) left.push(e);
    expect(left).toEqual([]);
  });
});

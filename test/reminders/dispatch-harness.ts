import type { TableClient, TableEntity } from '@azure/data-tables';
import type { AppConfig } from '../../src/config/config';
import type { ReminderSettings } from '../../src/domain/reminder-rules';
import { zonedToUtc } from '../../src/domain/zoned-time';
import { localeResolver } from '../../src/i18n/locale';
import type { ProactiveMessenger } from '../../src/proactive/proactive-messenger';
import { ReminderDispatcher } from '../../src/reminders/reminder-dispatcher';
import { ReminderStore } from '../../src/storage/reminder-store';
import { TABLES } from '../../src/storage/table-store';
import { expect } from 'vitest';
import { ANNA, BJORN, EVA, TENANT, actionIn, textOf, type Client, type Person } from '../support/case-flow';
import type { FakeConnector } from '../support/fake-connector';
import type { TestBot } from '../support/test-bot';

/*
 * Helpers shared by the dispatcher tests in this folder: building extra dispatchers over the same
 * store as a running test bot, counting the reminder cards the fake connector received, and a
 * "kill switch" that makes one dispatcher die at a chosen step of its work.
 */

/** The reminder settings the app builds from its configuration (as in src/app.ts). */
export function settingsOf(config: AppConfig): ReminderSettings {
  return { ...config.reminderDays, timeZone: config.timeZone, officeOpens: config.officeHours.opens, officeCloses: config.officeHours.closes };
}

/** A working day at a local (Stockholm) time, as a UTC instant in ms. */
export function localInstant(isoDate: string, time: string, timeZone = 'Europe/Stockholm'): number {
  return Date.parse(zonedToUtc(isoDate, time, timeZone)!);
}

const PEOPLE: readonly Person[] = [ANNA, BJORN, EVA];

/** The personal conversation of a coordinator, by AAD object id. */
export function personalConversationOf(aadObjectId: string): string {
  const person = PEOPLE.find((p) => p.aadObjectId === aadObjectId);
  if (person === undefined) throw new Error(`unknown test person ${aadObjectId}`);
  return person.conversationId;
}

/** One reminder as delivered: where, which case, which rule key and due day. */
export interface DeliveredReminder {
  readonly conversationId: string;
  readonly code: string;
  readonly key: string;
  readonly dueDate: string;
}

export const idOf = (r: DeliveredReminder): string => `${r.conversationId}|${r.code}|${r.key}|${r.dueDate}`;

/** The reminder a card is about, read from its "Påminn mig i morgon" button; undefined for other cards. */
export function reminderOfCard(card: unknown): Omit<DeliveredReminder, 'conversationId'> | undefined {
  let found: Omit<DeliveredReminder, 'conversationId'> | undefined;
  const walk = (node: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'Action.Execute' && o['verb'] === 'reminder.snooze') {
        const data = o['data'] as Record<string, unknown>;
        found = { code: String(data['code']), key: String(data['key']), dueDate: String(data['dueDate']) };
        return;
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Every reminder card the connector received (successful POSTs), in order. */
export function deliveredReminders(connector: FakeConnector): DeliveredReminder[] {
  const out: DeliveredReminder[] = [];
  for (const call of connector.calls) {
    if (call.method !== 'POST') continue;
    const attachments = (call.body['attachments'] as Array<{ content: unknown }> | undefined) ?? [];
    for (const a of attachments) {
      const r = reminderOfCard(a.content);
      if (r !== undefined) out.push({ conversationId: call.conversationId, ...r });
    }
  }
  return out;
}

/** How many times each reminder (conversation, case, rule key, due day) was delivered. */
export function deliveryCounts(connector: FakeConnector): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of deliveredReminders(connector)) counts.set(idOf(r), (counts.get(idOf(r)) ?? 0) + 1);
  return counts;
}

/**
 * The days of the multi-round dispatcher tests, counted by hand on the calendar: each round
 * creates cases on `day` (16:00) and their "book the first meeting" is due two working days
 * later, on `dueDay` at 08:00. Weekends, Christmas, New Year and trettondedag jul are crossed.
 */
export const ROUNDS_BY_HAND: ReadonlyArray<{ readonly day: string; readonly dueDay: string }> = [
  { day: '2026-11-23', dueDay: '2026-11-25' }, // Monday: Tue 24, Wed 25
  { day: '2026-11-25', dueDay: '2026-11-27' }, // Wednesday: Thu 26, Fri 27
  { day: '2026-11-27', dueDay: '2026-12-01' }, // Friday: the weekend, Mon 30, Tue 1 Dec
  { day: '2026-12-01', dueDay: '2026-12-03' },
  { day: '2026-12-03', dueDay: '2026-12-07' }, // Thursday: Fri 4, the weekend, Mon 7
  { day: '2026-12-07', dueDay: '2026-12-09' },
  { day: '2026-12-09', dueDay: '2026-12-11' },
  { day: '2026-12-11', dueDay: '2026-12-15' }, // Friday: Mon 14, Tue 15
  { day: '2026-12-15', dueDay: '2026-12-17' },
  { day: '2026-12-17', dueDay: '2026-12-21' }, // Thursday: Fri 18, Mon 21
  { day: '2026-12-21', dueDay: '2026-12-23' },
  { day: '2026-12-23', dueDay: '2026-12-29' }, // Wednesday: julafton, juldagen, annandag jul (Sat), Sun; Mon 28, Tue 29
  { day: '2026-12-29', dueDay: '2027-01-04' }, // Tuesday: Wed 30; nyårsafton, nyårsdagen, the weekend; Mon 4 Jan
  { day: '2027-01-04', dueDay: '2027-01-07' }, // Monday: Tue 5; trettondedag jul (Wed 6); Thu 7
  { day: '2027-01-07', dueDay: '2027-01-11' }, // Thursday: Fri 8, the weekend, Mon 11
  { day: '2027-01-11', dueDay: '2027-01-13' },
  { day: '2027-01-13', dueDay: '2027-01-15' },
  { day: '2027-01-15', dueDay: '2027-01-19' }, // Friday: Mon 18, Tue 19
  { day: '2027-01-19', dueDay: '2027-01-21' },
  { day: '2027-01-21', dueDay: '2027-01-25' }, // Thursday: Fri 22, Mon 25
];

/**
 * "No activity for 30 days" of a case created on a round's day and not touched since: 30
 * calendar days on, or the next working day after that, at 08:00. Counted by hand.
 */
const INACTIVE_DUE_BY_HAND: Readonly<Record<string, string>> = {
  '2026-11-23': '2026-12-23', // Wednesday
  '2026-11-25': '2026-12-28', // juldagen; annandag jul (Sat), Sun; Monday
  '2026-11-27': '2026-12-28', // Sunday 27 Dec; Monday
  '2026-12-01': '2027-01-04', // nyårsafton; nyårsdagen, the weekend; Monday
  '2026-12-03': '2027-01-04', // Saturday 2 Jan; Monday
  '2026-12-07': '2027-01-07', // trettondedag jul (Wed 6 Jan); Thursday
  '2026-12-09': '2027-01-08', // Friday
  '2026-12-11': '2027-01-11', // Sunday 10 Jan; Monday
  '2026-12-15': '2027-01-14', // Thursday
  '2026-12-17': '2027-01-18', // Saturday 16 Jan; Monday
  '2026-12-21': '2027-01-20', // Wednesday
  '2026-12-23': '2027-01-22', // Friday
  '2026-12-29': '2027-01-28', // Thursday
  '2027-01-04': '2027-02-03', // Wednesday
  '2027-01-07': '2027-02-08', // Saturday 6 Feb; Monday
  '2027-01-11': '2027-02-10', // Wednesday
  '2027-01-13': '2027-02-12', // Friday
  '2027-01-15': '2027-02-15', // Sunday 14 Feb; Monday
  '2027-01-19': '2027-02-18', // Thursday
  '2027-01-21': '2027-02-22', // Saturday 20 Feb; Monday
};

/**
 * "Hold the förmöte with the person" of a case created (with consent) on a round's day, with no
 * förmöte held and no meeting booked: 3 working days on, at 08:00. Counted by hand.
 */
const PRE_MEETING_DUE_BY_HAND: Readonly<Record<string, string>> = {
  '2026-11-23': '2026-11-26', // Tue 24, Wed 25, Thu 26
  '2026-11-25': '2026-11-30', // Thu 26, Fri 27, Mon 30
  '2026-11-27': '2026-12-02', // Mon 30, Tue 1, Wed 2
  '2026-12-01': '2026-12-04',
  '2026-12-03': '2026-12-08', // Fri 4, Mon 7, Tue 8
  '2026-12-07': '2026-12-10',
  '2026-12-09': '2026-12-14', // Thu 10, Fri 11, Mon 14
  '2026-12-11': '2026-12-16',
  '2026-12-15': '2026-12-18',
  '2026-12-17': '2026-12-22', // Fri 18, Mon 21, Tue 22
  '2026-12-21': '2026-12-28', // Tue 22, Wed 23; julafton, juldagen, the weekend; Mon 28
  '2026-12-23': '2026-12-30', // Mon 28, Tue 29, Wed 30
  '2026-12-29': '2027-01-05', // Wed 30; nyårsafton, nyårsdagen, the weekend; Mon 4, Tue 5
  '2027-01-04': '2027-01-08', // Tue 5; trettondedag jul (Wed 6); Thu 7, Fri 8
  '2027-01-07': '2027-01-12', // Fri 8, Mon 11, Tue 12
  '2027-01-11': '2027-01-14',
  '2027-01-13': '2027-01-18', // Thu 14, Fri 15, Mon 18
  '2027-01-15': '2027-01-20',
  '2027-01-19': '2027-01-22',
  '2027-01-21': '2027-01-26', // Fri 22, Mon 25, Tue 26
};

/** A case a round created, by a coordinator with the other as colleague, left alone since. */
export interface RoundCase {
  readonly code: string;
  /** The day it was created (a round's `day`). */
  readonly day: string;
  /** Its "book the first meeting" day (that round's `dueDay`). */
  readonly dueDay: string;
}

/**
 * What is due by the morning of `day` (after 08:00) for these cases, in each coordinator's 1:1
 * chat (`conversation|code|key|dueDate`), counted by hand: "plan the first meeting", "hold the
 * förmöte" and "no activity for 30 days". The oracle the delivered reminders are checked against; it shares nothing
 * with the rules in src/domain.
 */
export function dueByHand(cases: readonly RoundCase[], day: string): Set<string> {
  const ids = new Set<string>();
  for (const c of cases) {
    const inactive = INACTIVE_DUE_BY_HAND[c.day];
    if (inactive === undefined) throw new Error(`no hand-counted "no activity" day for a case created ${c.day}`);
    const preMeeting = PRE_MEETING_DUE_BY_HAND[c.day];
    if (preMeeting === undefined) throw new Error(`no hand-counted förmöte day for a case created ${c.day}`);
    for (const person of [ANNA, BJORN]) {
      if (c.dueDay <= day) ids.add(`${person.conversationId}|${c.code}|firstMeeting|${c.dueDay}`);
      if (preMeeting <= day) ids.add(`${person.conversationId}|${c.code}|preMeetingAfterConsent:${c.day}|${preMeeting}`);
      if (inactive <= day) ids.add(`${person.conversationId}|${c.code}|inactive:${c.day}|${inactive}`);
    }
  }
  return ids;
}

/** A dispatcher as another instance of the bot would run it: same tables, same case store, same connector. */
export function dispatcherFor(
  bot: TestBot,
  options: { instanceId: string; store?: ReminderStore; messenger?: ProactiveMessenger; leaseMs?: number },
): ReminderDispatcher {
  return new ReminderDispatcher({
    store: options.store ?? bot.app.reminders,
    cases: bot.app.cases,
    messenger: options.messenger ?? bot.app.messenger,
    settings: settingsOf(bot.config),
    localeFor: localeResolver(bot.config.forcedLocale),
    logger: bot.app.logger,
    instanceId: options.instanceId,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  });
}

// ---------------------------------------------------------------------------------------------
// The kill switch
// ---------------------------------------------------------------------------------------------

/** What the process was doing when it died. */
export class Killed extends Error {
  constructor(where: string) {
    super(`process killed ${where}`);
    this.name = 'Killed';
  }
}

/**
 * The steps of sending one reminder, in the order the dispatcher takes them: claim the due row
 * (ETag-conditioned update), send the card, record it in the schedule, remove the due row.
 */
export type StepKind = 'claim' | 'send' | 'record' | 'release';

export interface Step {
  readonly index: number;
  readonly kind: StepKind;
  /** The reminder: `conversation|code|key|dueDate`, as {@link idOf} gives for a delivered one. */
  readonly reminder: string;
}

/** Before the step runs (it never happens), or after it (it happened, then the process died). */
export type KillWhen = 'before' | 'after';

/**
 * Decides, step by step, when the process dies. Once dead, every storage call and send of that
 * dispatcher throws {@link Killed}, so nothing it starts afterwards reaches the store or Teams:
 * the same as the process being gone. A request already on its way when it dies (the dispatcher
 * may work on several reminders at once) still lands, as it would for a real process. The next
 * instance is a fresh dispatcher with another id.
 */
export class KillSwitch {
  dead = false;
  killedAt: (Step & { when: KillWhen }) | undefined;
  readonly steps: Step[] = [];
  /** Reminders whose due row this dispatcher claimed, and those it removed again. */
  readonly claimed = new Set<string>();
  readonly released = new Set<string>();
  /** Reminders whose send went through this dispatcher's messenger to Teams. */
  readonly sent = new Set<string>();
  /** Claimed reminder by the claimed row's new ETag (finish removes the due row with it). */
  private readonly byEtag = new Map<string, string>();

  constructor(private readonly plan: (step: Step) => KillWhen | undefined) {}

  /** Dies at the n-th counted step (0-based). */
  static atStep(n: number, when: KillWhen): KillSwitch {
    return new KillSwitch((s) => (s.index === n ? when : undefined));
  }

  /** Claimed and never removed: the rows this instance held when it died. */
  get held(): Set<string> {
    return new Set([...this.claimed].filter((id) => !this.released.has(id)));
  }

  async step<T>(kind: StepKind, reminder: string, run: () => Promise<T>): Promise<T> {
    this.assertAlive();
    const step: Step = { index: this.steps.length, kind, reminder };
    this.steps.push(step);
    const when = this.plan(step);
    if (when === 'before') this.die(step, when);
    const result = await run();
    // Recorded even when the process died while the request was under way: it reached the store.
    if (kind === 'claim') this.claimed.add(reminder);
    if (kind === 'release') this.released.add(reminder);
    if (kind === 'send') this.sent.add(reminder);
    if (when === 'after') this.die(step, when);
    return result;
  }

  /** A call that is not a counted step still fails once the process is dead. */
  assertAlive(): void {
    if (this.dead) throw new Killed('(already dead)');
  }

  rememberEtag(etag: string | undefined, reminder: string): void {
    if (etag !== undefined) this.byEtag.set(etag, reminder);
  }

  reminderOfEtag(etag: string | undefined): string {
    return (etag === undefined ? undefined : this.byEtag.get(etag)) ?? '?';
  }

  private die(step: Step, when: KillWhen): never {
    if (!this.dead) {
      this.dead = true;
      this.killedAt = { ...step, when };
    }
    throw new Killed(`${when} ${step.kind} of ${step.reminder}`);
  }
}

type ReminderRow = TableEntity<{ code?: string; key: string; dueDate: string; recipient: string }>;

/** `conversation|code|key|dueDate` of a due row, or of a schedule row (whose partition ends in the code). */
function reminderIdOfRow(row: ReminderRow): string {
  const code = row.code ?? row.partitionKey.slice(row.partitionKey.lastIndexOf('_') + 1);
  return `${personalConversationOf(row.recipient)}|${code}|${row.key}|${row.dueDate}`;
}

/** Iterates the real listing, failing if the process died. */
async function* guardedList<T>(sw: KillSwitch, list: () => AsyncIterable<T>): AsyncIterable<T> {
  sw.assertAlive();
  for await (const e of list()) {
    sw.assertAlive();
    yield e;
  }
}

type AnyCall = (...args: unknown[]) => Promise<unknown>;

/**
 * The parts of a TableClient the ReminderStore uses, passed through to the real table, with the
 * dispatcher's writes for a reminder counted as steps of the kill switch.
 */
function killableTable(inner: TableClient, sw: KillSwitch, table: 'due' | 'schedule'): TableClient {
  const call = (name: 'updateEntity' | 'upsertEntity' | 'deleteEntity' | 'createEntity' | 'getEntity', args: unknown[]) => (inner[name] as AnyCall).apply(inner, args);
  const alive = async (name: 'upsertEntity' | 'deleteEntity' | 'createEntity' | 'getEntity', args: unknown[]) => {
    sw.assertAlive();
    return call(name, args);
  };
  const wrapper = {
    listEntities: (...args: Parameters<TableClient['listEntities']>) => guardedList(sw, () => inner.listEntities(...args)),
    getEntity: (...args: unknown[]) => alive('getEntity', args),
    createEntity: (...args: unknown[]) => alive('createEntity', args),
    updateEntity: async (...args: unknown[]) => {
      if (table !== 'due') throw new Error('unexpected update of the schedule table');
      const id = reminderIdOfRow(args[0] as ReminderRow);
      return sw.step('claim', id, async () => {
        const res = (await call('updateEntity', args)) as { etag?: string };
        sw.rememberEtag(res.etag, id);
        return res;
      });
    },
    upsertEntity: (...args: unknown[]) => {
      const row = args[0] as ReminderRow;
      // The schedule row saying "sent" is the record; the due table's upserts are the cursor.
      if (table === 'schedule') return sw.step('record', reminderIdOfRow(row), () => call('upsertEntity', args));
      return alive('upsertEntity', args);
    },
    deleteEntity: (...args: unknown[]) => {
      if (table !== 'due') return alive('deleteEntity', args);
      return sw.step('release', sw.reminderOfEtag((args[2] as { etag?: string } | undefined)?.etag), () => call('deleteEntity', args));
    },
  };
  return wrapper as unknown as TableClient;
}

/** The messenger's one method the dispatcher uses, with each send a step of the kill switch. */
function killableMessenger(inner: ProactiveMessenger, sw: KillSwitch): ProactiveMessenger {
  const wrapper: Pick<ProactiveMessenger, 'sendCard'> = {
    sendCard: (tenantId, owner, card) => {
      const built = typeof card === 'function' ? card('sv-SE') : card;
      const r = reminderOfCard(built);
      const where = owner.kind === 'user' ? personalConversationOf(owner.aadObjectId) : owner.conversationId;
      return sw.step('send', r === undefined ? `${where}|?` : `${where}|${r.code}|${r.key}|${r.dueDate}`, () => inner.sendCard(tenantId, owner, card));
    },
  };
  return wrapper as ProactiveMessenger;
}

/**
 * A dispatcher that dies as the kill switch says: a real ReminderStore over the bot's tables and
 * the bot's real messenger, each wrapped so the switch sees (and can stop) every step.
 */
export function killableDispatcher(bot: TestBot, sw: KillSwitch, instanceId: string, leaseMs?: number): ReminderDispatcher {
  const store = new ReminderStore(killableTable(bot.app.store.client(TABLES.reminders), sw, 'due'), killableTable(bot.app.store.client(TABLES.reminderSchedule), sw, 'schedule'));
  return dispatcherFor(bot, { instanceId, store, messenger: killableMessenger(bot.app.messenger, sw), ...(leaseMs === undefined ? {} : { leaseMs }) });
}

/** A small seeded pseudo-random generator (mulberry32), so a failing round can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The input with this id anywhere in a card. */
export function inputIn(card: unknown, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (o['id'] === id && typeof o['type'] === 'string' && o['type'].startsWith('Input.')) found = o;
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/**
 * Opens "påminnelser" in the coordinator's 1:1 chat and saves this delivery for the case with the
 * card's own button: the inputs as the card holds them, with the delivery choice changed.
 */
export async function chooseDelivery(who: Client, code: string, delivery: 'personal' | 'groupChat'): Promise<Record<string, unknown>> {
  const [list] = await who.say('påminnelser');
  const choice = inputIn(list, `delivery_${code}`);
  expect(choice?.['type']).toBe('Input.ChoiceSet');
  expect((choice?.['choices'] as Array<{ value: string }>).map((c) => c.value)).toEqual(['personal', 'groupChat']);
  const muted = inputIn(list, `muted_${code}`);
  const save = actionIn(list, 'reminders.preferences', { code });
  const res = await who.press(save.verb, { ...save.data, [`muted_${code}`]: String(muted?.['value'] ?? 'false'), [`delivery_${code}`]: delivery });
  expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(textOf(res.value)).toContain(`Inställningarna för ${code} är sparade`);
  return res.value;
}

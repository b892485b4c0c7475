import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { DispatchResult } from '../../src/reminders/reminder-dispatcher';
import { FakeConnector } from './fake-connector';
import { fixture, type Activity } from './fixtures';
import { startTestBot, type TestBot } from './test-bot';

export const TENANT = '4f0c7a8e-3b2d-4e6f-9a1c-5d8e7f6a2b3c';

/** A coordinator in the tests: their own 1:1 chat with the bot. */
export interface Person {
  readonly aadObjectId: string;
  readonly userId: string;
  readonly name: string;
  readonly conversationId: string;
  /** Another tenant than the fixtures' TENANT, and the bot's id there (its registration's "28:<app id>"). */
  readonly tenant?: { readonly id: string; readonly botId: string } | undefined;
}

export const ANNA: Person = { aadObjectId: '6c1f7d3e-9a4b-4c2e-8f11-2b7e5d9a0c41', userId: '29:anna', name: 'Anna Lind', conversationId: 'a:anna-personal' };
export const BJORN: Person = { aadObjectId: 'd2e9a1b7-3c4f-4a6e-b8d0-9f1e2a3b4c5d', userId: '29:bjorn', name: 'Björn Berg', conversationId: 'a:bjorn-personal' };
export const EVA: Person = { aadObjectId: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b', userId: '29:eva', name: 'Eva Utomstående', conversationId: 'a:eva-personal' };

type Card = Record<string, unknown>;

/** Drives the bot over HTTP as a Teams client would, for one person. */
export class Client {
  constructor(
    private readonly bot: TestBot,
    private readonly connector: FakeConnector,
    readonly person: Person,
    private readonly conversation: { id: string; type: 'personal' | 'groupChat' } = { id: person.conversationId, type: 'personal' },
  ) {}

  private patch(): Record<string, unknown> {
    const tenant = this.person.tenant;
    return {
      from: { id: this.person.userId, name: this.person.name, aadObjectId: this.person.aadObjectId },
      conversation: { id: this.conversation.id, conversationType: this.conversation.type, isGroup: this.conversation.type === 'groupChat', ...(tenant === undefined ? {} : { tenantId: tenant.id }) },
      ...(tenant === undefined ? {} : { channelData: { tenant: { id: tenant.id } }, recipient: { id: tenant.botId, name: 'Samordningsboten' } }),
    };
  }

  /** In a group chat with another conversation id. */
  inGroupChat(chatId: string): Client {
    return new Client(this.bot, this.connector, this.person, { id: chatId, type: 'groupChat' });
  }

  async install(): Promise<void> {
    const tenant = this.person.tenant;
    // The bot added is the one of the person's tenant: its registration's id.
    await this.bot.post(fixture('teams-personal-install', this.connector.url, { ...this.patch(), ...(tenant === undefined ? {} : { membersAdded: [{ id: tenant.botId }] }) }));
  }

  /** Sends a message and returns the cards the bot answered with. */
  async say(text: string): Promise<Card[]> {
    const before = this.connector.activitiesIn(this.conversation.id).length;
    const activity: Activity = fixture('teams-personal-message', this.connector.url, { ...this.patch(), text });
    const res = await this.bot.post(activity);
    expect(res.status).toBe(200);
    // Only the replies to this message: another process may deliver a notice to the same chat meanwhile.
    return this.connector
      .activitiesIn(this.conversation.id)
      .slice(before)
      .filter((a) => a['replyToId'] === activity['id'])
      .flatMap((a) => ((a['attachments'] as Array<{ content: Card }> | undefined) ?? []).map((x) => x.content));
  }

  /** Presses an Action.Execute button: verb and data as the card carries them, plus typed inputs. */
  async press(verb: string, data: Record<string, unknown>, trigger: 'manual' | 'automatic' = 'manual'): Promise<InvokeBody> {
    const activity = fixture('teams-card-action', this.connector.url, { ...this.patch(), value: { action: { type: 'Action.Execute', verb, data }, trigger } });
    const res = await this.bot.post(activity);
    expect(res.status).toBe(200);
    return res.body as InvokeBody;
  }
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: Card & { code?: string; message?: string };
}

/** Everything visible in a card as one string, for "does it say …" assertions. */
export const textOf = (card: unknown): string => JSON.stringify(card);

/** Finds the first action with this verb anywhere in a card (including ShowCard sub-cards). */
export function actionIn(card: unknown, verb: string, match: Record<string, unknown> = {}): { verb: string; data: Record<string, unknown>; title: string } {
  const found: Array<{ verb: string; data: Record<string, unknown>; title: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'Action.Execute' && o['verb'] === verb) {
        const data = (o['data'] ?? {}) as Record<string, unknown>;
        if (Object.entries(match).every(([k, v]) => data[k] === v)) found.push({ verb, data, title: String(o['title'] ?? '') });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (found[0] === undefined) throw new Error(`no ${verb} action matching ${JSON.stringify(match)} in card`);
  return found[0];
}

/**
 * The form values a coordinator fills in for a typical case, with Björn as the colleague. The
 * values are in test/fixtures/case-form-values.json, which the benchmarks read too.
 */
export function caseForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...CASE_FORM_VALUES, colleague: BJORN.aadObjectId, ...overrides };
}

const CASE_FORM_VALUES = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'case-form-values.json'), 'utf8')) as Record<string, string>;

/** A coordinator opens "nytt ärende" and creates a case; returns the code the bot gave it. */
export async function createCaseAs(client: Client, overrides: Record<string, string> = {}): Promise<string> {
  await client.say('nytt ärende vss');
  const res = await client.press('case.create', caseForm(overrides));
  const code = String(actionIn(res.value, 'case.refresh').data['code']);
  expect(textOf(res.value)).toContain(`Ärende ${code}`);
  return code;
}

/**
 * Writes a plan with every part the law asks for (own goals, what the person does, the overall
 * responsible, a follow-up on 1 March 2027, no other parties, an effort by each principal) and
 * returns the plan card that offers to mark it upprättad.
 */
export async function completePlanAs(client: Client, code: string): Promise<InvokeBody> {
  const [plan] = await client.say(`plan ${code}`);
  const saved = await client.press('plan.save', {
    ...actionIn(plan, 'plan.save').data,
    ownGoals: 'Jag vill bo kvar i min lägenhet',
    personDoesThemselves: 'Tar min medicin',
    overallResponsible: 'kommun',
    followUpDate: '2027-03-01',
    noOtherParties: 'true',
  });
  const one = await client.press('plan.effort.add', { ...actionIn(saved.value, 'plan.effort.add').data, effortWhat: 'Boendestöd', effortHowOften: 'Två gånger i veckan', effortFrom: '2027-01-11', effortResponsible: 'kommun' });
  return client.press('plan.effort.add', { ...actionIn(one.value, 'plan.effort.add').data, effortWhat: 'Samtal på mottagningen', effortResponsible: 'region' });
}

/**
 * Plans a SIP meeting from the SIP card's planning form, as a coordinator fills it in: an hour on
 * Teams with the person and both principals, unless `fields` says otherwise (a follow-up names the
 * meeting it follows up in `followUpOf`). Returns the card the form answered with.
 */
export async function planMeetingAs(client: Client, code: string, fields: Record<string, string> & { date: string; time: string }): Promise<InvokeBody> {
  const { followUpOf, ...typed } = fields;
  const [sip] = await client.say(`sip ${code}`);
  const form = await client.press('sip.plan.open', actionIn(sip, 'sip.plan.open', followUpOf === undefined ? {} : { followUpOf }).data);
  return client.press('sip.plan', { ...actionIn(form.value, 'sip.plan').data, duration: '60', form: 'teams', purpose: 'Samordna insatser', invited: 'personen,region,kommun', ...typed });
}

/**
 * Plans a SIP meeting with the person and both principals from the SIP card, lets `pastIt` move the
 * clock past its start, and marks it held with everyone there: the plan is upprättad at a held SIP
 * meeting. Returns the meeting's id.
 */
export async function holdMeetingAs(client: Client, code: string, when: { date: string; time: string }, pastIt: () => void): Promise<string> {
  await planMeetingAs(client, code, when);
  pastIt();
  const [planned] = await client.say(`sip ${code}`);
  const held = actionIn(planned, 'sip.held');
  const id = String(held.data['meetingId']);
  const marked = await client.press('sip.held', { ...held.data, [`personTookPart_${id}`]: 'yes', [`attended_${id}_region`]: 'true', [`attended_${id}_kommun`]: 'true' });
  expect(textOf(marked.value)).toContain('Deltog: Personen, Regionen, Kommunen');
  return id;
}

/** A running bot with the fake connector and Anna and Björn, both with the bot installed. */
export interface Flow {
  readonly connector: FakeConnector;
  readonly bot: TestBot;
  readonly anna: Client;
  readonly bjorn: Client;
  /** One run of POST /api/reminders/dispatch with the simulated clock at `now`; returns its counts. */
  dispatch(now: string | number): Promise<DispatchResult>;
  stop(): Promise<void>;
}

/**
 * Starts a bot on `clock` (with `env` added to its configuration) and installs it for Anna and
 * Björn. With a `connector` the flow uses that one and leaves it running when it stops;
 * otherwise it starts its own.
 */
export async function startFlow(clock: () => Date, options: { env?: Record<string, string>; connector?: FakeConnector } = {}): Promise<Flow> {
  const connector = options.connector ?? (await new FakeConnector().start());
  const bot = await startTestBot(options.env ?? {}, clock);
  const anna = new Client(bot, connector, ANNA);
  const bjorn = new Client(bot, connector, BJORN);
  await anna.install();
  await bjorn.install();
  return {
    connector,
    bot,
    anna,
    bjorn,
    dispatch: async (now) => {
      const at = typeof now === 'number' ? new Date(now).toISOString() : now;
      const res = await fetch(`${bot.baseUrl}/api/reminders/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: at }) });
      expect(res.status).toBe(200);
      const result = (await res.json()) as DispatchResult;
      // A dispatch that changed a case leaves its follow-ups running after the answer, as a turn does.
      await bot.app.settled();
      return result;
    },
    stop: async () => {
      await bot.close();
      if (options.connector === undefined) await connector.stop();
    },
  };
}

/** The flow as the tests see it: whichever one is running when they read it. */
function currentOf(flow: () => Flow | undefined): Omit<Flow, 'stop'> {
  const running = (): Flow => {
    const f = flow();
    if (f === undefined) throw new Error('no flow is running: read it inside a test or hook, not when the file loads');
    return f;
  };
  return {
    get connector() {
      return running().connector;
    },
    get bot() {
      return running().bot;
    },
    get anna() {
      return running().anna;
    },
    get bjorn() {
      return running().bjorn;
    },
    dispatch: (now) => running().dispatch(now),
  };
}

/** One flow for all the tests of the file (or of the describe block it is called in). */
export function flowForAll(clock: () => Date, env: Record<string, string> = {}): Omit<Flow, 'stop'> {
  let flow: Flow | undefined;
  beforeAll(async () => {
    flow = await startFlow(clock, { env });
  });
  afterAll(async () => {
    await flow?.stop();
    flow = undefined;
  });
  return currentOf(() => flow);
}

/**
 * A fresh bot (and store) for each test, over one fake connector for the file, cleared before
 * each test: for a simulated clock that only moves forward within one bot. Hooks registered
 * before this one run first, so a `beforeEach` above it can set the clock the bot starts on.
 */
export function flowForEach(clock: () => Date): Omit<Flow, 'stop'> & { restart(env: Record<string, string>): Promise<void> } {
  let connector: FakeConnector | undefined;
  let flow: Flow | undefined;
  beforeAll(async () => {
    connector = await new FakeConnector().start();
  });
  afterAll(() => connector?.stop());
  beforeEach(async () => {
    connector!.reset();
    flow = await startFlow(clock, { connector: connector! });
  });
  afterEach(async () => {
    await flow?.stop();
    flow = undefined;
  });
  return Object.assign(currentOf(() => flow), {
    /** Replaces this test's bot with one on another configuration, installed for Anna and Björn again. */
    async restart(env: Record<string, string>): Promise<void> {
      await flow?.stop();
      flow = undefined;
      flow = await startFlow(clock, { env, connector: connector! });
    },
  });
}

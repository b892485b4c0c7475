import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ROUTES } from '../../src/bot/routes';
import { PHASES, type CaseState } from '../../src/domain/case-model';
import { normaliseCaseCode } from '../../src/domain/case-rules';
import { containsPersonnummer } from '../../src/domain/personnummer';
import { USER_ERRORS, type UserErrorCode } from '../../src/i18n/errors';
import { ANNA, BJORN, Client, EVA, TENANT, caseForm, type InvokeBody, type Person } from '../support/case-flow';
import { FakeConnector } from '../support/fake-connector';
import { fixture } from '../support/fixtures';
import {
  HOSTILE_KEYS,
  HUGE,
  MUST_NOT_BE_LOGGED,
  PERSONNUMMER,
  holdsPersonnummer,
  hostileObject,
  hostileString,
  hostileValue,
  overEveryBound,
  protoPolluter,
} from '../support/hostile-data';
import { startTestBot, type TestBot } from '../support/test-bot';

/**
 * Property tests for the Action.Execute edge: whatever a forged or broken card sends, every verb
 * answers with a catalogued invoke response, refuses without writing, and logs nothing of it.
 * Verbs come from ACTION_ROUTES, so a new verb is covered the day it is added.
 */

const VERBS = [...ACTION_ROUTES.keys()];
const OTHER_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER_TENANT_CODE = 'OTHER-2026-0001';
const EVAS_CODE = 'EVA-2026-0001';
const MISSING_CODE = 'VSS-1999-0001';
const BYSTANDER_CODE = 'STILL-2026-0001';

const INVOKE_TYPES = ['application/vnd.microsoft.card.adaptive', 'application/vnd.microsoft.activity.message', 'application/vnd.microsoft.error'];

/**
 * How a verb may touch the case it names. A verb not listed here ('unknown') gets the generic
 * rule: nothing changes but at most one "…viewed" audit entry, or exactly one version and one
 * audit entry; it is aimed at a case of its own, with `{ code }` as its valid payload.
 */
type VerbKind = 'static' | 'view' | 'auditedView' | 'change' | 'create' | 'unknown';
const VERB_KIND: Record<string, VerbKind> = {
  'help.show': 'static',
  'case.new': 'static',
  'case.list': 'static',
  'case.refresh': 'view',
  'baseline.refresh': 'view',
  'case.open': 'auditedView',
  'baseline.open': 'auditedView',
  'case.history': 'auditedView',
  'sip.open': 'auditedView',
  'plan.open': 'auditedView',
  'crisis.open': 'auditedView',
  // An export is a view that leaves a message in the chat; it is audited like opening.
  'plan.export': 'auditedView',
  'crisis.export': 'auditedView',
  'sip.refresh': 'view',
  'sip.plan.open': 'view',
  'case.phase': 'change',
  'case.close': 'change',
  'baseline.set': 'change',
  'baseline.need': 'change',
  'case.create': 'create',
};
const kindOf = (verb: string): VerbKind => VERB_KIND[verb] ?? 'unknown';
const mayChange = (verb: string): boolean => kindOf(verb) === 'change' || kindOf(verb) === 'unknown';

const AUDIT_OF: Record<string, string> = {
  'case.open': 'case.viewed',
  'baseline.open': 'baseline.viewed',
  'case.history': 'history.viewed',
  'sip.open': 'sip.viewed',
  'plan.open': 'plan.viewed',
  'crisis.open': 'crisis.viewed',
  'plan.export': 'plan.exported',
  'crisis.export': 'crisis.exported',
  'case.phase': 'case.phaseChanged',
  'case.close': 'case.closed',
  'baseline.set': 'baseline.itemSet',
  'baseline.need': 'baseline.needAnswered',
};

/** A clock that moves a second per reading, so audit entries have an order. */
let tick = Date.parse('2026-11-23T09:00:00.000Z');
const clock = () => new Date((tick += 1000));

let connector: FakeConnector;
let bot: TestBot;
let anna: Client;
let eva: Client;
let codeCounter = 0;

/** A fresh code no other case uses. */
const freshCode = (prefix = 'PROP') => `${prefix}-2026-${String(++codeCounter).padStart(4, '0')}`;

type Json = Record<string, unknown>;

/**
 * Posts an adaptiveCard/action invoke whose value is exactly `value` (not merged with the
 * fixture's), as `person`, optionally from another tenant or with another locale.
 */
async function invoke(value: unknown, opts: { person?: Person; tenant?: string; locale?: string; target?: TestBot } = {}): Promise<{ status: number; body: unknown }> {
  const person = opts.person ?? ANNA;
  const activity: Json = fixture('teams-card-action', connector.url, {
    from: { id: person.userId, name: person.name, aadObjectId: person.aadObjectId },
    conversation: { id: person.conversationId, conversationType: 'personal', isGroup: false, ...(opts.tenant === undefined ? {} : { tenantId: opts.tenant }) },
    ...(opts.tenant === undefined ? {} : { channelData: { tenant: { id: opts.tenant } } }),
    ...(opts.locale === undefined ? {} : { locale: opts.locale }),
  });
  activity['value'] = value;
  return (opts.target ?? bot).post(activity);
}

const action = (verb: unknown, data?: unknown, extra: Json = {}): Json => ({ action: { type: 'Action.Execute', verb, ...(data === undefined ? {} : { data }) }, trigger: 'manual', ...extra });

/**
 * Invariant 1: HTTP 200 and an invoke response; an error is one from the catalogue, in the
 * activity's language, and never the internal error (which means a handler threw).
 */
function expectHandled(res: { status: number; body: unknown }, locale: 'sv' | 'en' = 'sv'): InvokeBody {
  expect(res.status, 'HTTP status').toBe(200);
  const body = res.body as InvokeBody;
  expect(typeof body === 'object' && body !== null, 'invoke response body').toBe(true);
  expect(INVOKE_TYPES).toContain(body.type);
  expect(typeof body.statusCode).toBe('number');
  expect(body.statusCode).not.toBe(500);
  if (body.type === 'application/vnd.microsoft.error') {
    const code = body.value.code as UserErrorCode;
    expect(Object.keys(USER_ERRORS)).toContain(code);
    expect(code, 'a handler threw: the internal error reached the user').not.toBe('internal');
    expect(typeof body.value.message).toBe('string');
    expect((body.value.message ?? '').length).toBeGreaterThan(0);
    expect(Object.values(USER_ERRORS).map((e) => e[locale])).toContain(body.value.message);
    expect(body.value.message).toBe(USER_ERRORS[code][locale]);
    expect(body.statusCode).toBe(USER_ERRORS[code].status);
  } else if (body.type === 'application/vnd.microsoft.card.adaptive') {
    expect(body.statusCode).toBe(200);
    expect(body.value['type']).toBe('AdaptiveCard');
  } else {
    expect(body.statusCode).toBe(200);
    const text: unknown = body.value;
    expect(typeof text === 'string' && text.length > 0).toBe(true);
  }
  return body;
}

const errorCodeOf = (body: InvokeBody): string | undefined => (body.type === 'application/vnd.microsoft.error' ? String(body.value.code) : undefined);

/** Invariant 3: the lines logged since `mark` hold no unhandled error and none of what we sent. */
function expectCleanLogs(mark: number, sent: readonly unknown[] = []): void {
  const lines = bot.logs.lines.slice(mark);
  for (const line of lines) {
    expect(line).not.toMatch(/unhandled/i);
    expect(line).not.toContain('action handler failed');
    expect(line).not.toContain('processing an activity failed');
    for (const secret of MUST_NOT_BE_LOGGED) expect(line).not.toContain(secret);
    for (const s of sent) if (typeof s === 'string' && s.trim().length >= 12) expect(line).not.toContain(s);
  }
}

/** The strings inside a value, to look for them in the logs. */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof value === 'string') out.push(value.slice(0, 200));
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out, depth + 1));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) (out.push(k), stringsIn(v, out, depth + 1));
  return out;
}

function expectPrototypeClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_OBJECT_PROTO.has(k))).toEqual([]);
  expect(({} as Json)['polluted']).toBeUndefined();
  expect(({} as Json)['isAdmin']).toBeUndefined();
}
const BUILTIN_OBJECT_PROTO = new Set(Object.getOwnPropertyNames(Object.prototype));

interface Snapshot {
  readonly state: CaseState | undefined;
  readonly etag: string | undefined;
  readonly history: string[];
}

async function snapshot(code: string, tenant = TENANT): Promise<Snapshot> {
  const stored = await bot.app.cases.get(tenant, code);
  const history = (await bot.app.cases.history(tenant, code, 1000)).map((e) => JSON.stringify(e)).sort();
  return { state: stored?.state, etag: stored?.etag, history };
}

function expectUnchanged(before: Snapshot, after: Snapshot, what: string): void {
  expect(after.state, `${what}: state`).toEqual(before.state);
  expect(after.etag, `${what}: etag`).toBe(before.etag);
  expect(after.history, `${what}: audit trail`).toEqual(before.history);
}

/** The audit entries added between two snapshots, or a failure if any was removed. */
function addedAudit(before: Snapshot, after: Snapshot): Array<{ action: string }> {
  const remaining = [...after.history];
  for (const e of before.history) {
    const i = remaining.indexOf(e);
    expect(i, 'an audit entry disappeared').toBeGreaterThanOrEqual(0);
    remaining.splice(i, 1);
  }
  return remaining.map((e) => JSON.parse(e) as { action: string });
}

/**
 * Invariant 2 for one request against the case it aimed at: nothing changes, or, for a verb that
 * changes cases, the version went up by exactly one and the change is exactly the one requested.
 */
function expectOnlyTheRequestedEffect(verb: string, data: unknown, body: InvokeBody, before: Snapshot, after: Snapshot, mustNotChange: boolean): void {
  const kind = kindOf(verb);
  const changed = after.etag !== before.etag || JSON.stringify(after.state) !== JSON.stringify(before.state);
  if (!mayChange(verb) || mustNotChange || !changed) {
    expect(after.state, 'case state').toEqual(before.state);
    expect(after.etag, 'case etag').toBe(before.etag);
    const audit = addedAudit(before, after);
    if ((kind === 'auditedView' || kind === 'unknown') && body.type === 'application/vnd.microsoft.card.adaptive') {
      // Opening is audited: at most the one view entry.
      expect(audit.length).toBeLessThanOrEqual(1);
      for (const e of audit) expect(e.action).toMatch(kind === 'unknown' ? /\.viewed$/ : new RegExp(`^${AUDIT_OF[verb]}$`));
    } else {
      expect(audit, 'audit entries written by a request that changed nothing').toEqual([]);
    }
    return;
  }

  // A legitimate change: exactly one version, one audit entry, and only the fields it names.
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  const b = structuredClone(before.state!) as unknown as Json & { baseline: { need?: string; items: Record<string, Json> } };
  const a = structuredClone(after.state!) as unknown as Json & { baseline: { need?: string; items: Record<string, Json> } };
  expect(a['version']).toBe((b['version'] as number) + 1);
  const audit = addedAudit(before, after);
  expect(audit).toHaveLength(1);
  if (AUDIT_OF[verb] !== undefined) expect(audit[0]!.action).toBe(AUDIT_OF[verb]);
  for (const s of [a, b]) {
    delete s['version'];
    delete s['updatedAt'];
  }
  const d = data as Json;
  switch (verb) {
    case 'baseline.set': {
      const item = d['item'] as string;
      const reason = d[`reason_${item}`];
      expect(a.baseline.items[item]).toMatchObject({ status: d['status'], rev: (b.baseline.items[item]!['rev'] as number) + 1, by: { aadObjectId: ANNA.aadObjectId } });
      expect(a.baseline.items[item]!['reason']).toEqual(d['status'] === 'notApplicable' && typeof reason === 'string' ? reason.trim() : undefined);
      delete a.baseline.items[item];
      delete b.baseline.items[item];
      break;
    }
    case 'baseline.need':
      expect(a.baseline.need).toBe(d['need']);
      expect(a.baseline.items['B1']!['rev']).toBe((b.baseline.items['B1']!['rev'] as number) + 1);
      delete a.baseline.need;
      delete b.baseline.need;
      delete a.baseline.items['B1'];
      delete b.baseline.items['B1'];
      break;
    case 'case.phase':
      expect(b['phase']).toBe(d['from']);
      expect(a['phase']).toBe(d['to']);
      delete a['phase'];
      delete b['phase'];
      break;
    case 'case.close':
      expect(a['phase']).toBe('avslutat');
      expect((a['closure'] as Json)['reason']).toBe(String(d['closeReason']).trim());
      for (const s of [a, b]) {
        delete s['phase'];
        delete s['closure'];
      }
      break;
    default:
      // A verb this file does not know yet: the version and audit rules above still hold.
      expect(holdsPersonnummer(JSON.stringify(after.state).normalize('NFKC')), 'a personnummer was stored').toBe(false);
      return;
  }
  expect(a, 'fields the action does not name changed').toEqual(b);
  expect(holdsPersonnummer(JSON.stringify(after.state).normalize('NFKC')), 'a personnummer was stored').toBe(false);
}

// ---------------------------------------------------------------------------------------------
// Cases the properties aim at, and bystanders that nothing may touch.

/** Creates a case as Anna (with Björn), optionally answering B1 yes; returns its code. */
async function createCase(opts: { code?: string; as?: Client; tenant?: string; needYes?: boolean } = {}): Promise<string> {
  const code = opts.code ?? freshCode();
  const res = opts.tenant === undefined ? await (opts.as ?? anna).press('case.create', { code, ...caseForm() }) : (await invoke(action('case.create', { code, ...caseForm() }), { tenant: opts.tenant })).body as InvokeBody;
  expect(JSON.stringify(res.value)).toContain(`Ärende ${code}`);
  if (opts.needYes === true) {
    const need = await (opts.as ?? anna).press('baseline.need', { code, need: 'yes', rev: 0 });
    expect(need.type).toBe('application/vnd.microsoft.card.adaptive');
  }
  return code;
}

/**
 * Cases nothing in this file may change. OTHER-2026-0001 exists in both tenants: Anna's in the
 * other tenant, Eva's in this one, so a lookup that ignored the tenant would show.
 */
const bystanders: Array<{ tenant: string; code: string; before?: Snapshot }> = [
  { tenant: OTHER_TENANT, code: OTHER_TENANT_CODE },
  { tenant: TENANT, code: OTHER_TENANT_CODE },
  { tenant: TENANT, code: EVAS_CODE },
  { tenant: TENANT, code: BYSTANDER_CODE },
];

async function expectBystandersUntouched(): Promise<void> {
  for (const b of bystanders) expectUnchanged(b.before!, await snapshot(b.code, b.tenant), `bystander ${b.code}`);
}

/** The case each verb's properties work on: views share one, each changing verb has its own. */
const targets = new Map<string, string>();
let viewCase = '';

/** A case on which the verb's valid payload can still do something; replaced when used up. */
async function targetFor(verb: string): Promise<string> {
  if (!mayChange(verb)) return viewCase;
  let code = targets.get(verb);
  const state = code === undefined ? undefined : (await bot.app.cases.get(TENANT, code))?.state;
  const usedUp = state === undefined || state.closure !== undefined || (verb === 'case.phase' && state.phase === 'uppfoljning') || (verb === 'baseline.set' && state.baseline.need !== 'yes');
  if (usedUp) {
    code = await createCase({ needYes: verb === 'baseline.set' });
    targets.set(verb, code);
  }
  return code!;
}

/** A payload the verb accepts for this case, as the bot's own card would send it. */
type Item = 'B2' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7' | 'B8';
function validPayload(verb: string, s: CaseState, item: Item = 'B2'): Json {
  switch (verb) {
    case 'help.show':
    case 'case.new':
    case 'case.list':
      return {};
    case 'case.create':
      return { code: freshCode('NEW'), ...caseForm() };
    case 'case.phase':
      return { code: s.code, from: s.phase, to: PHASES[PHASES.indexOf(s.phase) + 1] ?? 'avslutat' };
    case 'case.close':
      return { code: s.code, closeReason: 'Målen är uppnådda' };
    case 'baseline.set': {
      const current = s.baseline.items[item];
      const status = current.status === 'done' ? 'notApplicable' : 'done';
      return { code: s.code, item, status, rev: current.rev, [`reason_${item}`]: 'Behövs inte för den här personen' };
    }
    case 'baseline.need':
      return { code: s.code, need: s.baseline.need === 'yes' ? 'no' : 'yes', rev: s.baseline.items.B1.rev, reason_B1: 'Kommunen har inga insatser' };
    default:
      return { code: s.code };
  }
}

/** Spellings of a code: some name the same case (and may legitimately act on it), most do not. */
function codeVariants(code: string): string[] {
  const fullWidth = [...code].map((c) => (c === '-' ? '\uFF0D' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
  return [
    code.toLowerCase(),
    ` ${code}\t`,
    fullWidth,
    `${code}' or PartitionKey ne '`,
    `${code}\u0000`,
    `${code}-`,
    code.slice(0, -1),
    code.replace(/-/g, '\u2013'),
    `${code}%00`,
    `${code} ${PERSONNUMMER[0]}`,
    OTHER_TENANT_CODE,
    OTHER_TENANT_CODE.toLowerCase(),
    EVAS_CODE,
    MISSING_CODE,
    BYSTANDER_CODE.replace('STILL', 'STIL'),
    'A'.repeat(24),
    'A'.repeat(25),
    'A'.repeat(41),
  ];
}

/**
 * The answer the bot must give Anna for a view verb whose `code` is this value: other properties
 * create cases too (a hostile code can be a valid one), so existence is read from the store.
 */
async function expectedForCode(value: unknown): Promise<'card' | UserErrorCode> {
  if (typeof value !== 'string' || value.length > 40) return 'invalidActionData';
  const code = normaliseCaseCode(value);
  if (code === undefined) return 'caseCodeMissing';
  const stored = await bot.app.cases.get(TENANT, code);
  return stored?.state.coordinators.some((c) => c.aadObjectId === ANNA.aadObjectId) === true ? 'card' : 'caseNotFound';
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  connector = await new FakeConnector().start();
  bot = await startTestBot({}, clock);
  anna = new Client(bot, connector, ANNA);
  eva = new Client(bot, connector, EVA);
  await anna.install();
  await new Client(bot, connector, BJORN).install();

  viewCase = await createCase({ needYes: true });
  await createCase({ code: BYSTANDER_CODE, needYes: true });
  await createCase({ code: OTHER_TENANT_CODE, tenant: OTHER_TENANT });
  await createCase({ code: EVAS_CODE, as: eva });
  await createCase({ code: OTHER_TENANT_CODE, as: eva });
  for (const b of bystanders) b.before = await snapshot(b.code, b.tenant);
}, 60_000);

afterAll(async () => {
  // Whatever ran above, nothing unhandled and nothing we sent reached the log.
  expectCleanLogs(0);
  await bot?.close();
  await connector?.stop();
});

describe('the hostile-data generators', () => {
  it('hold personnummer the privacy guard recognises', () => {
    for (const p of PERSONNUMMER) expect(containsPersonnummer(p), p).toBe(true);
  });
});

describe('any invoke value at all', () => {
  it('answers fully random values with a catalogued error, and changes nothing', async () => {
    const before = await snapshot(viewCase);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 4 }), hostileObject, hostileValue), async (value) => {
        const mark = bot.logs.lines.length;
        const body = expectHandled(await invoke(value));
        // Only a value with a string verb from the table could get past the envelope check.
        expect(errorCodeOf(body)).toBe('invalidActionData');
        expectCleanLogs(mark, stringsIn(value));
        expectPrototypeClean();
      }),
      { numRuns: 150 },
    );
    expectUnchanged(before, await snapshot(viewCase), 'view case');
    await expectBystandersUntouched();
  }, 60_000);

  const missing = Symbol('missing');
  type Maybe<T> = T | typeof missing;
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Maybe<T>> => fc.oneof({ weight: 1, arbitrary: fc.constant(missing) }, { weight: 3, arbitrary: arb });
  const put = (o: Json, k: string, v: unknown) => (v === missing ? o : { ...o, [k]: v });
  const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

  /** A malformed envelope: each part missing, of the wrong kind, or well-formed. */
  const envelope = fc
    .record({
      action: fc.oneof(
        { weight: 1, arbitrary: maybe(hostileValue) },
        {
          weight: 6,
          arbitrary: fc.record({
            type: maybe(fc.oneof(fc.constant('Action.Execute'), fc.constantFrom('Action.Submit', 'action.execute', 'Action.Execute '), hostileValue)),
            verb: maybe(fc.oneof(fc.constantFrom(...VERBS), hostileValue, fc.constantFrom('', 'x'.repeat(100), 'x'.repeat(101), 'case.open ', 'Case.Open', '__proto__', 'constructor'))),
            data: maybe(fc.oneof(hostileObject, hostileValue, fc.constantFrom<unknown>(null, [], 'data', 42, protoPolluter()))),
          }),
        },
      ),
      trigger: maybe(fc.oneof(fc.constantFrom('manual', 'automatic'), hostileValue)),
      extra: maybe(hostileObject),
    })
    .map(({ action: a, trigger, extra }) => {
      const act = isRecord(a) ? ['type', 'verb', 'data'].reduce((o, k) => put(o, k, (a as Json)[k]), {} as Json) : a;
      return { ...(extra === missing ? {} : extra), ...put({}, 'action', act), ...put({}, 'trigger', trigger) } as Json;
    });

  /** What the envelope check alone must answer, or undefined when it passes and the verb decides. */
  function envelopeVerdict(value: Json): UserErrorCode | undefined {
    const a = value['action'];
    if (!Object.prototype.hasOwnProperty.call(value, 'action') || !isRecord(a)) return 'invalidActionData';
    if (a['type'] !== 'Action.Execute') return 'invalidActionData';
    if (typeof a['verb'] !== 'string' || a['verb'].length < 1 || a['verb'].length > 100) return 'invalidActionData';
    if (Object.prototype.hasOwnProperty.call(a, 'data') && !isRecord(a['data'])) return 'invalidActionData';
    if (Object.prototype.hasOwnProperty.call(value, 'trigger') && value['trigger'] !== 'manual' && value['trigger'] !== 'automatic') return 'invalidActionData';
    if (!ACTION_ROUTES.has(a['verb'])) return 'unknownAction';
    return undefined;
  }

  it('refuses malformed envelopes exactly as the envelope rules say, in Swedish', async () => {
    const before = await snapshot(viewCase);
    await fc.assert(
      fc.asyncProperty(envelope, async (value) => {
        const mark = bot.logs.lines.length;
        const body = expectHandled(await invoke(value));
        const verdict = envelopeVerdict(value);
        if (verdict !== undefined) expect(errorCodeOf(body)).toBe(verdict);
        expectCleanLogs(mark, stringsIn(value));
        expectPrototypeClean();
      }),
      { numRuns: 200 },
    );
    // Random data never names the view case, so not even an audited view may touch it.
    expectUnchanged(before, await snapshot(viewCase), 'view case');
    await expectBystandersUntouched();
  }, 60_000);

  it('answers unknown verbs with unknownAction, whatever the verb looks like', async () => {
    const verb = fc
      .oneof(hostileString, fc.string({ minLength: 1, maxLength: 100 }), fc.constantFrom(...VERBS).map((v) => `${v}.x`), fc.constantFrom(...VERBS).map((v) => v.toUpperCase()))
      .filter((v) => v.length >= 1 && v.length <= 100 && !ACTION_ROUTES.has(v));
    await fc.assert(
      fc.asyncProperty(verb, fc.option(hostileObject, { nil: undefined }), async (v, data) => {
        const mark = bot.logs.lines.length;
        const body = expectHandled(await invoke(action(v, data)));
        expect(body).toMatchObject({ statusCode: 400, value: { code: 'unknownAction' } });
        expectCleanLogs(mark, [v, ...stringsIn(data)]);
      }),
      {
        numRuns: 100,
        examples: [['__proto__', undefined], ['constructor', {}], ['hasOwnProperty', undefined], [PERSONNUMMER[0], { code: PERSONNUMMER[0] }], ['case.open\u0000', undefined], ["case.open' or '1' eq '1", undefined]],
      },
    );
  }, 60_000);

  it('answers in English with the English catalogue when the client says English', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, fc.constantFrom('en-US', 'en-GB', 'en'), async (value, locale) => {
        const body = expectHandled(await invoke(value, { locale }), 'en');
        const verdict = envelopeVerdict(value);
        if (verdict !== undefined) expect(errorCodeOf(body)).toBe(verdict);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('answers in Swedish when the locale is missing, odd or hostile', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<unknown>(undefined, '', 'sv', 'SV-se', 'fi-FI', 'english', 'xx-EN', 42, null, ['en-US'], { en: true }, PERSONNUMMER[0]), async (locale) => {
        const activity: Json = fixture('teams-card-action', connector.url, { value: action('case.open', { code: 42 }) });
        activity['locale'] = locale;
        const body = expectHandled(await bot.post(activity), 'sv');
        expect(errorCodeOf(body)).toBe('invalidActionData');
      }),
      { numRuns: 12 },
    );
  });
});

describe.each(VERBS)('%s under hostile data', (verb) => {
  it('answers random data with a catalogued response and only the effect it may have', async () => {
    await fc.assert(
      fc.asyncProperty(hostileObject, fc.boolean(), async (randomData, aimAtCase) => {
        const code = await targetFor(verb);
        // Half the runs name the target case, so garbage reaches the handlers, not only zod.
        const data: Json = aimAtCase && kindOf(verb) !== 'create' ? { ...randomData, code } : randomData;
        const before = await snapshot(code);
        const indexBefore = kindOf(verb) === 'create' ? await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }) : [];
        const createdBefore = kindOf(verb) === 'create' ? await createdCase(data) : undefined;
        const mark = bot.logs.lines.length;
        const body = expectHandled(await invoke(action(verb, data)));
        if (kindOf(verb) === 'create') await expectCreateInvariant(data, body, indexBefore, createdBefore);
        expectOnlyTheRequestedEffect(verb, data, body, before, await snapshot(code), false);
        expectCleanLogs(mark, stringsIn(data));
        expectPrototypeClean();
      }),
      { numRuns: kindOf(verb) === 'unknown' ? 10 : 15 },
    );
    await expectBystandersUntouched();
  }, 60_000);

  type Mutation = { kind: 'replace'; field: number; value: unknown } | { kind: 'variant'; field: number; variant: number } | { kind: 'remove'; field: number } | { kind: 'add'; key: string; value: unknown };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), field: fc.nat(), value: hostileValue }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('variant' as const), field: fc.nat(), variant: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), field: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })), value: hostileValue }) },
  );

  /** Inputs that once broke a verb, always tried first (see the regression tests below). */
  const createFields = Object.keys({ code: '', ...caseForm() });
  const KNOWN_COUNTEREXAMPLES: Record<string, Array<[Mutation, Item]>> = {
    'case.create': [
      [{ kind: 'replace', field: createFields.indexOf('colleague'), value: PERSONNUMMER[0] }, 'B2'],
      [{ kind: 'variant', field: createFields.indexOf('code'), variant: codeVariants('X').indexOf(EVAS_CODE) }, 'B2'],
    ],
  };

  /** One field of a valid payload changed to a hostile value; `replaced` is what was put in. */
  function mutate(valid: Json, m: Mutation, caseCode: string): { data: Json; field?: string; replaced?: unknown } {
    const keys = Object.keys(valid);
    const data = { ...valid };
    if (m.kind === 'add' || keys.length === 0) {
      const key = m.kind === 'add' ? m.key : '__proto__';
      const value = m.kind === 'add' ? m.value : protoPolluter();
      Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true });
      return { data, field: key, replaced: value };
    }
    const field = keys[m.field % keys.length]!;
    if (m.kind === 'remove') {
      delete data[field];
      return { data, field };
    }
    const variants = codeVariants(caseCode);
    const value = m.kind === 'replace' ? m.value : field === 'code' ? variants[m.variant % variants.length] : String(valid[field]).toUpperCase();
    data[field] = value;
    return { data, field, replaced: value };
  }

  it('answers each valid payload with one field made hostile: refused without a write, or exactly the change asked for', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, fc.constantFrom<Item>('B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'), async (m, item) => {
        const code = await targetFor(verb);
        const state = (await bot.app.cases.get(TENANT, code))!.state;
        const { data, field, replaced } = mutate(validPayload(verb, state, item), m, code);
        const before = await snapshot(code);
        const indexBefore = kindOf(verb) === 'create' ? await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }) : [];
        const createdBefore = kindOf(verb) === 'create' ? await createdCase(data) : undefined;
        const mark = bot.logs.lines.length;

        const body = expectHandled(await invoke(action(verb, data)));

        const after = await snapshot(code);
        if (kindOf(verb) === 'create') {
          await expectCreateInvariant(data, body, indexBefore, createdBefore);
          expectUnchanged(before, after, 'view case');
        } else {
          expectOnlyTheRequestedEffect(verb, data, body, before, after, m.kind !== 'add' && overEveryBound(replaced));
        }
        // A view verb's answer follows from the code alone.
        if ((kindOf(verb) === 'view' || kindOf(verb) === 'auditedView') && field === 'code' && m.kind !== 'add') {
          const expected = await expectedForCode(replaced);
          if (expected === 'card') expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
          else expect(errorCodeOf(body)).toBe(expected);
        }
        if (typeof replaced === 'string' && [OTHER_TENANT_CODE, EVAS_CODE].some((c) => replaced.toUpperCase().includes(c))) await expectBystandersUntouched();
        expectCleanLogs(mark, stringsIn(replaced));
        expectPrototypeClean();
      }),
      { numRuns: kindOf(verb) === 'static' || kindOf(verb) === 'unknown' ? 15 : 30, examples: KNOWN_COUNTEREXAMPLES[verb] ?? [] },
    );
    await expectBystandersUntouched();
  }, 60_000);
});

/** The case a create payload names, if it exists (in this tenant). */
async function createdCase(data: Json): Promise<Snapshot | undefined> {
  const code = typeof data['code'] === 'string' ? normaliseCaseCode(data['code']) : undefined;
  return code === undefined ? undefined : snapshot(code);
}

/**
 * case.create: either nothing is stored (the form comes back, or an error), or exactly one new
 * case under the normalised code, created by Anna, holding no personnummer anywhere.
 */
async function expectCreateInvariant(data: Json, body: InvokeBody, indexBefore: string[], before: Snapshot | undefined): Promise<void> {
  const code = typeof data['code'] === 'string' ? normaliseCaseCode(data['code']) : undefined;
  const after = code === undefined ? undefined : await snapshot(code);
  const indexAfter = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
  const created = before !== undefined && after !== undefined && before.state === undefined && after.state !== undefined;
  if (created) {
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain(`Ärende ${code}`);
    const state = after.state!;
    expect(state).toMatchObject({ code, tenantId: TENANT, createdBy: { aadObjectId: ANNA.aadObjectId } });
    // Created, and at most marked as told to a colleague who already has the bot.
    const actions = after.history.map((e) => (JSON.parse(e) as { action: string }).action).sort();
    expect(actions).toEqual(state.version === 1 ? ['case.created'] : ['case.coordinatorNotified', 'case.created']);
    expect(state.version).toBe(actions.length);
    expect(holdsPersonnummer(JSON.stringify(state).normalize('NFKC')), `a personnummer was stored in case ${code}: ${JSON.stringify(state.coordinators)}`).toBe(false);
    expect(new Set(indexAfter)).toEqual(new Set([...indexBefore, code]));
    return;
  }
  if (before !== undefined && after !== undefined) expectUnchanged(before, after, `case ${code} named by a refused create`);
  // Nothing created: Anna's list of cases is what it was.
  expect(new Set(indexAfter)).toEqual(new Set(indexBefore));
  if (body.type === 'application/vnd.microsoft.card.adaptive') expect(JSON.stringify(body.value)).not.toContain('"Ärende ');
}

// ---------------------------------------------------------------------------------------------

describe('regressions and explicit examples', () => {
  it('refuses a prototype-polluting payload for every verb without touching Object.prototype', async () => {
    const code = viewCase;
    const polluters = [protoPolluter(), { ...protoPolluter(), code }, JSON.parse(`{"code":"${code}","__proto__":{"code":"${MISSING_CODE}","item":"B2","status":"done","rev":0}}`) as Json];
    for (const verb of VERBS) {
      for (const data of polluters) {
        const before = await snapshot(code);
        const body = expectHandled(await invoke(action(verb, data)));
        // Keys under __proto__ are never read as fields.
        if (['case.phase', 'case.close', 'baseline.set', 'baseline.need'].includes(verb)) {
          expect(body.type === 'application/vnd.microsoft.error' || JSON.stringify(body.value).includes(code)).toBe(true);
        }
        expectOnlyTheRequestedEffect(verb, data, body, before, await snapshot(code), true);
        expectPrototypeClean();
      }
    }
  }, 30_000);

  it('treats OData-injection codes as codes that do not exist', async () => {
    for (const code of ["X' or PartitionKey ne '", `${viewCase}' or PartitionKey ne '`, "' or RowKey ne '", `${EVAS_CODE}' or '1' eq '1`]) {
      for (const verb of ['case.open', 'case.history', 'baseline.refresh', 'case.close', 'baseline.set']) {
        const body = expectHandled(await invoke(action(verb, { code, closeReason: 'x', item: 'B2', status: 'done', rev: 0 })));
        expect(errorCodeOf(body)).toBe(code.length > 40 ? 'invalidActionData' : 'caseCodeMissing');
      }
    }
    await expectBystandersUntouched();
  });

  it('gives another tenant\'s case, another user\'s case and a missing case one and the same answer', async () => {
    const answers = [];
    for (const code of [OTHER_TENANT_CODE, EVAS_CODE, MISSING_CODE, PERSONNUMMER[0], 'Q9'.repeat(12)]) {
      for (const verb of ['case.open', 'case.refresh', 'case.history', 'baseline.open', 'baseline.refresh', 'case.phase', 'case.close', 'baseline.set', 'baseline.need']) {
        const data = { ...validPayload(verb, (await bot.app.cases.get(TENANT, viewCase))!.state), code };
        answers.push({ code, verb, ...expectHandled(await invoke(action(verb, data))) });
      }
    }
    for (const { code, verb, ...a } of answers) expect(a, `${verb} ${code}`).toEqual({ statusCode: 404, type: 'application/vnd.microsoft.error', value: { code: 'caseNotFound', message: USER_ERRORS.caseNotFound.sv } });
    await expectBystandersUntouched();
    expectCleanLogs(0);
  });

  it('refuses revs that are negative, huge, fractional or not numbers, and writes nothing', async () => {
    const code = await targetFor('baseline.set');
    for (const rev of [-1, 1_000_001, 2 ** 53 + 2, 0.5, 'NaN', 'Infinity', '1e9', {}, [1, 2], 'rev', PERSONNUMMER[2]]) {
      for (const verb of ['baseline.set', 'baseline.need']) {
        const before = await snapshot(code);
        const s = before.state!;
        const body = expectHandled(await invoke(action(verb, { ...validPayload(verb, s), rev })));
        expect(errorCodeOf(body), `rev ${JSON.stringify(rev)}`).toBe('invalidActionData');
        expectUnchanged(before, await snapshot(code), `rev ${JSON.stringify(rev)}`);
      }
    }
  });

  const ONE_THAT_READS_THE_REASON: Record<string, Json> = { 'baseline.set': { status: 'notApplicable' }, 'baseline.need': { need: 'no' } };

  it.each(VERBS)('refuses a personnummer in every field of %s, and stores and logs none of it', async (verb) => {
    const mark = bot.logs.lines.length;
    const code = await targetFor(verb);
    // The variant of each payload that reads its reason field, so a reason is not ignored.
    const valid = { ...validPayload(verb, (await bot.app.cases.get(TENANT, code))!.state), ...ONE_THAT_READS_THE_REASON[verb] };
    const accepted: string[] = [];
    for (const field of Object.keys(valid)) {
      for (const pnr of PERSONNUMMER) {
        // Each create gets a code of its own, so one accepted payload does not mask the next.
        const data = { ...valid, ...(kindOf(verb) === 'create' ? { code: freshCode('PNR') } : {}), [field]: pnr };
        const before = await snapshot(code);
        const body = expectHandled(await invoke(action(verb, data)));
        if (kindOf(verb) === 'create') {
          const created = typeof data['code'] === 'string' ? await bot.app.cases.get(TENANT, normaliseCaseCode(data['code']) ?? '-') : undefined;
          if (created !== undefined) accepted.push(`${field}=${pnr} (stored: ${holdsPersonnummer(JSON.stringify(created.state).normalize('NFKC'))})`);
        } else {
          expectOnlyTheRequestedEffect(verb, data, body, before, await snapshot(code), true);
        }
      }
    }
    expect(accepted, `${verb}: payloads with a personnummer that created a case`).toEqual([]);
    expectCleanLogs(mark);
  }, 30_000);

  it('survives a deeply nested payload and one near the body limit', async () => {
    /** The invoke as raw JSON with `{"a":[{"a":[…1…]}]}` nested `depth` deep under `key` in the data. */
    const nestedInvoke = (verb: string, data: Json, key: string, depth: number): string => {
      const activity: Json = fixture('teams-card-action', connector.url, { value: action(verb, { ...data, [key]: 'NESTED' }) });
      return JSON.stringify(activity).replace('"NESTED"', `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);
    };
    for (const depth of [1_000, 10_000, 50_000]) {
      const mark = bot.logs.lines.length;
      const open = expectHandled(await bot.post(nestedInvoke('case.open', { code: viewCase }, 'deep', depth)));
      expect(open.type, `case.open with data nested ${depth} deep`).toBe('application/vnd.microsoft.card.adaptive');
      const before = await snapshot(viewCase);
      const set = expectHandled(await bot.post(nestedInvoke('baseline.set', { code: viewCase, item: 'B2', status: 'done', rev: 0 }, 'reason_B3', depth)));
      expect(errorCodeOf(set)).toBe('invalidActionData');
      expectUnchanged(before, await snapshot(viewCase), `baseline.set nested ${depth} deep`);
      expectCleanLogs(mark);
    }
    const big = expectHandled(await invoke(action('case.close', { code: viewCase, closeReason: HUGE[2], a: HUGE[2], b: HUGE[2] })));
    expect(errorCodeOf(big)).toBe('invalidActionData');
    // Over the body limit the HTTP layer refuses before the bot: never a 500.
    const tooBig = await invoke(action('case.close', { code: viewCase, closeReason: 'x'.repeat(600 * 1024) }));
    expect(tooBig.status).toBeGreaterThanOrEqual(400);
    expect(tooBig.status).toBeLessThan(500);
    expect((await bot.app.cases.get(TENANT, viewCase))!.state.closure).toBeUndefined();
  });

  it('refuses a create whose code belongs to someone else\'s case without adding it to anyone\'s list', async () => {
    // A case of Eva's that no property has aimed at, so Anna's index cannot hold it already.
    const evas = await createCase({ as: eva });
    const evaBefore = await snapshot(evas);
    const annasIndex = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
    expect(annasIndex).not.toContain(evas);
    const body = expectHandled(await invoke(action('case.create', { ...caseForm(), code: evas.toLowerCase() })));
    expect(JSON.stringify(body.value)).toContain('koden används redan');
    expectUnchanged(evaBefore, await snapshot(evas), "Eva's case");
    expect(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }), "Anna's case index after a refused create").toEqual(annasIndex);
  });

  it('refuses a colleague id shaped like a personnummer, and stores no case', async () => {
    for (const pnr of PERSONNUMMER.filter((p) => /^[A-Za-z0-9:_-]{1,128}$/.test(p))) {
      const code = freshCode('PNR');
      const body = expectHandled(await invoke(action('case.create', { ...caseForm(), code, colleague: pnr })));
      expect(JSON.stringify(body.value), `colleague ${pnr} was accepted`).not.toContain(`Ärende ${code}`);
      expect(await bot.app.cases.get(TENANT, code), `colleague ${pnr}: a case was stored`).toBeUndefined();
      expect(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: pnr }), `colleague ${pnr}: indexed under the personnummer`).toEqual([]);
    }
  });
});

/** With a tenant allow-list, a foreign tenant's forged invoke is refused and nothing of it logged. */
describe('a foreign tenant behind ALLOWED_TENANT_IDS', () => {
  let guarded: TestBot;
  beforeAll(async () => {
    guarded = await startTestBot({ ALLOWED_TENANT_IDS: TENANT }, clock);
  });
  afterAll(async () => {
    await guarded?.close();
  });

  it('refuses any invoke with the Swedish tenant error and logs none of what was sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...VERBS), hostileString), fc.option(hostileObject, { nil: undefined }), async (verb, data) => {
        const mark = guarded.logs.lines.length;
        const res = await invoke(action(verb, data), { tenant: OTHER_TENANT, target: guarded });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'tenantNotAllowed', message: USER_ERRORS.tenantNotAllowed.sv } });
        const logged = guarded.logs.lines.slice(mark).join('\n');
        expect(logged).not.toMatch(/unhandled/i);
        for (const secret of [...MUST_NOT_BE_LOGGED, ...(verb.trim().length >= 8 && !ACTION_ROUTES.has(verb) ? [verb.slice(0, 64)] : [])]) expect(logged).not.toContain(secret);
      }),
      { numRuns: 60, examples: [[PERSONNUMMER[0], undefined], [`${PERSONNUMMER[1]} ${'x'.repeat(10)}`, { code: PERSONNUMMER[1] }]] },
    );
  }, 60_000);
});

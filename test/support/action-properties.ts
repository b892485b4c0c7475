import { randomUUID } from 'node:crypto';
import { nextWorkingDayOnOrAfter } from '../../src/domain/working-days';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_ROUTES } from '../../src/bot/routes';
import { PHASES, type BaselineItemId, type CaseState } from '../../src/domain/case-model';
import { SIP_ENDS } from '../../src/domain/case-commands';
import { closingCheck } from '../../src/domain/closing';
import { normaliseCaseCode } from '../../src/domain/case-rules';
import { containsPersonnummer } from '../../src/domain/personnummer';
import { evaluationPoints } from '../../src/domain/evaluation';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-rules';
import { CRISIS_ACTORS, EFFORT_RESPONSIBLE, SIGN_DESCRIBED_BY, type SipPlan } from '../../src/domain/plan-model';
import { PARTY_ROLES, PRE_MEETING_TEXT_FIELDS, type InvitedParty, type SipMeeting } from '../../src/domain/sip-model';
import { USER_ERRORS, type UserErrorCode } from '../../src/i18n/errors';
import { ANNA, BJORN, Client, EVA, TENANT, actionIn, caseForm, type InvokeBody, type Person } from './case-flow';
import { FakeConnector } from './fake-connector';
import { fixture } from './fixtures';
import {
  HOSTILE_KEYS,
  HUGE,
  MUST_NOT_BE_LOGGED,
  PERSONNUMMER,
  PERSONNUMMER_IN_LONG_TEXT,
  holdsPersonnummer,
  hostileObject,
  hostileString,
  hostileValue,
  overEveryBound,
  protoPolluter,
} from './hostile-data';
import { startTestBot, TEST_UNITS, type TestBot } from './test-bot';

/**
 * Property tests for the Action.Execute edge: whatever a forged or broken card sends, every verb
 * answers with a catalogued invoke response, refuses without writing, and logs nothing of it.
 * Verbs come from ACTION_ROUTES, so a new verb is covered the day it is added.
 */

const VERBS = [...ACTION_ROUTES.keys()];

/**
 * PROPERTY_RUNS_SCALE=4 multiplies every run count here by four, for a deeper sweep than npm
 * test's (say before a release, or while hunting a bug): `PROPERTY_RUNS_SCALE=4 npx vitest run test/http/action-`.
 */
const RUNS_SCALE = z.coerce.number().positive().max(100).catch(1).parse(process.env['PROPERTY_RUNS_SCALE'] ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * RUNS_SCALE));

/** The verbs' properties run in this many files (test/http/action-verbs-N.test.ts), side by side. */
export const VERB_PARTS = 4;
/** Part k (1-based) of the verbs: every VERB_PARTS-th, so each part gets a mix of light and heavy verbs. */
export const verbsOfPart = (k: number): string[] => VERBS.filter((_, i) => i % VERB_PARTS === k - 1);

/** The properties that are not about one verb: the verb table, envelopes, locales, regressions, a foreign tenant. */
export function describeEdgeProperties(): void {
  actionPropertySuite(true, []);
}

/** Each verb under random and one-field-hostile data, and with a personnummer in every field. */
export function describeVerbProperties(verbs: readonly string[]): void {
  actionPropertySuite(false, verbs);
}

/**
 * Everything the properties share lives in one call, so each test file gets its own bot, cases
 * and counters even where vitest runs several files in one module graph (isolate: false).
 */
function actionPropertySuite(edge: boolean, verbs: readonly string[]): void {
  const OTHER_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const OTHER_TENANT_CODE = 'OTHER-2026-0001';
  const EVAS_CODE = 'EVA-2026-0001';
  const MISSING_CODE = 'VSS-1999-0001';
  const BYSTANDER_CODE = 'STILL-2026-0001';

  const CARD = 'application/vnd.microsoft.card.adaptive';
  const MESSAGE = 'application/vnd.microsoft.activity.message';
  const INVOKE_TYPES = [CARD, 'application/vnd.microsoft.activity.message', 'application/vnd.microsoft.error'];

  /**
   * How a verb may touch the case it names. A verb not listed here ('unknown') gets the generic
   * rule: nothing changes but at most one "…viewed" audit entry, or exactly one version and one
   * audit entry; it is aimed at a case of its own, with `{ code }` as its valid payload.
   */
  type VerbKind = 'static' | 'view' | 'auditedView' | 'change' | 'create' | 'unknown';
  const VERB_KIND: Record<string, VerbKind> = {
    'help.show': 'static',
    // Runs a command a typo was close to; the valid payload runs `hjälp`, which changes nothing.
    'command.run': 'static',
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
    'plan.version.export': 'auditedView',
    'crisis.export': 'auditedView',
    // Leaving a form card: the case or SIP card, opened (audited); or the form again, asking first.
    'plan.leave': 'auditedView',
    'crisis.leave': 'auditedView',
    'sip.preMeeting.leave': 'auditedView',
    'sip.refresh': 'view',
    'sip.plan.open': 'view',
    'sip.move.open': 'view',
    'sip.checklist.open': 'view',
    'sip.invitation.open': 'view',
    'sip.preMeeting.open': 'view',
    'case.colleague.open': 'view',
    'case.phase': 'change',
    'case.phase.back': 'change',
    'case.close': 'change',
    'sip.end': 'change',
    'baseline.set': 'change',
    'baseline.need': 'change',
    'sip.plan': 'change',
    'sip.move': 'change',
    'sip.cancel': 'change',
    'sip.held': 'change',
    'sip.invitation.sent': 'change',
    'sip.invitation.undo': 'change',
    'sip.preMeeting.save': 'change',
    'sip.preMeeting.held': 'change',
    'plan.save': 'change',
    'plan.effort.add': 'change',
    'plan.effort.remove': 'change',
    'plan.goal.add': 'change',
    'plan.goal.remove': 'change',
    'plan.establish': 'change',
    'crisis.save': 'change',
    'crisis.sign.add': 'change',
    'crisis.sign.remove': 'change',
    'case.colleague.add': 'change',
    'consent.open': 'view',
    'consent.record': 'change',
    'consent.withdraw': 'change',
    // Answered only by the colleague a request was sent to; Anna, a coordinator, is refused.
    'case.request.accept': 'change',
    'case.request.decline': 'change',
    'case.create': 'create',
    // Snoozing moves one of the user's own reminders; the case itself does not change.
    'reminder.snooze': 'view',
    'reminders.preferences': 'change',
    // The evaluation card (003:120): opening it shows the evaluation code, so it is audited.
    'evaluation.open': 'auditedView',
    'evaluation.consent': 'change',
    'evaluation.withdraw': 'change',
    'evaluation.done': 'change',
    'evaluation.undo': 'change',
    // The viewing coordinator's own unit, from the hub.
    'case.unit.set': 'change',
  };
  const kindOf = (verb: string): VerbKind => VERB_KIND[verb] ?? 'unknown';

  /** The verbs whose payload must name a case, read from each route's own schema. */
  const NAMES_A_CASE: readonly string[] = VERBS.filter((verb) => {
    const data = ACTION_ROUTES.get(verb)!.data;
    return data instanceof z.ZodObject && 'code' in data.shape && !(data.shape['code'] as z.ZodType).safeParse(undefined).success;
  });
  /** The plan card's buttons that save the plan's own fields as typed before their own change. */
  const SAVES_TYPED_FIRST: ReadonlySet<string> = new Set(['plan.effort.add', 'plan.effort.remove', 'plan.goal.add', 'plan.goal.remove', 'plan.establish', 'plan.export']);
  const mayChange = (verb: string): boolean => kindOf(verb) === 'change' || kindOf(verb) === 'unknown' || SAVES_TYPED_FIRST.has(verb);

  /** The audit entry an audited view writes. */
  const AUDIT_OF: Record<string, string> = {
    'case.open': 'case.viewed',
    'baseline.open': 'baseline.viewed',
    'case.history': 'history.viewed',
    'sip.open': 'sip.viewed',
    'plan.open': 'plan.viewed',
    'crisis.open': 'crisis.viewed',
    'plan.export': 'plan.exported',
    'plan.version.export': 'plan.exported',
    'crisis.export': 'crisis.exported',
    'plan.leave': 'case.viewed',
    'crisis.leave': 'case.viewed',
    'sip.preMeeting.leave': 'sip.viewed',
    'evaluation.open': 'evaluation.viewed',
  };

  /**
   * The audit entries a verb's legitimate change may write, besides the SIP flow's
   * 'baseline.autoTicked'. Each is one write and one version; which of them, and which baseline
   * items are ticked along, follows from the case and the payload (see expectRequestedChange).
   * sip.preMeeting.held saves the answers and marks the förmöte held in one transaction (two
   * versions); case.colleague.add adds the colleague and then, once told, marks the notice given.
   */
  const MAY_WRITE: Record<string, readonly string[]> = {
    'case.phase': ['case.phaseChanged'],
    'case.phase.back': ['case.phaseReturned'],
    'case.close': ['case.closed', 'case.closedEarly', 'sip.continuesAfterClosing', 'sip.ended'],
    'sip.end': ['sip.ended'],
    'baseline.set': ['baseline.itemSet'],
    'baseline.need': ['baseline.needAnswered'],
    'sip.plan': ['sip.meetingPlanned'],
    'sip.move': ['sip.meetingMoved'],
    'sip.cancel': ['sip.meetingCancelled'],
    'sip.held': ['sip.meetingHeld'],
    'sip.invitation.sent': ['sip.invitationSent'],
    'sip.invitation.undo': ['sip.invitationUndone'],
    'sip.preMeeting.save': ['sip.preMeetingSaved'],
    'sip.preMeeting.held': ['sip.preMeetingSaved', 'sip.preMeetingHeld'],
    'plan.save': ['plan.saved'],
    // An export of what is on the card saves it first.
    'plan.export': ['plan.saved', 'plan.exported'],
    'plan.effort.add': ['plan.saved', 'plan.effortAdded'],
    'plan.effort.remove': ['plan.saved', 'plan.effortRemoved'],
    'plan.goal.add': ['plan.saved', 'plan.goalAdded'],
    'plan.goal.remove': ['plan.saved', 'plan.goalRemoved'],
    'plan.establish': ['plan.saved', 'plan.established'],
    'crisis.save': ['crisis.revised'],
    'crisis.sign.add': ['crisis.signAdded'],
    'crisis.sign.remove': ['crisis.signRemoved'],
    'case.colleague.add': ['case.coordinatorAdded', 'case.coordinatorNotified'],
    'reminders.preferences': ['reminders.preferencesChanged'],
    'case.unit.set': ['case.unitSet'],
    'consent.record': ['consent.recorded', 'consent.changed'],
    'consent.withdraw': ['consent.withdrawn'],
    'case.request.accept': ['case.requestAccepted', 'case.appointed'],
    'case.request.decline': ['case.requestDeclined'],
    'evaluation.consent': ['evaluation.consentRecorded'],
    'evaluation.withdraw': ['evaluation.consentWithdrawn'],
    'evaluation.done': ['evaluation.pointDone'],
    'evaluation.undo': ['evaluation.pointUndone'],
  };

  /** The SIP, plan and coordinator verbs, exercised from the payloads their cards send. */
  const CARD_VERBS = [
    'sip.plan.open',
    'sip.plan',
    'sip.move.open',
    'sip.move',
    'sip.cancel',
    'sip.held',
    'sip.checklist.open',
    'sip.invitation.open',
    'sip.invitation.sent',
    'sip.invitation.undo',
    'sip.preMeeting.open',
    'sip.preMeeting.save',
    'sip.preMeeting.held',
    'sip.preMeeting.leave',
    'plan.open',
    'plan.save',
    'plan.effort.add',
    'plan.effort.remove',
    'plan.goal.add',
    'plan.goal.remove',
    'plan.establish',
    'plan.export',
    'plan.version.export',
    'plan.leave',
    'crisis.open',
    'crisis.save',
    'crisis.sign.add',
    'crisis.sign.remove',
    'crisis.export',
    'crisis.leave',
    'case.colleague.open',
    'case.colleague.add',
    'evaluation.open',
    'evaluation.consent',
    'evaluation.withdraw',
    'evaluation.done',
    'evaluation.undo',
  ] as const;
  const IS_CARD_VERB: ReadonlySet<string> = new Set(CARD_VERBS);

  /**
   * Inputs a verb's card sends that the verb does not read: the plan form's move fields when
   * planning, the plan's own inputs that an Action.Execute in a ShowCard carries along. A hostile
   * value there may be accepted, but the change must be the one asked for and store none of it.
   */
  const IGNORED_FIELDS: Record<string, readonly string[]> = {
    // Why the person is not invited is read only when they are not (the valid payload invites them).
    'sip.plan': ['meetingId', 'rev', 'withoutPersonReason'],
    'sip.move': ['followUpOf'],
    'plan.version.export': ['ownGoals', 'personDoesThemselves', 'ownResources', 'overallResponsible', 'followUpDate', 'noOtherParties', 'regionNoEffortsReason', 'kommunNoEffortsReason'],
    // The crisis plan's own fields ride along with its other buttons and stay on the card, unsaved.
    'crisis.sign.add': ['triggers', 'personDoesThemselves', 'reviewDate', 'inputs'],
    'crisis.sign.remove': ['triggers', 'personDoesThemselves', 'reviewDate', 'inputs'],
    'crisis.export': ['triggers', 'personDoesThemselves', 'reviewDate', 'inputs'],
    // A toggle is off only when it says "false"; why the person did not come, only when they did not.
    'sip.held': ['attended_*', 'personAbsentReason_*'],
  };
  /** A name ending in * stands for every input that starts so (inputs named after a meeting). */
  const ignores = (verb: string, field: string | undefined): boolean =>
    field !== undefined && (IGNORED_FIELDS[verb] ?? []).some((f) => f === field || (f.endsWith('*') && field.startsWith(f.slice(0, -1))));


  /** A clock that moves a second per reading, so audit entries have an order. */
  let tick = Date.parse('2026-11-23T09:00:00.000Z');
  const clock = () => new Date((tick += 1000));

  let connector: FakeConnector;
  let bot: TestBot;
  let anna: Client;
  let eva: Client;

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

  /** Invariant 4: the answer, which Teams keeps in the chat, holds no personnummer, whatever was sent. */
  function expectNoPersonnummerIn(body: InvokeBody, what: string): void {
    expect(holdsPersonnummer(JSON.stringify(body).normalize('NFKC')), `${what}: a personnummer came back in the answer`).toBe(false);
  }

  interface Snapshot {
    readonly state: CaseState | undefined;
    readonly etag: string | undefined;
    readonly history: string[];
    /** Keys of the copies kept next to the case (crisis plan revisions). */
    readonly kept: string[];
  }

  /** The case, its audit trail and (where `withKept`, for verbs that may keep copies) its kept copies. */
  async function snapshot(code: string, tenant = TENANT, withKept = true): Promise<Snapshot> {
    const stored = await bot.app.cases.get(tenant, code);
    const history = (await bot.app.cases.history(tenant, code, 1000)).map((e) => JSON.stringify(e)).sort();
    const kept = withKept ? (await bot.app.cases.snapshots(tenant, code, '')).map((s) => s.key).sort() : [];
    return { state: stored?.state, etag: stored?.etag, history, kept };
  }

  /** The crisis plan and the SIP plan keep copies (revisions, versions); a verb this file does not know might too. */
  const keepsCopies = (verb: string): boolean => verb.startsWith('crisis.') || verb.startsWith('plan.') || kindOf(verb) === 'unknown';
  const snapshotFor = (verb: string, code: string): Promise<Snapshot> => snapshot(code, TENANT, keepsCopies(verb));

  function expectUnchanged(before: Snapshot, after: Snapshot, what: string): void {
    expect(after.state, `${what}: state`).toEqual(before.state);
    expect(after.etag, `${what}: etag`).toBe(before.etag);
    expect(after.history, `${what}: audit trail`).toEqual(before.history);
    expect(after.kept, `${what}: kept copies`).toEqual(before.kept);
  }

  interface AuditEntry {
    readonly action: string;
    readonly detail?: string;
    readonly by: { readonly aadObjectId: string };
  }

  /** The audit entries added between two snapshots, or a failure if any was removed. */
  function addedAudit(before: Snapshot, after: Snapshot): AuditEntry[] {
    const remaining = [...after.history];
    for (const e of before.history) {
      const i = remaining.indexOf(e);
      expect(i, 'an audit entry disappeared').toBeGreaterThanOrEqual(0);
      remaining.splice(i, 1);
    }
    return remaining.map((e) => JSON.parse(e) as AuditEntry);
  }

  /**
   * Invariant 2 for one request against the case it aimed at: nothing changes, or, for a verb that
   * changes cases, exactly the change requested: its own audit entries, one version per write,
   * the baseline items the SIP flow ticks along, and no field the request does not name.
   * `calls`, when given, is where the fake connector's record stood before the request: what the
   * bot sent anywhere (a message, a notice) must fit the verb and the outcome too.
   */
  async function expectOnlyTheRequestedEffect(verb: string, data: unknown, body: InvokeBody, before: Snapshot, after: Snapshot, mustNotChange: boolean, calls?: number): Promise<void> {
    const kind = kindOf(verb);
    const changed = after.etag !== before.etag || JSON.stringify(after.state) !== JSON.stringify(before.state);
    const audit = addedAudit(before, after);
    if (calls !== undefined) await expectOutbound(verb, data, body, audit, calls);
    if (!mayChange(verb) || mustNotChange || !changed) {
      expect(after.state, 'case state').toEqual(before.state);
      expect(after.etag, 'case etag').toBe(before.etag);
      expect(after.kept, 'kept copies').toEqual(before.kept);
      if ((kind === 'auditedView' || kind === 'unknown') && body.type === CARD) {
        // Opening is audited: at most the one view entry.
        expect(audit.length).toBeLessThanOrEqual(1);
        for (const e of audit) expect(e.action).toMatch(kind === 'unknown' ? /\.viewed$/ : new RegExp(`^${AUDIT_OF[verb]}$`));
      } else {
        expect(audit, 'audit entries written by a request that changed nothing').toEqual([]);
      }
      if (verb === 'case.colleague.add') await expectColleagueNotIndexed(data, before);
      return;
    }

    // A legitimate change.
    expect(body.type).toBe(CARD);
    for (const e of audit) expect(e.detail === undefined || /^[A-Za-z0-9:_-]{1,40}$/.test(e.detail), `audit detail ${String(e.detail)} is not a fixed code`).toBe(true);
    const b = structuredClone(before.state!) as MState;
    const a = structuredClone(after.state!) as MState;
    // The SIP flow's ticks and a new B8 period ride along in the write that caused them.
    const own = audit.filter((e) => e.action !== 'baseline.autoTicked' && e.action !== 'baseline.b8PeriodStarted');
    expect(audit.filter((e) => e.action === 'baseline.b8PeriodStarted').length, 'B8 periods started').toBe(verb === 'sip.held' && a.baseline.items.B8.period !== b.baseline.items.B8.period ? 1 : 0);
    const expected = await expectRequestedChange(verb, data as Json, a, b);
    if (expected === undefined) {
      // A verb this file does not know yet: exactly one version and one audit entry.
      expect(a.version).toBe(b.version + 1);
      expect(audit).toHaveLength(1);
      expect(holdsPersonnummer(JSON.stringify(after.state).normalize('NFKC')), 'a personnummer was stored').toBe(false);
      return;
    }
    expect(own.map((e) => e.action).sort(), 'audit entries of the change').toEqual([...expected.own].sort());
    for (const e of own) expect(MAY_WRITE[verb]).toContain(e.action);
    for (const e of own) expect(e.by.aadObjectId, `${e.action} by`).toBe(e.action === 'case.coordinatorNotified' ? String((data as Json)['colleague']).toLowerCase() : ANNA.aadObjectId);
    // One version per write; what the SIP flow ticks rides along in the write that caused it.
    // An export is audited without a write of the case.
    expect(a.version, 'versions').toBe(b.version + own.filter((e) => !e.action.endsWith('.exported')).length);
    expectTicks(audit, expected.ticks, a, b);
    a.version = b.version;
    a.updatedAt = b.updatedAt;
    expect(a, 'fields the action does not name changed').toEqual(b);
    expect(after.kept, 'kept copies').toEqual([...before.kept, ...(expected.kept ?? [])].sort());
    expect(holdsPersonnummer(JSON.stringify(after.state).normalize('NFKC')), 'a personnummer was stored').toBe(false);
  }

  /**
   * What the bot sent through the connector for one request: an export leaves one plain text in
   * the user's own chat; adding a colleague tells them in theirs, exactly when the audit says they
   * were told; a create may notify the colleague it names; nothing else sends anything. Nothing
   * sent holds a personnummer.
   */
  async function expectOutbound(verb: string, data: unknown, body: InvokeBody, audit: AuditEntry[], mark: number): Promise<void> {
    const sent = connector.calls.slice(mark);
    for (const c of sent) expect(holdsPersonnummer(JSON.stringify(c.body).normalize('NFKC')), `${verb}: a personnummer was sent to ${c.conversationId}`).toBe(false);
    if (verb === 'plan.export' || verb === 'crisis.export' || verb === 'plan.version.export') {
      // The plan's export saves what is on the card first, and a refused save (a personnummer typed, a
      // stale card) exports nothing: the audit says whether it was exported.
      const exported = verb === 'crisis.export' ? body.type === CARD : audit.some((e) => e.action === 'plan.exported');
      if (verb === 'plan.version.export') {
        // Exactly a version that exists is read back (1 up to the one in force); any other is refused on the card, unaudited.
        const d = data as Json;
        // The code as the bot reads it (trimmed, in capitals).
        const code = typeof d['code'] === 'string' ? normaliseCaseCode(d['code']) : undefined;
        const s = code === undefined ? undefined : (await bot.app.cases.get(TENANT, code))?.state;
        const asked = typeof d['version'] === 'string' && /^\d{1,4}$/.test(d['version']) ? Number(d['version']) : NaN;
        expect(exported, `${verb}: exported`).toBe(body.type === CARD && asked >= 1 && asked <= (s?.sipPlan?.established?.version ?? 0));
      }
      expect(sent.map((c) => c.conversationId), `${verb}: messages sent`).toEqual(exported ? [ANNA.conversationId] : []);
      for (const c of sent) expect(typeof c.body['text'] === 'string' && c.body['text'].length > 0, 'the export is a text').toBe(true);
    } else if (verb === 'case.colleague.add') {
      const told = audit.some((e) => e.action === 'case.coordinatorNotified');
      // Object ids are stored in lower case, as Teams sends them.
      const colleague = String((data as Json)['colleague']).toLowerCase();
      const address = told ? await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: colleague }) : undefined;
      expect(sent.map((c) => c.conversationId), `${verb}: notices sent`).toEqual(told ? [address?.conversationId] : []);
    } else if (kindOf(verb) === 'create') {
      expect(sent.length).toBeLessThanOrEqual(1);
    } else if (verb === 'command.run') {
      // The command's own answer is a new message in the chat, only when the card was answered.
      expect(sent.map((c) => c.conversationId), `${verb}: messages sent`).toEqual(body.type === CARD ? [ANNA.conversationId] : []);
    } else {
      expect(sent.map((c) => c.conversationId), `${verb}: sent something`).toEqual([]);
    }
  }

  /** A refused colleague.add leaves no index entry for the colleague it named (only an AAD object id can be one). */
  async function expectColleagueNotIndexed(data: unknown, before: Snapshot): Promise<void> {
    const raw = typeof data === 'object' && data !== null ? (data as Json)['colleague'] : undefined;
    const colleague = typeof raw === 'string' ? raw.toLowerCase() : raw;
    if (typeof colleague !== 'string' || !AAD_OBJECT_ID.test(colleague) || before.state === undefined || before.state.coordinators.some((c) => c.aadObjectId === colleague)) return;
    const index = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: colleague });
    expect(index, `a refused case.colleague.add left ${before.state.code} in the index of ${colleague}`).not.toContain(before.state.code);
  }

  const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,16}$/i;

  // ---------------------------------------------------------------------------------------------
  // What each changing verb may do, checked against the case before and after.

  type DeepMutable<T> = T extends ReadonlyArray<infer U> ? Array<DeepMutable<U>> : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
  type MState = DeepMutable<CaseState>;
  type MMeeting = NonNullable<MState['sipMeetings']>[number];
  type MPlan = NonNullable<MState['sipPlan']>;
  /** A party's key within its meeting, written from the rule: its role, or for a unit role and number. */
  const keyOf = (p: Pick<InvitedParty, 'role' | 'unitNo'>): string => (p.unitNo === undefined ? p.role : `${p.role}${p.unitNo}`);
  type MCrisis = NonNullable<MState['crisisPlan']>;

  interface Expected {
    /** The verb's own audit actions, in any order: one write (and one version) each. */
    readonly own: readonly string[];
    /** Baseline items the SIP flow ticks with this change, where they are still open. */
    readonly ticks: readonly BaselineItemId[];
    /** Keys of the copies the change keeps next to the case. */
    readonly kept?: readonly string[];
  }

  /**
   * What a typed text is stored as, written out here rather than taken from the domain: every line
   * break is a plain newline, controls other than tab and newline and the noncharacters are
   * dropped, and a lone surrogate becomes the replacement character.
   */
  function asStored(v: string): string {
    const kept: string[] = [];
    for (const ch of v.split(/\r\n|\r|\u0085|\u2028|\u2029/).join('\n')) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff) kept.push('\ufffd');
      else if (cp === 0x09 || cp === 0x0a) kept.push(ch);
      else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) continue;
      else if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) continue;
      else kept.push(ch);
    }
    return kept.join('');
  }
  /** A text input as the domain reads it: stored form, trimmed, and blank meaning not given. */
  const blank = (v: unknown): string | undefined => (typeof v === 'string' && asStored(v).trim() !== '' ? asStored(v).trim() : undefined);
  const within = (v: string | undefined, limit: number): boolean => v === undefined || [...v].length <= limit;
  /** The rev a payload carried; -0 is the same rev as 0 to the bot, but not to toMatchObject. */
  const revOf = (d: Record<string, unknown>): number => Number(d['rev']) + 0;
  const isIsoDate = (v: string | undefined): boolean => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
  const emptyPlan = (): MPlan => ({ efforts: [], nextEffortNumber: 1, rev: 0 });
  const emptyCrisis = (): MCrisis => ({ signs: [], revision: 0, nextSignNumber: 1, rev: 0 });
  /** Values with undefined fields dropped, as JSON stores them. */
  const stored = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  /** The plan card asks why a principal has no efforts only while it has none: those inputs, as they stand. */
  function reasonInputs(plan: SipPlan): Json {
    return {
      ...(plan.efforts.some((e) => e.responsible === 'region') ? {} : { regionNoEffortsReason: plan.regionNoEffortsReason ?? '' }),
      ...(plan.efforts.some((e) => e.responsible === 'kommun') ? {} : { kommunNoEffortsReason: plan.kommunNoEffortsReason ?? '' }),
    };
  }

  /** JSON with every object's keys in order, so two values compare by content alone. */
  const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([k1], [k2]) => k1.localeCompare(k2))) : x));

  /**
   * A plan change as drafted, or, when it brings the content back to the version in force, that
   * version again (written from the rule: what a version keeps is the plan without its bookkeeping).
   */
  function agreedOrDraft(next: MPlan): MPlan {
    const v = next.established;
    const { followUpSetAt: _set, establishedAt: _at, establishedByAadObjectId: _by, establishedWithPerson: _with, established: _in, versions: _versions, nextEffortNumber: _next, nextGoalNumber: _nextGoal, rev: _rev, ...content } = next;
    if (v === undefined || canonical(stored(content)) !== canonical(stored(v.content))) return next;
    return { ...next, establishedAt: v.establishedAt, establishedByAadObjectId: v.establishedByAadObjectId, establishedWithPerson: v.withPerson };
  }

  /** A goal or delmål nothing is tied to (no delmål of it, no effort toward it), which the card offers to remove. */
  function removableGoal(plan: SipPlan): string | undefined {
    const goals = plan.goals ?? [];
    return goals.find((g) => !goals.some((x) => x.partOf === g.id) && !plan.efforts.some((e) => e.goal === g.id))?.id;
  }

  /** The plan card's own inputs as they stand: an Action.Execute in one of its ShowCards sends them along. */
  function planCardInputs(plan: SipPlan): Json {
    return {
      ownGoals: plan.ownGoals ?? '',
      personDoesThemselves: plan.personDoesThemselves ?? '',
      ownResources: plan.ownResources ?? '',
      overallResponsible: plan.overallResponsible ?? '',
      followUpDate: plan.followUpDate ?? '',
      noOtherParties: plan.noOtherParties === true ? 'true' : 'false',
      ...reasonInputs(plan),
    };
  }

  /** The plan with its own fields as a card sent them, as the domain reads them (a reason only for a principal without efforts). */
  function typedOntoPlan(p: MPlan, d: Json): MPlan {
    return {
      ...p,
      ownGoals: blank(d['ownGoals']),
      personDoesThemselves: blank(d['personDoesThemselves']),
      ownResources: blank(d['ownResources']),
      overallResponsible: d['overallResponsible'] === '' ? undefined : (d['overallResponsible'] as 'region' | 'kommun' | undefined),
      followUpDate: blank(d['followUpDate']),
      noOtherParties: d['noOtherParties'] === 'true' ? true : undefined,
      regionNoEffortsReason: p.efforts.some((e) => e.responsible === 'region') ? undefined : blank(d['regionNoEffortsReason']),
      kommunNoEffortsReason: p.efforts.some((e) => e.responsible === 'kommun') ? undefined : blank(d['kommunNoEffortsReason']),
    };
  }

  /** Whether a plan card's own fields, sent along with a button, differ from the stored plan (a card that sent none does not). */
  function typedPlanDiffers(p: MPlan, d: Json): boolean {
    if (d['ownGoals'] === undefined && d['personDoesThemselves'] === undefined && d['followUpDate'] === undefined) return false;
    const key = (x: MPlan) => JSON.stringify([x.ownGoals, x.personDoesThemselves, x.ownResources, x.overallResponsible, x.followUpDate, x.noOtherParties === true, x.regionNoEffortsReason, x.kommunNoEffortsReason]);
    return key(typedOntoPlan(p, d)) !== key(p);
  }

  /** The plan as saving a card's own fields leaves it (checked against the rules a save must keep), from the plan `p` before. */
  function savedFromCard(p: MPlan, d: Json, a: MState, today: string): MPlan {
    expect(p.rev).toBe(revOf(d));
    const followUpDate = blank(d['followUpDate']);
    if (followUpDate !== undefined) {
      expect(isIsoDate(followUpDate), 'followUpDate').toBe(true);
      expect(followUpDate >= today, 'a follow-up date in the past').toBe(true);
    }
    for (const f of ['ownGoals', 'personDoesThemselves', 'ownResources']) expect(within(blank(d[f]), 1000), f).toBe(true);
    for (const f of ['regionNoEffortsReason', 'kommunNoEffortsReason']) expect(within(blank(d[f]), 300), f).toBe(true);
    if (followUpDate !== undefined && followUpDate !== p.followUpDate) expect(a.sipPlan?.followUpSetAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    return agreedOrDraft({
      ...typedOntoPlan(p, d),
      // Stamped with the bot's clock only when the date itself changes.
      followUpSetAt: followUpDate === p.followUpDate ? p.followUpSetAt : followUpDate === undefined ? undefined : a.sipPlan?.followUpSetAt,
      // Any change makes an established plan a draft again.
      establishedAt: undefined,
      establishedByAadObjectId: undefined,
      establishedWithPerson: undefined,
      rev: p.rev + 1,
    });
  }

  /** The crisis-plan card's own inputs as they stand, which its other buttons send along. */
  function crisisCardInputs(crisis: { triggers?: string | undefined; personDoesThemselves?: string | undefined; reviewDate?: string | undefined } | undefined): Json {
    return { triggers: crisis?.triggers ?? '', personDoesThemselves: crisis?.personDoesThemselves ?? '', reviewDate: crisis?.reviewDate ?? '', inputs: 'all' };
  }

  /** What a complete plan needs before it may be established (SoL 2:7, HSL 16:4 and the method). */
  function planComplete(p: Pick<SipPlan, 'efforts' | 'goals' | 'noOtherParties' | 'overallResponsible' | 'ownGoals' | 'personDoesThemselves' | 'followUpDate' | 'regionNoEffortsReason' | 'kommunNoEffortsReason'>): boolean {
    return (
      // Respektive huvudman: an effort from each principal, or why it has none.
      (p.efforts.some((e) => e.responsible === 'region') || p.regionNoEffortsReason !== undefined) &&
      (p.efforts.some((e) => e.responsible === 'kommun') || p.kommunNoEffortsReason !== undefined) &&
      (p.efforts.some((e) => e.responsible === 'annan') || p.noOtherParties === true) &&
      p.overallResponsible !== undefined &&
      (p.ownGoals !== undefined || (p.goals ?? []).length > 0) &&
      p.personDoesThemselves !== undefined &&
      p.followUpDate !== undefined
    );
  }

  /** The meeting a request named, before and after; every other meeting is unchanged. */
  function changedMeeting(a: MState, b: MState, id: unknown): { was: MMeeting; now: MMeeting } {
    const bm = b.sipMeetings ?? [];
    const am = a.sipMeetings ?? [];
    expect(am.map((m) => m.id), 'meetings').toEqual(bm.map((m) => m.id));
    const i = bm.findIndex((m) => m.id === id);
    expect(i, `meeting ${String(id)} exists`).toBeGreaterThanOrEqual(0);
    am.forEach((m, j) => j === i || expect(m, `meeting ${m.id}, not named`).toEqual(bm[j]));
    const was = bm[i]!;
    const now = am[i]!;
    a.sipMeetings = b.sipMeetings;
    return { was, now };
  }

  /**
   * Checks the part of the case a verb's legitimate change touches against the payload, then
   * copies that part back from `b` into `a`, so what remains must be equal. Returns the audit
   * entries, ticks and kept copies the change must have written, or undefined for a verb not
   * known here.
   */
  async function expectRequestedChange(verb: string, d: Json, a: MState, b: MState): Promise<Expected | undefined> {
    const me = b.coordinators.find((c) => c.aadObjectId === ANNA.aadObjectId);
    const changedAt = Date.parse(a.updatedAt);
    const today = wallClock(changedAt).date;
    if (SAVES_TYPED_FIRST.has(verb) && typedPlanDiffers(b.sipPlan ?? emptyPlan(), d)) {
      // The plan's own fields as typed were saved first, as Spara saves them; the button's own
      // change (none for an export) then applies to that plan, with its new rev.
      const saved = savedFromCard(b.sipPlan ?? emptyPlan(), d, a, today);
      b.sipPlan = saved;
      if (verb === 'plan.export') {
        expect(stored(a.sipPlan)).toEqual(stored(saved));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.saved', 'plan.exported'], ticks: [] };
      }
      if (canonical(stored(a.sipPlan)) === canonical(stored(saved))) {
        // Saved, and the button's own change refused (the plan as saved is incomplete, say): the save stands alone.
        a.sipPlan = b.sipPlan;
        return { own: ['plan.saved'], ticks: [] };
      }
      const then = await expectRequestedChange(verb, { ...d, rev: saved.rev }, a, b);
      return then === undefined ? undefined : { ...then, own: ['plan.saved', ...then.own] };
    }
    switch (verb) {
      case 'baseline.set': {
        const item = d['item'] as BaselineItemId;
        const reason = d[`reason_${item}`];
        expect(a.baseline.items[item]).toMatchObject({ status: d['status'], rev: b.baseline.items[item].rev + 1, by: { aadObjectId: ANNA.aadObjectId } });
        expect(a.baseline.items[item].reason).toEqual(d['status'] === 'notApplicable' && typeof reason === 'string' ? asStored(reason).trim() : undefined);
        a.baseline.items[item] = b.baseline.items[item];
        return { own: ['baseline.itemSet'], ticks: [] };
      }
      case 'baseline.need':
        expect(a.baseline.need).toBe(d['need']);
        expect(a.baseline.items.B1.rev).toBe(b.baseline.items.B1.rev + 1);
        a.baseline.need = b.baseline.need;
        a.baseline.items.B1 = b.baseline.items.B1;
        return { own: ['baseline.needAnswered'], ticks: [] };
      case 'case.phase':
        expect(b.phase).toBe(d['from']);
        expect(a.phase).toBe(d['to']);
        a.phase = b.phase;
        return { own: ['case.phaseChanged'], ticks: [] };
      case 'case.close': {
        expect(a.phase).toBe('avslutat');
        expect(a.closure?.reason).toBe(asStored(String(d['closeReason'] ?? '')).trim());
        const check = closingCheck(b, 'Europe/Stockholm');
        expect(a.closure?.conditionMet).toBe(check.conditionMet);
        expect(a.closure?.early).toBe(check.conditionMet ? undefined : d['closeEarly']);
        const sip = a.closure?.sip;
        if (!check.sipLivesOn) expect(sip).toBeUndefined();
        else if (d['sipHolder'] === SIP_ENDS) expect(sip).toEqual({ kind: 'ended', reason: asStored(String(d['sipEndReason'])).trim() });
        else expect(sip).toEqual({ kind: 'continues', holder: expect.objectContaining({ aadObjectId: d['sipHolder'] }) });
        a.phase = b.phase;
        a.closure = b.closure;
        const sipEvent = sip === undefined ? [] : [sip.kind === 'continues' ? 'sip.continuesAfterClosing' : 'sip.ended'];
        return { own: [check.conditionMet ? 'case.closed' : 'case.closedEarly', ...sipEvent], ticks: [] };
      }
      case 'sip.end':
        expect(b.closure?.sip?.kind).toBe('continues');
        expect(a.closure?.sip).toMatchObject({ kind: 'ended', reason: asStored(String(d['endSipReason'])).trim() });
        a.closure = b.closure;
        return { own: ['sip.ended'], ticks: [] };

      case 'sip.plan': {
        const bm = b.sipMeetings ?? [];
        const am = a.sipMeetings ?? [];
        expect(am.slice(0, bm.length), 'meetings planned before').toEqual(bm);
        expect(am).toHaveLength(bm.length + 1);
        const m = am[bm.length]!;
        // Units one per line, each once; a principal with units is invited unit by unit, ticked or not.
        const unitsOf = (field: string) => [...new Set(String(d[field] ?? '').split(/\r?\n/).map((u) => blank(u)).filter((u): u is string => u !== undefined))];
        const units: Record<string, string[]> = { region: unitsOf('regionUnits'), kommun: unitsOf('kommunUnits') };
        for (const list of Object.values(units)) {
          expect(list.length, 'units per principal').toBeLessThanOrEqual(6);
          for (const u of list) expect(within(u, 80), 'unit').toBe(true);
        }
        const ticked = [...new Set(String(d['invited'] ?? '').split(',').map((r) => r.trim()).filter((r) => r !== ''))];
        const roles = [...new Set([...ticked, ...(['region', 'kommun'] as const).filter((r) => units[r]!.length > 0)])];
        const followUpOf = d['followUpOf'] === '' ? undefined : d['followUpOf'];
        // What the domain requires of a meeting: a purpose, someone invited, a sane length, a time to come.
        expect(blank(d['purpose']), 'purpose').toBeDefined();
        expect(roles.length, 'invited').toBeGreaterThan(0);
        for (const r of roles) expect(PARTY_ROLES).toContain(r);
        if (roles.includes('annan')) expect(blank(d['otherLabel']), 'otherLabel').toBeDefined();
        if (!roles.includes('personen')) expect(blank(d['withoutPersonReason']), 'withoutPersonReason').toBeDefined();
        if (followUpOf !== undefined) expect(bm.map((x) => x.id)).toContain(followUpOf);
        expect(Number(d['duration'])).toBeGreaterThanOrEqual(15);
        expect(Number(d['duration'])).toBeLessThanOrEqual(480);
        expect(wallClock(Date.parse(m.startsAt)), 'the time asked for, in the bot\'s zone').toEqual({ date: d['date'], time: d['time'] });
        expect(Date.parse(m.startsAt), 'a meeting in the past').toBeGreaterThan(Date.parse(m.createdAt));
        for (const [field, limit] of [['purpose', 500], ['questions', 1000], ['place', 300], ['link', 500], ['otherLabel', 80], ['chair', 80], ['noteTaker', 80]] as const) expect(within(blank(d[field]), limit), field).toBe(true);
        // A link is a whole https address with no credentials, written from the rule.
        const link = blank(d['link']);
        if (link !== undefined) {
          const url = new URL(link);
          expect([url.protocol, url.username, url.password, /\s/.test(link)], 'link').toEqual(['https:', '', '', false]);
        }
        if (!roles.includes('personen')) expect(within(blank(d['withoutPersonReason']), 500), 'withoutPersonReason').toBe(true);
        expect(m).toEqual(
          stored({
            id: `M${bm.length + 1}`,
            startsAt: m.startsAt,
            durationMinutes: Number(d['duration']),
            form: d['form'] ?? 'fysiskt',
            place: blank(d['place']),
            link: blank(d['link']),
            purpose: blank(d['purpose']),
            questions: blank(d['questions']),
            invited: roles.flatMap((role) => (role === 'annan' ? [{ role, label: blank(d['otherLabel']) }] : (units[role]?.length ?? 0) > 0 ? units[role]!.map((unit, i) => ({ role, unit, unitNo: i + 1 })) : [{ role }])),
            chair: blank(d['chair']),
            noteTaker: blank(d['noteTaker']),
            withoutPersonReason: roles.includes('personen') ? undefined : blank(d['withoutPersonReason']),
            status: 'planned',
            followUpOf,
            moves: [],
            createdAt: m.createdAt,
            plannedBy: { aadObjectId: ANNA.aadObjectId, principal: me?.principal },
            rev: 0,
          }),
        );
        a.sipMeetings = b.sipMeetings;
        return { own: ['sip.meetingPlanned'], ticks: [] };
      }
      case 'sip.move': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        expect(was, 'the meeting the card showed').toMatchObject({ status: 'planned', rev: revOf(d) });
        expect(wallClock(Date.parse(now.startsAt)), 'the time asked for, in the bot\'s zone').toEqual({ date: d['date'], time: d['time'] });
        expect(Date.parse(now.startsAt), 'moved into the past').toBeGreaterThan(changedAt);
        expect(now.startsAt !== was.startsAt || now.durationMinutes !== was.durationMinutes, 'a move that moves nothing').toBe(true);
        expect(now).toEqual({
          ...was,
          startsAt: now.startsAt,
          durationMinutes: Number(d['duration']),
          moves: [...was.moves, { from: was.startsAt, to: now.startsAt, at: now.moves.at(-1)?.at, byAadObjectId: ANNA.aadObjectId }],
          rev: was.rev + 1,
        });
        return { own: ['sip.meetingMoved'], ticks: [] };
      }
      case 'sip.cancel': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        const reason = blank(d[`cancelReason_${String(d['meetingId'])}`]);
        expect(was).toMatchObject({ status: 'planned', rev: revOf(d) });
        expect(reason, 'a cancel reason').toBeDefined();
        expect(within(reason, 500)).toBe(true);
        expect(now).toEqual({ ...was, status: 'cancelled', cancelReason: reason, rev: was.rev + 1 });
        return { own: ['sip.meetingCancelled'], ticks: [] };
      }
      case 'sip.held': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        expect(was).toMatchObject({ status: 'planned', rev: revOf(d) });
        expect(Date.parse(was.startsAt), 'held before it started').toBeLessThanOrEqual(Date.parse(now.heldAt ?? ''));
        const id = String(d['meetingId']);
        const asked = Object.keys(d).some((k) => k.startsWith(`attended_${id}_`) || k === `personTookPart_${id}`);
        const personInvited = was.invited.some((p) => p.role === 'personen');
        const attendance = asked
          ? {
              ...(personInvited ? { person: d[`personTookPart_${id}`] === 'yes' } : {}),
              absent: was.invited.map(keyOf).filter((k) => k !== 'personen' && d[`attended_${id}_${k}`] === 'false'),
            }
          : undefined;
        if (asked && personInvited) expect(['yes', 'no'], 'the person\'s part answered').toContain(d[`personTookPart_${id}`]);
        expect(stored(now)).toEqual(stored({ ...was, status: 'held', heldAt: now.heldAt, ...(attendance === undefined ? {} : { attendance: { ...attendance, ...(now.attendance?.personAbsentReason === undefined ? {} : { personAbsentReason: now.attendance.personAbsentReason }) } }), rev: was.rev + 1 }));
        // A meeting without the other principal is not a SIP meeting: it ticks nothing.
        const isSip = was.invited.some((p) => p.role === (was.plannedBy.principal === 'region' ? 'kommun' : 'region'));
        // A held SIP meeting asks B8 again for the period until the next one (000:35), keeping the period that ended.
        const sipOf = (m: SipMeeting) => m.invited.some((p) => p.role === (m.plannedBy.principal === 'region' ? 'kommun' : 'region'));
        const laterHeld = (b.sipMeetings ?? []).some((x) => x.id !== id && x.status === 'held' && sipOf(x as SipMeeting) && x.startsAt > was.startsAt);
        const newPeriod = isSip && !laterHeld && b.baseline.need !== 'no' && b.closure === undefined;
        if (newPeriod) {
          const b8 = b.baseline.items.B8;
          expect(a.baseline.items.B8, 'B8 asked again').toEqual({ status: 'notStarted', rev: b8.rev + 1, period: id });
          const ended = b8.period === undefined && b8.status === 'notStarted' ? [] : [{ after: b8.period, until: id, status: b8.status, reason: b8.reason, by: b8.by, at: b8.at }];
          expect(stored(a.baseline.b8Periods ?? []), 'B8 periods').toEqual(stored([...(b.baseline.b8Periods ?? []), ...ended]));
          a.baseline.items.B8 = b.baseline.items.B8;
          a.baseline.b8Periods = b.baseline.b8Periods;
        }
        return { own: ['sip.meetingHeld'], ticks: !isSip ? [] : was.followUpOf === undefined ? ['B5'] : ['B5', 'B6'] };
      }
      case 'sip.invitation.sent': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        // A card from before units sends the role alone; the role is then the party's key.
        const key = d['party'] ?? d['role'];
        expect(was).toMatchObject({ status: 'planned', rev: revOf(d) });
        const party = was.invited.find((p) => keyOf(p) === key);
        expect(party, `${String(key)} invited and not yet sent`).toBeDefined();
        expect(party?.sentAt).toBeUndefined();
        const sentAt = now.invited.find((p) => keyOf(p) === key)?.sentAt;
        expect(typeof sentAt).toBe('string');
        // Sent for the meeting's time: a mark left from before a move goes.
        const sent = ({ sentForEarlierTime: _earlier, ...p }: InvitedParty): InvitedParty => ({ ...p, sentAt });
        const invited = was.invited.map((p) => (keyOf(p) === key ? sent(p) : p));
        expect(now).toEqual({ ...was, invited, rev: was.rev + 1 });
        // B4 once every unit of the other principal has its kallelse.
        const other = was.plannedBy.principal === 'region' ? 'kommun' : 'region';
        const allOther = invited.filter((p) => p.role === other).every((p) => p.sentAt !== undefined);
        return { own: ['sip.invitationSent'], ticks: party?.role === other && allOther ? ['B4'] : [] };
      }
      case 'sip.invitation.undo': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        const key = d['party'] ?? d['role'];
        expect(was).toMatchObject({ status: 'planned', rev: revOf(d) });
        expect(typeof was.invited.find((p) => keyOf(p) === key)?.sentAt, `${String(key)} marked sent`).toBe('string');
        const unsent = ({ sentAt: _sentAt, ...p }: InvitedParty): InvitedParty => p;
        expect(now).toEqual({ ...was, invited: was.invited.map((p) => (keyOf(p) === key ? unsent(p) : p)), rev: was.rev + 1 });
        return { own: ['sip.invitationUndone'], ticks: [] };
      }
      case 'sip.preMeeting.save':
      case 'sip.preMeeting.held': {
        const { was, now } = changedMeeting(a, b, d['meetingId']);
        expect(was).toMatchObject({ status: 'planned', rev: revOf(d) });
        const previous = was.preMeeting ?? {};
        // Answers given replace what was saved (blank clears a text); answers not sent keep theirs.
        const answers: Record<string, unknown> = { ...previous };
        // From a card that sends all its inputs, a text not sent was emptied (renderers leave empty inputs out).
        const all = d['inputs'] === 'all';
        for (const f of PRE_MEETING_TEXT_FIELDS) if (typeof d[f] === 'string' || all) answers[f] = blank(d[f]);
        for (const f of ['relativesMayTakePart', 'otherPrincipalPreMeeting', 'wishedForm']) if (typeof d[f] === 'string' && d[f] !== '') answers[f] = d[f];
        // The multi-select sends its roles comma-separated; sent at all, it replaces what was saved.
        // No one chosen on a förmöte that never had anyone chosen is no answer.
        if (typeof d['invite'] === 'string' || all) {
          const invite = [...new Set(String(d['invite'] ?? '').split(',').filter((r) => r !== ''))];
          if (invite.length > 0 || previous.invite !== undefined) answers['invite'] = invite;
        }
        for (const f of PRE_MEETING_TEXT_FIELDS) expect(within(answers[f] as string | undefined, 1000), f).toBe(true);
        const saves = !isDeepStrictEqual(stored(answers), stored(previous));
        const holds = verb === 'sip.preMeeting.held' && previous.heldAt === undefined;
        const own = [...(saves ? ['sip.preMeetingSaved'] : []), ...(holds ? ['sip.preMeetingHeld'] : [])];
        const held = holds ? { heldAt: now.preMeeting?.heldAt, heldByAadObjectId: ANNA.aadObjectId } : {};
        if (holds) expect(typeof now.preMeeting?.heldAt).toBe('string');
        expect(stored(now)).toEqual(stored({ ...was, preMeeting: { ...answers, ...held }, rev: was.rev + own.length }));
        return { own, ticks: holds ? ['B3'] : [] };
      }

      case 'plan.save':
        expect(stored(a.sipPlan)).toEqual(stored(savedFromCard(b.sipPlan ?? emptyPlan(), d, a, today)));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.saved'], ticks: [] };
      case 'plan.effort.add': {
        const p = b.sipPlan ?? emptyPlan();
        expect(p.rev).toBe(revOf(d));
        expect(p.efforts.length, 'efforts before').toBeLessThan(30);
        const responsible = d['effortResponsible'] as (typeof EFFORT_RESPONSIBLE)[number];
        expect(EFFORT_RESPONSIBLE).toContain(responsible);
        expect(blank(d['effortWhat']), 'what').toBeDefined();
        if (responsible === 'annan') expect(blank(d['effortOtherParty']), 'otherParty').toBeDefined();
        if (blank(d['effortFrom']) !== undefined) expect(isIsoDate(blank(d['effortFrom'])), 'from').toBe(true);
        for (const [f, limit] of [['effortWhat', 300], ['effortHowOften', 100], ['effortOtherParty', 80]] as const) expect(within(blank(d[f]), limit), f).toBe(true);
        const effort = {
          id: `E${p.nextEffortNumber}`,
          what: blank(d['effortWhat'])!,
          howOften: blank(d['effortHowOften']),
          from: blank(d['effortFrom']),
          responsible,
          otherParty: responsible === 'annan' ? blank(d['effortOtherParty']) : undefined,
          // Tied to a goal or delmål of the plan, or to none ("none", or left blank).
          goal: blank(d['effortGoal']) === undefined || d['effortGoal'] === 'none' ? undefined : blank(d['effortGoal']),
        };
        if (effort.goal !== undefined) expect((p.goals ?? []).map((g) => g.id), 'the goal is in the plan').toContain(effort.goal);
        // An effort from a principal replaces the reason it had none.
        const reasons = responsible === 'region' ? { regionNoEffortsReason: undefined } : responsible === 'kommun' ? { kommunNoEffortsReason: undefined } : {};
        const next: MPlan = { ...p, ...reasons, efforts: [...p.efforts, effort], nextEffortNumber: p.nextEffortNumber + 1, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined, rev: p.rev + 1 };
        expect(stored(a.sipPlan)).toEqual(stored(agreedOrDraft(next)));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.effortAdded'], ticks: [] };
      }
      case 'plan.goal.add': {
        const p = b.sipPlan ?? emptyPlan();
        expect(p.rev).toBe(revOf(d));
        const text = blank(d['goalText']);
        expect(text, 'goal text').toBeDefined();
        expect(within(text, 300), 'goalText').toBe(true);
        const partOf = blank(d['goalPartOf']) === undefined || d['goalPartOf'] === 'none' ? undefined : blank(d['goalPartOf']);
        const by = blank(d['goalBy']);
        if (partOf !== undefined) {
          expect((p.goals ?? []).filter((g) => g.partOf === undefined).map((g) => g.id), 'a delmål of one of the goals').toContain(partOf);
          expect(by, 'a delmål has its date').toBeDefined();
        }
        if (by !== undefined) expect(isIsoDate(by), 'goalBy').toBe(true);
        expect((p.goals ?? []).length, 'goals before').toBeLessThan(20);
        const number = p.nextGoalNumber ?? 1;
        const goal = { id: `G${number}`, text: text!, partOf, by };
        const next: MPlan = { ...p, goals: [...(p.goals ?? []), goal], nextGoalNumber: number + 1, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined, rev: p.rev + 1 };
        expect(stored(a.sipPlan)).toEqual(stored(agreedOrDraft(next)));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.goalAdded'], ticks: [] };
      }
      case 'plan.goal.remove': {
        const p = b.sipPlan ?? emptyPlan();
        expect(p.rev).toBe(revOf(d));
        const id = d['goalId'];
        expect((p.goals ?? []).map((g) => g.id)).toContain(id);
        expect((p.goals ?? []).some((g) => g.partOf === id) || p.efforts.some((e) => e.goal === id), 'nothing tied to it').toBe(false);
        const rest = (p.goals ?? []).filter((g) => g.id !== id);
        const next: MPlan = { ...p, goals: rest.length === 0 ? undefined : rest, establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined, rev: p.rev + 1 };
        expect(stored(a.sipPlan)).toEqual(stored(agreedOrDraft(next)));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.goalRemoved'], ticks: [] };
      }
      case 'plan.effort.remove': {
        const p = b.sipPlan ?? emptyPlan();
        expect(p.rev).toBe(revOf(d));
        expect(p.efforts.map((e) => e.id)).toContain(d['effortId']);
        const next: MPlan = { ...p, efforts: p.efforts.filter((e) => e.id !== d['effortId']), establishedAt: undefined, establishedByAadObjectId: undefined, establishedWithPerson: undefined, rev: p.rev + 1 };
        expect(stored(a.sipPlan)).toEqual(stored(agreedOrDraft(next)));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.effortRemoved'], ticks: [] };
      }
      case 'plan.establish': {
        const p = b.sipPlan ?? emptyPlan();
        expect(p.rev).toBe(revOf(d));
        expect(planComplete(p), 'established an incomplete plan').toBe(true);
        expect(p.establishedAt, 'established twice').toBeUndefined();
        // Upprättad at the latest SIP meeting held (both principals invited).
        const meeting = (b.sipMeetings ?? [])
          .filter((m) => m.status === 'held' && m.invited.some((x) => x.role === 'region') && m.invited.some((x) => x.role === 'kommun'))
          .sort((x, y) => String(y.heldAt).localeCompare(String(x.heldAt)))[0];
        expect(meeting, 'established before a SIP meeting was held').toBeDefined();
        const at = a.sipPlan?.establishedAt;
        expect(typeof at).toBe('string');
        const withPerson = d['withPerson'] === 'yes' ? { establishedWithPerson: true } : d['withPerson'] === 'no' ? { establishedWithPerson: false } : {};
        // The next version, kept in full: the plan's content as it stood, and where it was agreed.
        const number = (p.established?.version ?? 0) + 1;
        const { followUpSetAt: _set, establishedAt: _at, establishedByAadObjectId: _by, establishedWithPerson: _with, established: _in, versions: _versions, nextEffortNumber: _next, rev: _rev, ...content } = p;
        const version = a.sipPlan?.established;
        expect(version).toMatchObject({ version: number, establishedAt: at, establishedByAadObjectId: ANNA.aadObjectId, meetingId: meeting!.id, meetingHeldAt: meeting!.heldAt });
        expect(stored(version?.content)).toEqual(stored(content));
        expect(stored(a.sipPlan)).toEqual(
          stored({ ...p, establishedAt: at, establishedByAadObjectId: ANNA.aadObjectId, ...withPerson, established: version, versions: [...(p.versions ?? []), { version: number, establishedAt: at, meetingId: meeting!.id, followUpDate: p.followUpDate }], rev: p.rev + 1 }),
        );
        const key = `plan_${String(number).padStart(4, '0')}`;
        const [copy] = await bot.app.cases.snapshots(TENANT, a.code, key);
        expect(copy?.content, `kept copy ${key}`).toEqual(stored(version));
        a.sipPlan = b.sipPlan;
        return { own: ['plan.established'], ticks: [], kept: [key] };
      }
      case 'crisis.save': {
        const p = b.crisisPlan ?? emptyCrisis();
        expect(p.rev).toBe(revOf(d));
        expect(p.signs.length, 'a crisis plan without signs').toBeGreaterThan(0);
        const reviewDate = blank(d['reviewDate']);
        expect(isIsoDate(reviewDate), 'reviewDate').toBe(true);
        expect(reviewDate! >= today, 'a review date in the past').toBe(true);
        for (const f of ['triggers', 'personDoesThemselves']) expect(within(blank(d[f]), 1000), f).toBe(true);
        const revision = p.revision + 1;
        // The review date a new revision replaces is kept with the day, for the statistics.
        const reviews = p.revision > 0 && p.reviewDate !== undefined ? [...(p.reviews ?? []), { due: p.reviewDate, revisedOn: today }].slice(-24) : p.reviews;
        const next: MCrisis = {
          ...p,
          reviews,
          triggers: blank(d['triggers']),
          personDoesThemselves: blank(d['personDoesThemselves']),
          reviewDate,
          revision,
          savedAt: a.crisisPlan?.savedAt,
          savedByAadObjectId: ANNA.aadObjectId,
          rev: p.rev + 1,
        };
        expect(typeof a.crisisPlan?.savedAt).toBe('string');
        expect(stored(a.crisisPlan)).toEqual(stored(next));
        // Each saved revision is kept in full, next to the case.
        const key = `crisis_${String(revision).padStart(4, '0')}`;
        const [copy] = await bot.app.cases.snapshots(TENANT, a.code, key);
        expect(copy?.content, `kept copy ${key}`).toEqual(stored(a.crisisPlan));
        a.crisisPlan = b.crisisPlan;
        return { own: ['crisis.revised'], ticks: ['B7'], kept: [key] };
      }
      case 'crisis.sign.add': {
        const p = b.crisisPlan ?? emptyCrisis();
        expect(p.rev).toBe(revOf(d));
        expect(p.signs.length, 'signs before').toBeLessThan(15);
        expect(SIGN_DESCRIBED_BY).toContain(d['signDescribedBy']);
        expect(blank(d['signDescription']), 'description').toBeDefined();
        const actions: Record<string, string> = {};
        for (const who of CRISIS_ACTORS) {
          const what = blank(d[`action_${who}`]);
          if (what !== undefined) actions[who] = what;
        }
        expect(Object.keys(actions).length, 'a sign nobody acts on').toBeGreaterThan(0);
        for (const what of Object.values(actions)) expect(within(what, 300)).toBe(true);
        expect(within(blank(d['signDescription']), 300) && within(blank(d['signContact']), 200)).toBe(true);
        const sign = { id: `S${p.nextSignNumber}`, description: blank(d['signDescription'])!, describedBy: d['signDescribedBy'] as (typeof SIGN_DESCRIBED_BY)[number], actions, contact: blank(d['signContact']) };
        expect(stored(a.crisisPlan)).toEqual(stored({ ...p, signs: [...p.signs, sign], nextSignNumber: p.nextSignNumber + 1, rev: p.rev + 1 }));
        a.crisisPlan = b.crisisPlan;
        return { own: ['crisis.signAdded'], ticks: [] };
      }
      case 'crisis.sign.remove': {
        const p = b.crisisPlan ?? emptyCrisis();
        expect(p.rev).toBe(revOf(d));
        expect(p.signs.map((s) => s.id)).toContain(d['signId']);
        expect(stored(a.crisisPlan)).toEqual(stored({ ...p, signs: p.signs.filter((s) => s.id !== d['signId']), rev: p.rev + 1 }));
        a.crisisPlan = b.crisisPlan;
        return { own: ['crisis.signRemoved'], ticks: [] };
      }

      case 'case.colleague.add': {
        const colleague = (d['colleague'] as string).toLowerCase();
        expect(me, 'only a coordinator adds one').toBeDefined();
        expect(b.coordinators.map((c) => c.aadObjectId), 'added twice').not.toContain(colleague);
        expect(b.coordinators.every((c) => c.principal === me?.principal), 'a third coordinator').toBe(true);
        // Told now when the bot can reach them, which is a second write; otherwise when they add the bot.
        const address = await bot.app.conversations.find(TENANT, { kind: 'user', aadObjectId: colleague });
        const told = address !== undefined;
        const added = a.coordinators[b.coordinators.length];
        expect(a.coordinators.slice(0, b.coordinators.length)).toEqual(b.coordinators);
        expect(a.coordinators).toHaveLength(b.coordinators.length + 1);
        expect(stored(added)).toEqual(
          stored({
            aadObjectId: colleague,
            userId: address?.userId,
            name: address?.userName,
            principal: me?.principal === 'region' ? 'kommun' : 'region',
            trained: d['colleagueTrained'] === 'true',
            addedAt: added?.addedAt,
            noticePending: !told,
          }),
        );
        expect(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: colleague }), 'the colleague\'s index').toContain(a.code);
        a.coordinators = b.coordinators;
        return { own: told ? ['case.coordinatorAdded', 'case.coordinatorNotified'] : ['case.coordinatorAdded'], ticks: [] };
      }
      case 'reminders.preferences': {
        // The form's inputs are named after the case the handler settled on, not the code as typed.
        expect(a.coordinators.find((c) => c.aadObjectId === ANNA.aadObjectId)).toMatchObject({
          remindersMuted: d[`muted_${b.code}`] === 'true',
          // Without the choice (a case with no linked chat shows none) it stays where it was.
          reminderDelivery:
            d[`delivery_${b.code}`] === undefined ? (b.coordinators.find((c) => c.aadObjectId === ANNA.aadObjectId)?.reminderDelivery ?? 'personal') : d[`delivery_${b.code}`] === 'groupChat' ? 'groupChat' : 'personal',
        });
        expect(me, 'Anna coordinates the case').toBeDefined();
        a.coordinators = b.coordinators;
        return { own: ['reminders.preferencesChanged'], ticks: [] };
      }
      case 'case.unit.set': {
        // One of the region's listed units (Anna's principal), in the list's spelling.
        const listed = TEST_UNITS.region.find((u) => u.toLocaleLowerCase('sv') === String(d['myUnit'] ?? '').trim().toLocaleLowerCase('sv'));
        expect(listed, 'a unit off the list').toBeDefined();
        expect(me, 'Anna coordinates the case').toBeDefined();
        expect(a.coordinators).toEqual(b.coordinators.map((c) => (c.aadObjectId === ANNA.aadObjectId ? { ...c, unit: listed } : c)));
        a.coordinators = b.coordinators;
        return { own: listed === me?.unit ? [] : ['case.unitSet'], ticks: [] };
      }
      default:
        return undefined;
    }
  }

  /**
   * The SIP flow's ticks: each named item still open (and the checklist not closed by "no need")
   * becomes done by Anna, from the SIP flow; the first also answers B1 "yes" if it was unanswered.
   */
  function expectTicks(audit: AuditEntry[], items: readonly BaselineItemId[], a: MState, b: MState): void {
    const open = items.filter((i) => b.baseline.items[i].status === 'notStarted' && b.baseline.need !== 'no');
    const expected = open.map((i) => `${i}:done`);
    if (open.length > 0 && b.baseline.need === undefined) expected.push('B1:yes');
    const ticks = audit.filter((e) => e.action === 'baseline.autoTicked').map((e) => e.detail ?? '');
    expect(ticks.sort(), 'baseline items ticked by the SIP flow').toEqual(expected.sort());
    for (const t of expected) {
      const item = t.slice(0, 2) as BaselineItemId;
      expect(a.baseline.items[item], `${item} ticked`).toMatchObject({ status: 'done', source: 'sip', rev: b.baseline.items[item].rev + 1, by: { aadObjectId: ANNA.aadObjectId } });
      a.baseline.items[item] = b.baseline.items[item];
    }
    if (expected.includes('B1:yes')) {
      expect(a.baseline.need).toBe('yes');
      a.baseline.need = b.baseline.need;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Time in the bot's zone, for the dates and times a card's inputs carry.

  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;

  /**
   * The same on a working day: the first one on or after it. A date on a weekend or holiday is
   * asked about before it is kept (a second press keeps it), which valid payloads do not exercise.
   */
  function workingWallClock(ms: number): { date: string; time: string } {
    const at = wallClock(ms);
    return { ...at, date: nextWorkingDayOnOrAfter(at.date) };
  }

  /** The wall-clock date (YYYY-MM-DD) and time (HH:MM) of an instant in the bot's time zone. */
  function wallClock(ms: number): { date: string; time: string } {
    const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: bot.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
  }

  /** Makes each valid payload a little different, so saving it again is a change. */
  let serial = 0;
  /** Where the personnummer shapes start rotating over a verb's fields: drawn from the run's seed. */
  const SHAPE_ROTATION = fc.sample(fc.nat({ max: 999 }), 1)[0]!;

  // ---------------------------------------------------------------------------------------------
  // Cases the properties aim at, and bystanders that nothing may touch.

  /** The code of the case a hub card shows, or undefined for any other answer. */
  function codeOfHub(body: InvokeBody): string | undefined {
    if (body.type !== CARD) return undefined;
    try {
      return String(actionIn(body.value, 'case.refresh').data['code']);
    } catch {
      return undefined;
    }
  }

  /** Creates a case as Anna (with Björn, unless solo), optionally answering B1 yes; returns the code the bot gave it. */
  async function createCase(opts: { as?: Client; needYes?: boolean; solo?: boolean } = {}): Promise<string> {
    const res = await (opts.as ?? anna).press('case.create', caseForm(opts.solo === true ? { colleague: '' } : {}));
    const code = codeOfHub(res);
    expect(code, JSON.stringify(res.value).slice(0, 300)).toMatch(/^VSS-\d{4}-\d{4}$/);
    expect(JSON.stringify(res.value)).toContain(`Ärende ${code}`);
    if (opts.needYes === true) {
      const need = await (opts.as ?? anna).press('baseline.need', { code, need: 'yes', rev: 0 });
      expect(need.type).toBe(CARD);
    }
    return code!;
  }

  /**
   * A case with a code of its own choosing, written straight to the store as cases were before the
   * bot gave codes (a hand-typed code), with its owner's index entry.
   */
  async function seedCase(code: string, tenant: string, owner: Person): Promise<void> {
    const at = new Date(tick).toISOString();
    const state: CaseState = {
      ...(await stateOf(viewCase)),
      tenantId: tenant,
      code,
      createdAt: at,
      updatedAt: at,
      createdBy: { aadObjectId: owner.aadObjectId, name: owner.name },
      coordinators: [{ aadObjectId: owner.aadObjectId, userId: owner.userId, name: owner.name, principal: 'region', trained: true, addedAt: at }],
      linkedChatIds: [],
      version: 1,
    };
    await bot.app.caseIndex.add(tenant, { kind: 'user', aadObjectId: owner.aadObjectId }, code);
    expect(await bot.app.cases.create(state, [{ action: 'case.created', at, by: { aadObjectId: owner.aadObjectId, name: owner.name } }])).not.toBe('codeTaken');
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

  /**
   * The case each verb's properties work on: views that do not write share one (with a held and a
   * planned meeting, a plan with an effort and a saved crisis plan); each audited view has one like
   * it of its own, so the shared one's audit trail stays short; each changing verb has its own.
   */
  const targets = new Map<string, string>();
  /** A reminder of Anna's on a case, for reminder.snooze to name. */
  const snoozable = new Map<string, { key: string; dueDate: string }>();
  let viewCase = '';

  /** A case with something for every view to show: a held and a planned meeting, a plan, a crisis plan. */
  async function createViewCase(): Promise<string> {
    const code = await createCase({ needYes: true });
    await planStartedMeeting(code);
    await perform('sip.held', code);
    await perform('sip.plan', code, { followUpOf: '' });
    await perform('plan.save', code, { noOtherParties: 'true' });
    await perform('plan.effort.add', code, { effortResponsible: 'kommun' });
    await perform('plan.effort.add', code, { effortResponsible: 'region' });
    // Version 1 upprättad, then changed: a draft of version 2, with version 1 in force to read back.
    await perform('plan.establish', code);
    await perform('plan.effort.add', code, { effortResponsible: 'kommun' });
    await perform('crisis.sign.add', code);
    await perform('crisis.save', code);
    return code;
  }

  const stateOf = async (code: string): Promise<CaseState> => (await bot.app.cases.get(TENANT, code))!.state;
  const planOf = (s: CaseState): SipPlan => s.sipPlan ?? emptyPlan();
  const signsOf = (s: CaseState) => s.crisisPlan?.signs ?? [];

  /** A case on which the verb's valid payload can still do something; replaced when used up. */
  async function targetFor(verb: string): Promise<string> {
    if (kindOf(verb) === 'auditedView') {
      const own = targets.get(verb) ?? (await createViewCase());
      targets.set(verb, own);
      return own;
    }
    if (verb === 'reminder.snooze' && !snoozable.has(viewCase)) {
      const [first] = await bot.app.reminders.upcoming(TENANT, viewCase, ANNA.aadObjectId);
      expect(first, 'a reminder of the view case to snooze').toBeDefined();
      snoozable.set(viewCase, { key: first!.key, dueDate: first!.dueDate });
    }
    if (!mayChange(verb)) return viewCase;
    let code = targets.get(verb);
    let state = code === undefined ? undefined : (await bot.app.cases.get(TENANT, code))?.state;
    if (state === undefined || usedUp(verb, state)) {
      code = await createCase({ needYes: verb === 'baseline.set', solo: verb === 'case.colleague.add' });
      targets.set(verb, code);
      state = await stateOf(code);
    }
    await prepare(verb, code!, state);
    return code!;
  }

  /** Whether a target can no longer take the verb's valid payload (or has grown large). */
  function usedUp(verb: string, s: CaseState): boolean {
    if (s.closure !== undefined) return true;
    switch (verb) {
      case 'case.phase':
        return s.phase === 'uppfoljning';
      case 'baseline.set':
        return s.baseline.need !== 'yes';
      case 'case.colleague.add':
        return s.coordinators.length > 1;
      case 'plan.effort.add':
        return planOf(s).efforts.length >= 25;
      case 'plan.goal.add':
        return (planOf(s).goals ?? []).length >= 16;
      case 'crisis.sign.add':
        return signsOf(s).length >= 12;
      // Every point done, or left out by a later yes: nothing more to mark on this case.
      case 'evaluation.done':
        return s.evaluation?.consent.status === 'given' && markablePoint(s) === undefined;
      default:
        return verb.startsWith('sip.') && (s.sipMeetings ?? []).length >= 12;
    }
  }

  /** Brings a target to where the verb's valid payload does something, through the bot itself. */
  async function prepare(verb: string, code: string, s: CaseState): Promise<void> {
    switch (verb) {
      case 'sip.move':
      case 'sip.cancel':
      case 'sip.invitation.sent':
      case 'sip.preMeeting.save':
      case 'sip.preMeeting.held':
        if (meetingFor(verb, s) === undefined) await perform('sip.plan', code);
        return;
      case 'sip.held':
        if (meetingFor(verb, s) === undefined) await planStartedMeeting(code);
        return;
      case 'sip.invitation.undo':
        if (meetingFor(verb, s) !== undefined) return;
        if (meetingFor('sip.invitation.sent', s) === undefined) await perform('sip.plan', code);
        await perform('sip.invitation.sent', code);
        return;
      case 'plan.goal.remove':
        if (removableGoal(planOf(s)) === undefined) await perform('plan.goal.add', code);
        return;
      case 'plan.effort.remove':
        if (planOf(s).efforts.length === 0) {
          await perform('plan.effort.add', code);
          await perform('plan.effort.add', code);
        }
        return;
      case 'plan.establish':
        // The plan is upprättad at a held SIP meeting.
        if (!(s.sipMeetings ?? []).some((m) => m.status === 'held')) {
          await planStartedMeeting(code);
          await perform('sip.held', code);
        }
        if (planOf(s).establishedAt !== undefined) {
          // Any change makes an established plan a draft that can be established again.
          await perform('plan.save', code);
        } else if (!planComplete(planOf(s))) {
          // A hostile run may have saved the plan incomplete (a field left out is saved empty): only what is missing is added.
          await perform('plan.save', code, { noOtherParties: 'true' });
          for (const principal of ['region', 'kommun'] as const) if (!planOf(s).efforts.some((e) => e.responsible === principal)) await perform('plan.effort.add', code, { effortResponsible: principal });
        }
        return;
      // The evaluation card offers the answer while no yes holds, the withdrawal while one does,
      // "Markera genomförd" on a point not done and "Ångra" on one done.
      case 'evaluation.consent':
        if (s.evaluation?.consent.status === 'given') await perform('evaluation.withdraw', code);
        return;
      case 'evaluation.withdraw':
        if (s.evaluation?.consent.status !== 'given') await perform('evaluation.consent', code, { evaluationConsent: 'given' });
        return;
      case 'evaluation.done':
        if (s.evaluation?.consent.status !== 'given') await perform('evaluation.consent', code, { evaluationConsent: 'given' });
        return;
      case 'evaluation.undo':
        if (Object.keys(s.evaluation?.done ?? {}).length === 0) {
          if (s.evaluation?.consent.status !== 'given') await perform('evaluation.consent', code, { evaluationConsent: 'given' });
          await perform('evaluation.done', code);
        }
        return;
      case 'crisis.save':
      case 'crisis.sign.remove':
        if (signsOf(s).length === 0) {
          await perform('crisis.sign.add', code);
          await perform('crisis.sign.add', code);
        }
        return;
      default:
        return;
    }
  }

  /** Presses the verb's valid payload (with overrides) as Anna, and requires that it changed the case. */
  async function perform(verb: string, code: string, overrides: Json = {}): Promise<CaseState> {
    const before = await stateOf(code);
    const res = await anna.press(verb, { ...validPayload(verb, before), ...overrides });
    const after = await stateOf(code);
    expect(after.version, `${verb} while preparing ${code}: ${JSON.stringify(res.value).slice(0, 400)}`).toBeGreaterThan(before.version);
    return after;
  }

  /** Plans a meeting a few minutes ahead, then moves the clock past its start. */
  async function planStartedMeeting(code: string): Promise<void> {
    const startsAt = Math.ceil((tick + 3 * MINUTE) / MINUTE) * MINUTE;
    await perform('sip.plan', code, { ...wallClock(startsAt), duration: '30' });
    tick = Math.max(tick, startsAt + MINUTE);
  }

  /** The meeting a verb's valid payload names: one the SIP card offers that action for. */
  function meetingFor(verb: string, s: CaseState): SipMeeting | undefined {
    const all = s.sipMeetings ?? [];
    const planned = all.filter((m) => m.status === 'planned');
    const upcoming = planned.filter((m) => Date.parse(m.startsAt) > tick + DAY);
    switch (verb) {
      case 'sip.held':
        return planned.filter((m) => Date.parse(m.startsAt) <= tick).at(-1);
      case 'sip.preMeeting.held':
        return upcoming.filter((m) => m.preMeeting?.heldAt === undefined).at(-1);
      case 'sip.invitation.sent':
        return upcoming.filter((m) => m.invited.some((p) => p.sentAt === undefined)).at(-1);
      case 'sip.invitation.undo':
        return upcoming.filter((m) => m.invited.some((p) => p.sentAt !== undefined)).at(-1);
      case 'sip.move':
      case 'sip.cancel':
      case 'sip.preMeeting.save':
        return upcoming.at(-1);
      default:
        return upcoming.at(-1) ?? all.at(-1);
    }
  }

  /** A point the evaluation card offers "Markera genomförd" on: covered by the yes in force, not done. */
  function markablePoint(s: CaseState): string | undefined {
    if (s.evaluation?.consent.status !== 'given') return undefined;
    return evaluationPoints(s, DEFAULT_REMINDER_SETTINGS, bot.config.timeZone, wallClock(tick).date).find((p) => p.status !== 'done' && p.status !== 'notAsked')?.id;
  }

  /** A held meeting nothing follows up yet: the SIP card offers to book its follow-up. */
  const followUpFor = (s: CaseState): string | undefined => (s.sipMeetings ?? []).find((m) => m.status === 'held' && !(s.sipMeetings ?? []).some((x) => x.followUpOf === m.id))?.id;

  /** A payload the verb accepts for this case, as the bot's own card would send it. */
  type Item = 'B2' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7' | 'B8';
  function validPayload(verb: string, s: CaseState, item: Item = 'B2'): Json {
    const n = ++serial;
    const code = s.code;
    const m = meetingFor(verb, s);
    const meeting = { code, meetingId: m?.id ?? 'M1' };
    const rev = m?.rev ?? 0;
    const plan = planOf(s);
    const crisis = s.crisisPlan;
    switch (verb) {
      case 'help.show':
      case 'case.new':
      case 'case.list':
        return {};
      case 'command.run':
        return { text: 'hjälp' };
      case 'case.create':
        // A fresh form each time: a form submitted again creates nothing new.
        return { ...caseForm(), formId: randomUUID() };
      case 'case.phase':
        return { code, from: s.phase, to: PHASES[PHASES.indexOf(s.phase) + 1] ?? 'avslutat' };
      case 'case.close':
        // Early for another reason when 003:114's condition is not met; a SIP that lives on ends too.
        return { code, closeEarly: 'other', closeReason: 'Målen är uppnådda', ...(closingCheck(s, 'Europe/Stockholm').sipLivesOn ? { sipHolder: SIP_ENDS, sipEndReason: 'Personen vill inte ha SIP' } : {}) };
      case 'sip.end':
        return { code, endSipReason: 'Målen i planen är nådda' };
      case 'case.phase.back':
        return { code, from: s.phase, returnTo: PHASES[Math.max(0, PHASES.indexOf(s.phase) - 1)], returnReason: 'Återfall: kartläggningen görs om' };
      case 'baseline.set': {
        const current = s.baseline.items[item];
        const status = current.status === 'done' ? 'notApplicable' : 'done';
        return { code, item, status, rev: current.rev, [`reason_${item}`]: 'Behövs inte för den här personen' };
      }
      case 'baseline.need':
        return { code, need: s.baseline.need === 'yes' ? 'no' : 'yes', rev: s.baseline.items.B1.rev, reason_B1: 'Kommunen har inga insatser' };

      // The SIP card: its buttons carry the meeting and its rev; the forms add their inputs.
      case 'sip.plan.open': {
        const followUpOf = followUpFor(s);
        return followUpOf === undefined ? { code } : { code, followUpOf };
      }
      case 'sip.plan':
        // The plan form is shared with moving: it always sends meetingId and rev, empty when planning.
        return {
          code,
          meetingId: '',
          rev: 0,
          followUpOf: followUpFor(s) ?? '',
          ...workingWallClock(tick + 30 * DAY + (n % 5) * 15 * MINUTE),
          // The form has not asked about a weekend or holiday: its button sends no day back.
          confirmedDay: '',
          duration: ['30', '45', '60', '90', '120'][n % 5],
          form: (['fysiskt', 'teams', 'telefon'] as const)[n % 3],
          place: 'Mottagningen, rum 3',
          link: n % 2 === 0 ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${n}%40thread.v2/0` : '',
          purpose: `Gemensam planering av boende och sysselsättning (${n})`,
          questions: 'Vem stöttar vid flytten?',
          invited: 'personen,region,kommun,annan',
          otherLabel: 'Hyresvärden',
          // Every third meeting invites the kommun unit by unit.
          regionUnits: '',
          kommunUnits: n % 3 === 0 ? 'Socialpsykiatri\nLSS' : '',
          chair: 'Samordnare region',
          noteTaker: '',
          withoutPersonReason: '',
        };
      case 'sip.move.open':
      case 'sip.checklist.open':
      case 'sip.invitation.open':
      case 'sip.preMeeting.open':
        return meeting;
      case 'sip.move': {
        const to = (m === undefined ? tick + 40 * DAY : Date.parse(m.startsAt)) + (1 + (n % 20)) * DAY;
        return { ...meeting, rev, followUpOf: '', ...workingWallClock(to), confirmedDay: '', duration: ['45', '60', '90'][n % 3] };
      }
      case 'sip.cancel':
        // The reason input is named after the meeting, in a ShowCard of its own.
        return { ...meeting, rev, [`cancelReason_${meeting.meetingId}`]: 'Personen är sjuk' };
      case 'sip.held': {
        // In a ShowCard per meeting: whether the person took part, and a toggle per other party.
        const id = meeting.meetingId;
        const parties = (m?.invited ?? []).filter((p) => p.role !== 'personen');
        return {
          ...meeting,
          rev,
          ...(m?.invited.some((p) => p.role === 'personen') === false ? {} : { [`personTookPart_${id}`]: 'yes', [`personAbsentReason_${id}`]: '' }),
          ...Object.fromEntries(parties.map((p, i) => [`attended_${id}_${keyOf(p)}`, (n + i) % 3 === 0 ? 'false' : 'true'])),
        };
      }
      // Each party's row sends its role and its key (a unit's, such as "kommun2").
      case 'sip.invitation.sent': {
        const p = m?.invited.find((x) => x.sentAt === undefined);
        return { ...meeting, rev, role: p?.role ?? 'personen', party: p === undefined ? 'personen' : keyOf(p) };
      }
      case 'sip.invitation.undo': {
        const p = m?.invited.find((x) => x.sentAt !== undefined);
        return { ...meeting, rev, role: p?.role ?? 'personen', party: p === undefined ? 'personen' : keyOf(p) };
      }
      case 'sip.preMeeting.save':
      case 'sip.preMeeting.held':
        return {
          ...meeting,
          rev,
          inputs: 'all',
          whatMatters: `Att få bo kvar i lägenheten (${n})`,
          goals: 'Eget boende',
          whomToInvite: 'Boendestödet och hyresvärden',
          relativesMayTakePart: (['yes', 'no', 'unsure'] as const)[n % 3],
          consentCovers: 'Uppgifter om boende och insatser',
          consentDoesNotCover: '',
          adaptations: 'Korta pauser',
          practical: 'Färdtjänst till mötet',
          otherPrincipalPreMeeting: n % 2 === 0 ? 'yes' : 'no',
          invite: ['narstaende,godman', '', 'boende'][n % 3],
          wishedForm: (['fysiskt', 'teams', ''] as const)[n % 3],
          wishedPlace: n % 2 === 0 ? 'Hemma hos personen' : '',
        };

      // The plan card: the plan's inputs, and an effort form in a ShowCard that carries them too.
      case 'plan.save':
        return {
          code,
          rev: plan.rev,
          ownGoals: `Att klara vardagen själv (${n})`,
          personDoesThemselves: 'Handlar och lagar mat',
          ownResources: n % 3 === 0 ? '' : `Stöd från syskon och en hund att gå ut med (${n})`,
          overallResponsible: n % 2 === 0 ? 'region' : 'kommun',
          followUpDate: workingWallClock(tick + 60 * DAY).date,
          confirmedDay: '',
          noOtherParties: 'true',
          ...reasonInputs(plan),
        };
      case 'plan.effort.add':
        return {
          code,
          rev: plan.rev,
          confirmedDay: '',
          ...planCardInputs(plan),
          effortWhat: `Boendestöd (${n})`,
          effortHowOften: 'Två gånger i veckan',
          effortFrom: wallClock(tick + 14 * DAY).date,
          effortResponsible: EFFORT_RESPONSIBLE[n % EFFORT_RESPONSIBLE.length],
          effortOtherParty: 'Hyresvärden',
          // Every other effort works toward the plan's last goal, when it has one.
          effortGoal: n % 2 === 0 ? (plan.goals?.at(-1)?.id ?? 'none') : 'none',
        };
      case 'plan.goal.add': {
        // Every other goal is a delmål of the plan's first goal, with its date.
        const parent = plan.goals?.find((g) => g.partOf === undefined);
        const sub = n % 2 === 1 && parent !== undefined;
        return { code, rev: plan.rev, confirmedDay: '', ...planCardInputs(plan), goalText: `Klara hyran själv (${n})`, goalPartOf: sub ? parent.id : 'none', goalBy: sub ? wallClock(tick + 30 * DAY).date : '' };
      }
      // A remove button sits in the plan card's body: the plan's own inputs come along.
      case 'plan.goal.remove':
        return { code, goalId: removableGoal(plan) ?? 'G1', rev: plan.rev, confirmedDay: '', ...planCardInputs(plan) };
      case 'plan.effort.remove':
        return { code, effortId: plan.efforts[0]?.id ?? 'E1', rev: plan.rev, confirmedDay: '', ...planCardInputs(plan) };
      case 'plan.export':
        return { code, rev: plan.rev, confirmedDay: '', ...planCardInputs(plan) };
      case 'plan.establish':
        // In a ShowCard on the plan card: its question, and the plan card's own inputs as they stand.
        return {
          code,
          rev: plan.rev,
          confirmedDay: '',
          withPerson: n % 2 === 0 ? 'yes' : 'no',
          ...planCardInputs(plan),
        };
      case 'crisis.save':
        return { code, rev: crisis?.rev ?? 0, triggers: `Sömnbrist och konflikter (${n})`, personDoesThemselves: 'Ringer sin kontaktperson', reviewDate: workingWallClock(tick + 90 * DAY).date, confirmedDay: '' };
      case 'crisis.sign.add':
        return {
          code,
          rev: crisis?.rev ?? 0,
          ...crisisCardInputs(crisis),
          signDescription: `Drar sig undan och slutar svara (${n})`,
          signDescribedBy: SIGN_DESCRIBED_BY[n % SIGN_DESCRIBED_BY.length],
          action_personen: 'Ringer mottagningen',
          action_narstaende: '',
          action_kommun: 'Boendestödet gör ett extra besök',
          action_region: n % 2 === 0 ? 'Mottagningen erbjuder en tid samma vecka' : '',
          signContact: 'Mottagningen, vardagar 8–16',
        };
      case 'crisis.sign.remove':
        return { code, signId: crisis?.signs[0]?.id ?? 'S1', rev: crisis?.rev ?? 0, ...crisisCardInputs(crisis) };
      case 'crisis.export':
        return { code, rev: crisis?.rev ?? 0, ...crisisCardInputs(crisis) };
      // "Till ärendet" sends the card's own inputs as they stand; nothing unsaved, so it goes.
      case 'plan.leave':
        return { code, rev: plan.rev, discard: '', ...planCardInputs(plan) };
      case 'crisis.leave':
        return { code, rev: crisis?.rev ?? 0, discard: '', ...crisisCardInputs(crisis) };
      case 'sip.preMeeting.leave': {
        // The case's own förmöte card, its answers as saved.
        const pm: Partial<NonNullable<CaseState['preMeeting']>> = s.preMeeting ?? {};
        return {
          code,
          meetingId: 'F',
          rev: s.preMeeting?.rev ?? 0,
          discard: '',
          inputs: 'all',
          ...Object.fromEntries(PRE_MEETING_TEXT_FIELDS.map((f) => [f, pm[f] ?? ''])),
          relativesMayTakePart: pm.relativesMayTakePart ?? '',
          otherPrincipalPreMeeting: pm.otherPrincipalPreMeeting ?? '',
          invite: (pm.invite ?? []).join(','),
          wishedForm: pm.wishedForm ?? '',
        };
      }

      case 'case.colleague.add':
        return { code, colleague: BJORN.aadObjectId, colleagueTrained: n % 2 === 0 ? 'true' : 'false' };

      // The consent card's form, and the withdrawal in a ShowCard on it or on the hub.
      case 'consent.record':
        return { code, rev: s.consent.rev ?? 0, consentForm: n % 2 === 0 ? 'oral' : 'written', consentScope: `Uppgifter om boende och insatser (${n})`, consentValidUntil: wallClock(tick + 200 * DAY).date };
      case 'consent.withdraw':
        return { code, rev: s.consent.rev ?? 0, consentWithdrawnOn: wallClock(tick).date, from: n % 2 === 0 ? 'hub' : 'consent' };

      // The evaluation card: the answer while no yes holds (one that changes it), the withdrawal, a point's buttons.
      case 'evaluation.consent':
        return { code, rev: s.evaluation?.rev ?? 0, evaluationConsent: s.evaluation?.consent.status === 'declined' || n % 2 === 0 ? 'given' : 'declined' };
      case 'evaluation.withdraw':
        return { code, rev: s.evaluation?.rev ?? 0, evaluationWithdrawnOn: wallClock(tick).date };
      case 'evaluation.done':
        return { code, point: markablePoint(s) ?? 'P0', rev: s.evaluation?.rev ?? 0 };
      case 'evaluation.undo':
        return { code, point: Object.keys(s.evaluation?.done ?? {})[0] ?? 'P0', rev: s.evaluation?.rev ?? 0 };

      // The request card's buttons, for the colleague asked before consent.
      // With the unit the colleague picks from the kommun's list (test/fixtures/units.json).
      case 'case.request.accept':
        return { code, rev: s.colleagueRequest?.rev ?? 0, unit: 'Socialpsykiatrin' };
      case 'case.request.decline':
        return { code, rev: s.colleagueRequest?.rev ?? 0, declineReason: 'Jag har inte utrymme för fler ärenden just nu' };

      // The reminders list: one form for all the user's cases, its inputs named after each case.
      case 'reminders.preferences': {
        const me = s.coordinators.find((c) => c.aadObjectId === ANNA.aadObjectId);
        return { code, [`muted_${code}`]: me?.remindersMuted === true ? 'false' : 'true', [`delivery_${code}`]: n % 2 === 0 ? 'groupChat' : 'personal' };
      }
      // The hub's "Spara min enhet": another of the region's listed units than Anna's.
      case 'case.unit.set': {
        const mine = s.coordinators.find((c) => c.aadObjectId === ANNA.aadObjectId)?.unit;
        return { code, myUnit: mine === TEST_UNITS.region[0] ? TEST_UNITS.region[1] : TEST_UNITS.region[0] };
      }
      // A reminder message's buttons: the reminder it is about, and how long to wait.
      case 'reminder.snooze': {
        const r = snoozable.get(code) ?? { key: 'inactive:2026-11-23', dueDate: '2027-01-04' };
        return { code, key: r.key, dueDate: r.dueDate, days: n % 2 === 0 ? 1 : 5 };
      }
      case 'plan.version.export':
        // In a ShowCard on the plan card: the version chosen, and the plan card's own inputs as they stand.
        return {
          code,
          // The one in force, the first (a kept copy once there are two), or one that does not exist.
          version: String([plan.established?.version ?? 1, 1, (plan.established?.version ?? 0) + 3][n % 3]),
          ...planCardInputs(plan),
        };
      default:
        return { code };
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

  /** View verbs that show one meeting: a case without it answers like a case that is not there. */
  const MEETING_VIEWS: ReadonlySet<string> = new Set(['sip.move.open', 'sip.checklist.open', 'sip.invitation.open', 'sip.preMeeting.open']);

  /**
   * The answer the bot must give Anna for a view verb whose `code` is this value: other properties
   * create cases too (a hostile code can be a valid one), so existence is read from the store.
   */
  async function expectedForCode(value: unknown, verb = '', data: Json = {}): Promise<'card' | UserErrorCode> {
    if (typeof value !== 'string' || value.length > 40) return 'invalidActionData';
    const code = normaliseCaseCode(value);
    if (code === undefined) return 'caseCodeMissing';
    const stored = await bot.app.cases.get(TENANT, code);
    if (stored?.state.coordinators.some((c) => c.aadObjectId === ANNA.aadObjectId) !== true) return 'caseNotFound';
    if (MEETING_VIEWS.has(verb) && !(stored.state.sipMeetings ?? []).some((m) => m.id === data['meetingId'])) return 'caseNotFound';
    return 'card';
  }

  // ---------------------------------------------------------------------------------------------

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    // No reminder timer: what the connector records is what a request sent.
    bot = await startTestBot({ DISPATCH_INTERVAL_SECONDS: '0' }, clock);
    anna = new Client(bot, connector, ANNA);
    eva = new Client(bot, connector, EVA);
    await anna.install();
    await new Client(bot, connector, BJORN).install();

    // The first case is VSS-2026-0001, a code the hostile data spells out, so random payloads may
    // act on it: it is a decoy nothing relies on, and the shared view case comes after it.
    expect(await createCase()).toBe('VSS-2026-0001');
    viewCase = await createViewCase();

    await seedCase(BYSTANDER_CODE, TENANT, ANNA);
    await seedCase(OTHER_TENANT_CODE, OTHER_TENANT, ANNA);
    await seedCase(EVAS_CODE, TENANT, EVA);
    await seedCase(OTHER_TENANT_CODE, TENANT, EVA);
  }, 60_000);

  // Each test compares the bystanders with how it found them, so one defect fails one test.
  beforeEach(async () => {
    for (const b of bystanders) b.before = await snapshot(b.code, b.tenant);
  });

  afterAll(async () => {
    // Whatever ran above, nothing unhandled and nothing we sent reached the log.
    expectCleanLogs(0);
    await bot?.close();
    await connector?.stop();
  });


  /**
   * Runs per property, kept small enough for npm test to stay under two minutes: each run draws
   * anew (the seed is printed on failure), so many runs of the suite cover more than one long
   * run; the inputs that once broke a verb run every time. The SIP, plan and coordinator verbs
   * work from full card payloads on cases prepared for them, which costs more per run. The
   * mutation counts came down from 12/16 to 10/12 (and the envelope properties' by a third) when
   * the storage and handler edge tests (issue 10) took their place in the two minutes: those pin
   * each edge every run, where these draw.
   */
  function runsOf(verb: string): { random: number; mutation: number } {
    // Trimmed a third time when the consent verbs came (npm test must stay under two minutes on the
    // CI's two cores); PROPERTY_RUNS_SCALE deepens the sweep when wanted.
    if (IS_CARD_VERB.has(verb)) return { random: runs(5), mutation: runs(kindOf(verb) === 'change' ? 8 : 6) };
    const kind = kindOf(verb);
    return { random: runs(kind === 'unknown' ? 5 : 6), mutation: runs(kind === 'static' || kind === 'unknown' ? 6 : 8) };
  }


  /**
   * The case a create payload names, if it exists (in this tenant): a form from before the bot gave
   * codes still sends one, which must be ignored, so that case must never change.
   */
  async function createdCase(data: Json): Promise<Snapshot | undefined> {
    const code = typeof data['code'] === 'string' ? normaliseCaseCode(data['code']) : undefined;
    return code === undefined ? undefined : snapshot(code);
  }

  /**
   * case.create: either nothing is stored (the form comes back, or an error), or exactly one new
   * case under a code the bot gave (whatever code the payload named), created by Anna, holding no
   * personnummer anywhere. The case a payload's code names, if any, is untouched either way.
   */
  async function expectCreateInvariant(data: Json, body: InvokeBody, indexBefore: string[], named: Snapshot | undefined): Promise<void> {
    const indexAfter = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
    const added = indexAfter.filter((c) => !indexBefore.includes(c));
    const namedCode = typeof data['code'] === 'string' ? normaliseCaseCode(data['code']) : undefined;
    if (named !== undefined && namedCode !== undefined) expectUnchanged(named, await snapshot(namedCode), `case ${namedCode} named by a create`);
    const code = codeOfHub(body);
    if (code !== undefined) {
      expect(code).toMatch(/^VSS-2026-\d{4}$/);
      expect(added, 'index entries of the created case').toEqual([code]);
      const after = await snapshot(code);
      const state = after.state!;
      expect(state).toMatchObject({ code, tenantId: TENANT, createdBy: { aadObjectId: ANNA.aadObjectId } });
      const actions = after.history.map((e) => (JSON.parse(e) as { action: string }).action).sort();
      if (state.colleagueRequest !== undefined) {
        // Opened without valid consent (a hostile value can take it away): the colleague is asked,
        // not appointed (003:86-88), in the create's own transaction, and at most told of the request.
        expect(actions).toEqual(state.version === 1 ? ['case.colleagueRequested', 'case.created'] : ['case.colleagueRequested', 'case.created', 'case.requestDelivered']);
        expect(state.version).toBe(actions.length - 1);
      } else {
        // Created, and at most marked as told to a colleague who already has the bot.
        expect(actions).toEqual(state.version === 1 ? ['case.created'] : ['case.coordinatorNotified', 'case.created']);
        expect(state.version).toBe(actions.length);
      }
      expect(holdsPersonnummer(JSON.stringify(state).normalize('NFKC')), `a personnummer was stored in case ${code}: ${JSON.stringify(state.coordinators)}`).toBe(false);
      expect(new Set(indexAfter)).toEqual(new Set([...indexBefore, code]));
      return;
    }
    // Nothing created: Anna's list of cases is what it was.
    expect(new Set(indexAfter)).toEqual(new Set(indexBefore));
    if (body.type === CARD) expect(JSON.stringify(body.value)).not.toContain('"Ärende ');
  }

  // ---------------------------------------------------------------------------------------------

  const ONE_THAT_READS_THE_REASON: Record<string, Json> = { 'baseline.set': { status: 'notApplicable' }, 'baseline.need': { need: 'no' } };

  /**
   * The personnummer shapes tried in one field: two, rotating from a start drawn with the run's
   * seed, so every shape meets every field over runs (the guard's own tests try every shape);
   * and one hidden at the end of a text too long for the short fields to be scanned.
   */
  function personnummerFor(verb: string, fields: number, i: number): string[] {
    const perField = Math.min(PERSONNUMMER.length, runs(2));
    const shapes = Array.from({ length: perField }, (_, k) => PERSONNUMMER[(SHAPE_ROTATION + perField * i + k) % PERSONNUMMER.length]!);
    return [...shapes, PERSONNUMMER_IN_LONG_TEXT];
  }



  if (edge) {
    describe('the verb table', () => {
      it('says how every routed verb may touch a case, so a new verb cannot slip past the properties', () => {
        expect(VERBS.filter((v) => VERB_KIND[v] === undefined), 'verbs missing from VERB_KIND').toEqual([]);
        expect(Object.keys(VERB_KIND).filter((v) => !ACTION_ROUTES.has(v)), 'VERB_KIND entries with no route').toEqual([]);
        // A verb that must name a case is one that shows or changes it, and the other way round.
        expect([...NAMES_A_CASE].sort()).toEqual(VERBS.filter((v) => ['view', 'auditedView', 'change'].includes(kindOf(v))).sort());
      });
    });

    describe('the split of the verbs into files', () => {
      it('runs every routed verb in exactly one of the action-verbs files', () => {
        const files = readdirSync(path.join(__dirname, '..', 'http')).filter((f) => /^action-verbs-\d+\.test\.ts$/.test(f)).sort();
        expect(files).toEqual(Array.from({ length: VERB_PARTS }, (_, i) => `action-verbs-${i + 1}.test.ts`).sort());
        for (const [i, f] of files.entries()) expect(readFileSync(path.join(__dirname, '..', 'http', f), 'utf8'), f).toContain(`describeVerbProperties(verbsOfPart(${i + 1}))`);
        expect(Array.from({ length: VERB_PARTS }, (_, i) => verbsOfPart(i + 1)).flat().sort()).toEqual([...VERBS].sort());
      });
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
            const res = await invoke(value);
            // A value that is not an object is refused at the HTTP edge, before any handler.
            const sent = (JSON.parse(JSON.stringify({ value })) as { value?: unknown }).value;
            if (!isRecord(sent) && sent !== undefined && sent !== null) {
              expect(res.status, 'HTTP status').toBe(400);
              expectCleanLogs(mark, stringsIn(value));
              return;
            }
            const body = expectHandled(res);
            // Only a value with a string verb from the table could get past the envelope check.
            expect(errorCodeOf(body)).toBe('invalidActionData');
            expectCleanLogs(mark, stringsIn(value));
            expectPrototypeClean();
          }),
          { numRuns: runs(85) },
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
          { numRuns: runs(110) },
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
            numRuns: runs(70),
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
          { numRuns: runs(40) },
        );
      }, 60_000);

      it('answers in Swedish when the locale is missing, odd or hostile', async () => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom<unknown>(undefined, '', 'sv', 'SV-se', 'fi-FI', 'english', 'xx-EN', 42, null, ['en-US'], { en: true }, PERSONNUMMER[0]), async (locale) => {
            const activity: Json = fixture('teams-card-action', connector.url, { value: action('case.open', { code: 42 }) });
            activity['locale'] = locale;
            const res = await bot.post(activity);
            // A locale that is not text is refused at the HTTP edge.
            if (typeof locale !== 'string' && locale !== undefined && locale !== null) {
              expect(res.status).toBe(400);
              return;
            }
            const body = expectHandled(res, 'sv');
            expect(errorCodeOf(body)).toBe('invalidActionData');
          }),
          { numRuns: runs(12) },
        );
      });
    });

    describe('regressions and explicit examples', () => {
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
        const mark = connector.calls.length;
        const state = await stateOf(viewCase);
        for (const code of [OTHER_TENANT_CODE, EVAS_CODE, MISSING_CODE, PERSONNUMMER[0], 'Q9'.repeat(12)]) {
          // Every verb whose schema names a case, with the payload its card would send for a case of Anna's.
          for (const verb of NAMES_A_CASE) {
            const data = { ...validPayload(verb, state), code };
            answers.push({ code, verb, ...expectHandled(await invoke(action(verb, data))) });
          }
        }
        expect(connector.calls.slice(mark), 'messages sent for cases that are not there').toEqual([]);
        for (const { code, verb, ...a } of answers) expect(a, `${verb} ${code}`).toEqual({ statusCode: 404, type: 'application/vnd.microsoft.error', value: { code: 'caseNotFound', message: USER_ERRORS.caseNotFound.sv } });
        await expectBystandersUntouched();
        expectCleanLogs(0);
      }, 30_000);

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

      it('ignores the code a stale form sends: another coordinator\'s case is neither revealed nor added to anyone\'s list', async () => {
        const evaBefore = await snapshot(EVAS_CODE);
        const annasIndex = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
        expect(annasIndex).not.toContain(EVAS_CODE);
        for (const code of [EVAS_CODE.toLowerCase(), MISSING_CODE]) {
          const body = expectHandled(await invoke(action('case.create', { ...caseForm(), code })));
          const given = codeOfHub(body);
          expect(given, `create naming ${code}`).toMatch(/^VSS-2026-\d{4}$/);
          expect(JSON.stringify(body.value)).not.toContain(EVAS_CODE);
          expect(JSON.stringify(body.value)).not.toContain('används redan');
          annasIndex.push(given!);
        }
        expectUnchanged(evaBefore, await snapshot(EVAS_CODE), "Eva's case");
        expect(await bot.app.cases.get(TENANT, MISSING_CODE)).toBeUndefined();
        expect(new Set(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId })), "Anna's case index").toEqual(new Set(annasIndex));
      });

      /**
       * The free-text inputs of every verb that stores typed text, and what else its payload needs for
       * the verb to read them (a reason is read only for "ej aktuell", an other party only for "annan").
       */
      const FREE_TEXT: Record<string, { readonly fields: (valid: Json) => string[]; readonly with?: Json }> = {
        // The unit is picked from a list, not typed (unit-list-flows.test.ts).
        'case.create': { fields: () => ['nickname', 'notMetReason', 'consentScope'], with: { extensiveDisability: 'false' } },
        'case.close': { fields: (v) => ['closeReason', ...('sipEndReason' in v ? ['sipEndReason'] : [])] },
        'baseline.set': { fields: (v) => [`reason_${String(v['item'])}`], with: { status: 'notApplicable' } },
        'baseline.need': { fields: () => ['reason_B1'], with: { need: 'no' } },
        'sip.plan': { fields: () => ['place', 'purpose', 'questions', 'otherLabel', 'chair', 'noteTaker', 'withoutPersonReason'], with: { invited: 'region,kommun,annan' } },
        'sip.cancel': { fields: (v) => Object.keys(v).filter((k) => k.startsWith('cancelReason_')) },
        'sip.preMeeting.save': { fields: () => [...PRE_MEETING_TEXT_FIELDS] },
        'sip.preMeeting.held': { fields: () => [...PRE_MEETING_TEXT_FIELDS] },
        'plan.save': { fields: () => ['ownGoals', 'personDoesThemselves'] },
        'plan.effort.add': { fields: () => ['effortWhat', 'effortHowOften', 'effortOtherParty'], with: { effortResponsible: 'annan' } },
        'plan.goal.add': { fields: () => ['goalText'] },
        'crisis.save': { fields: () => ['triggers', 'personDoesThemselves'] },
        'crisis.sign.add': { fields: () => ['signDescription', ...CRISIS_ACTORS.map((a) => `action_${a}`), 'signContact'] },
      };

      it.each(Object.keys(FREE_TEXT))('stores line and paragraph separators typed into every free-text field of %s as line breaks, in one whole write', async (verb) => {
        expect(VERBS).toContain(verb);
        const typed = (i: number) => `${i}a\u2028b\u2029c\r\nd\re\u0000f`;
        const normalised = (i: number) => `${i}a\nb\nc\nd\nef`;
        // The target first: preparing it may create a case, which is not what this write adds.
        const code = kindOf(verb) === 'create' ? undefined : await targetFor(verb);
        const indexBefore = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
        const before = code === undefined ? undefined : await snapshotFor(verb, code);
        const valid = validPayload(verb, code === undefined ? await stateOf(viewCase) : before!.state!);
        const fields = FREE_TEXT[verb]!.fields(valid);
        for (const f of fields) expect(Object.keys(valid), `${verb} has no input ${f}`).toContain(f);
        const data: Json = { ...valid, ...FREE_TEXT[verb]!.with, ...Object.fromEntries(fields.map((f, i) => [f, typed(i)])) };

        const body = expectHandled(await invoke(action(verb, data)));

        expect(body.type, JSON.stringify(body.value).slice(0, 300)).toBe(CARD);
        const storedCode = code ?? codeOfHub(body);
        expect(storedCode, `${verb} created no case`).toBeDefined();
        const after = await snapshotFor(verb, storedCode!);
        const json = JSON.stringify(after.state);
        expect(json).not.toMatch(/\u2028|\u2029|\\r|\\u0000/);
        fields.forEach((f, i) => expect(json, `${verb}.${f}`).toContain(JSON.stringify(normalised(i)).slice(1, -1)));
        if (before !== undefined) expect(after.state!.version).toBeGreaterThan(before.state!.version);
        // The index holds the created case, and nothing else was added.
        const indexAfter = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
        expect(new Set(indexAfter)).toEqual(new Set(code === undefined ? [...indexBefore, storedCode] : indexBefore));
      });

      it('refuses a colleague id shaped like a personnummer, and stores no case', async () => {
        for (const pnr of PERSONNUMMER.filter((p) => /^[A-Za-z0-9:_-]{1,128}$/.test(p))) {
          const annasIndex = await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId });
          const body = expectHandled(await invoke(action('case.create', { ...caseForm(), colleague: pnr })));
          expect(codeOfHub(body), `colleague ${pnr} was accepted`).toBeUndefined();
          expect(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }), `colleague ${pnr}: a case was stored`).toEqual(annasIndex);
          expect(await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: pnr }), `colleague ${pnr}: indexed under the personnummer`).toEqual([]);
        }
      });

      /** The card that carries each verb's button, and the verb and data that show that card. */
      function cardShowing(verb: string, valid: Json): [string, Json] {
        const code = valid['code'];
        const meeting = { code, meetingId: valid['meetingId'] };
        if (['sip.plan.open', 'sip.move.open', 'sip.cancel', 'sip.held', 'sip.checklist.open', 'sip.invitation.open', 'sip.preMeeting.open'].includes(verb)) return ['sip.open', { code }];
        if (verb === 'sip.plan') return ['sip.plan.open', valid['followUpOf'] === '' ? { code } : { code, followUpOf: valid['followUpOf'] }];
        if (verb === 'sip.move') return ['sip.move.open', meeting];
        if (verb === 'sip.invitation.sent' || verb === 'sip.invitation.undo') return ['sip.invitation.open', meeting];
        if (verb.startsWith('sip.preMeeting.')) return ['sip.preMeeting.open', meeting];
        if (verb === 'plan.open' || verb === 'crisis.open' || verb === 'case.colleague.open') return ['case.open', { code }];
        if (verb.startsWith('plan.')) return ['plan.open', { code }];
        if (verb.startsWith('crisis.')) return ['crisis.open', { code }];
        if (verb === 'evaluation.open') return ['case.open', { code }];
        if (verb.startsWith('evaluation.')) return ['evaluation.open', { code }];
        return ['case.colleague.open', { code }];
      }

      /**
       * What a Teams client sends for the verb's button in a card: the action's data and, unless it
       * says "none", the inputs of its own card and of every card it sits in (a ShowCard's parents).
       * Of several buttons with the verb, the one whose data `valid` matches most fully.
       */
      function sentByCard(card: unknown, verb: string, valid: Json): { data: Json; inputs: string[] } | undefined {
        const inputsOf = (node: unknown, top: boolean, out: string[]): string[] => {
          if (Array.isArray(node)) node.forEach((n) => inputsOf(n, false, out));
          else if (typeof node === 'object' && node !== null) {
            const o = node as Json;
            if (o['type'] === 'AdaptiveCard' && !top) return out;
            if (typeof o['type'] === 'string' && o['type'].startsWith('Input.')) out.push(String(o['id']));
            Object.values(o).forEach((v) => inputsOf(v, false, out));
          }
          return out;
        };
        const found: Array<{ data: Json; inputs: string[] }> = [];
        const walk = (node: unknown, cards: unknown[]): void => {
          if (Array.isArray(node)) return node.forEach((n) => walk(n, cards));
          if (typeof node !== 'object' || node === null) return;
          const o = node as Json;
          const chain = o['type'] === 'AdaptiveCard' ? [...cards, o] : cards;
          if (o['type'] === 'Action.Execute' && o['verb'] === verb) {
            found.push({ data: (o['data'] ?? {}) as Json, inputs: o['associatedInputs'] === 'none' ? [] : chain.flatMap((c) => inputsOf(c, true, [])) });
          }
          Object.values(o).forEach((v) => walk(v, chain));
        };
        walk(card, []);
        return found.filter((f) => Object.entries(f.data).every(([k, v]) => String(valid[k]) === String(v))).sort((x, y) => Object.keys(y.data).length - Object.keys(x.data).length)[0];
      }

      it.each(CARD_VERBS)('builds the valid payload of %s as the bot\'s own card sends it', async (verb) => {
        // The colleague form is offered on the hub of a case that has only one coordinator.
        const code = await targetFor(verb === 'case.colleague.open' ? 'case.colleague.add' : verb);
        const valid = validPayload(verb, await stateOf(code));
        const [open, openData] = cardShowing(verb, { ...valid, code });
        const shown = await anna.press(open, openData);
        expect(shown.type, `${open} ${JSON.stringify(openData)}`).toBe(CARD);
        const sent = sentByCard(shown.value, verb, valid);
        expect(sent, `no ${verb} button for ${JSON.stringify(valid).slice(0, 200)} on the ${open} card`).toBeDefined();
        expect(Object.keys(valid).sort(), `${verb}: fields`).toEqual([...new Set([...Object.keys(sent!.data), ...sent!.inputs])].sort());
        // The card's own data is what the payload carries (templating may give a rev as a number or as digits).
        for (const [k, v] of Object.entries(sent!.data)) expect(String(valid[k]), `${verb}.${k}`).toBe(String(v));
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
          { numRuns: runs(60), examples: [[PERSONNUMMER[0], undefined], [`${PERSONNUMMER[1]} ${'x'.repeat(10)}`, { code: PERSONNUMMER[1] }]] },
        );
      }, 60_000);
    });
  }

  if (verbs.length > 0) {
    describe.each(verbs)('%s under hostile data', (verb) => {
      // Each verb in its own file's worker (it was one test over every verb, the suite's slowest).
      it('refuses a prototype-polluting payload without touching Object.prototype', async () => {
        const code = viewCase;
        const polluters = [protoPolluter(), { ...protoPolluter(), code }, JSON.parse(`{"code":"${code}","__proto__":{"code":"${MISSING_CODE}","item":"B2","status":"done","rev":0}}`) as Json];
        for (const data of polluters) {
          const before = await snapshot(code);
          const body = expectHandled(await invoke(action(verb, data)));
          // Keys under __proto__ are never read as fields.
          if (kindOf(verb) === 'change') {
            expect(body.type === 'application/vnd.microsoft.error' || JSON.stringify(body.value).includes(code)).toBe(true);
          }
          await expectOnlyTheRequestedEffect(verb, data, body, before, await snapshot(code), true);
          expectPrototypeClean();
        }
      });

      it('answers random data with a catalogued response and only the effect it may have', async () => {
        await fc.assert(
          fc.asyncProperty(hostileObject, fc.boolean(), async (randomData, aimAtCase) => {
            const code = await targetFor(verb);
            // Half the runs name the target case, so garbage reaches the handlers, not only zod.
            const data: Json = aimAtCase && kindOf(verb) !== 'create' ? { ...randomData, code } : randomData;
            const before = await snapshotFor(verb, code);
            const indexBefore = kindOf(verb) === 'create' ? await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }) : [];
            const createdBefore = kindOf(verb) === 'create' ? await createdCase(data) : undefined;
            const mark = bot.logs.lines.length;
            const calls = connector.calls.length;
            const body = expectHandled(await invoke(action(verb, data)));
            if (kindOf(verb) === 'create') await expectCreateInvariant(data, body, indexBefore, createdBefore);
            await expectOnlyTheRequestedEffect(verb, data, body, before, await snapshotFor(verb, code), false, calls);
            expectNoPersonnummerIn(body, verb);
            expectCleanLogs(mark, stringsIn(data));
            expectPrototypeClean();
          }),
          { numRuns: runsOf(verb).random },
        );
        await expectBystandersUntouched();
      }, 60_000);

      /** A field by its position among the payload's keys (modulo), or by name. */
      type Mutation = { kind: 'replace'; field: number | string; value: unknown } | { kind: 'variant'; field: number; variant: number } | { kind: 'remove'; field: number } | { kind: 'add'; key: string; value: unknown };
      const mutation: fc.Arbitrary<Mutation> = fc.oneof(
        { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), field: fc.nat(), value: hostileValue }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('variant' as const), field: fc.nat(), variant: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), field: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })), value: hostileValue }) },
      );

      /** Inputs that once broke a verb, always tried first (see the regression tests below). */
      const createFields = Object.keys(caseForm());
      const KNOWN_COUNTEREXAMPLES: Record<string, Array<[Mutation, Item]>> = {
        'case.create': [
          [{ kind: 'replace', field: createFields.indexOf('colleague'), value: PERSONNUMMER[0] }, 'B2'],
          // A form from before the bot gave codes, naming another coordinator's case.
          [{ kind: 'add', key: 'code', value: EVAS_CODE }, 'B2'],
          [{ kind: 'replace', field: 'consentValidUntil', value: PERSONNUMMER[8] }, 'B2'],
        ],
        // A personnummer in a date or time, or in a short field's text too long to be scanned, came back in the refused form.
        'sip.plan': [
          [{ kind: 'replace', field: 'date', value: PERSONNUMMER[2] }, 'B2'],
          [{ kind: 'replace', field: 'chair', value: PERSONNUMMER_IN_LONG_TEXT }, 'B2'],
        ],
        'sip.move': [[{ kind: 'replace', field: 'time', value: PERSONNUMMER[7] }, 'B2']],
        'plan.save': [[{ kind: 'replace', field: 'followUpDate', value: PERSONNUMMER[5] }, 'B2']],
        'crisis.save': [[{ kind: 'replace', field: 'reviewDate', value: PERSONNUMMER[0] }, 'B2']],
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
        const field = typeof m.field === 'string' ? m.field : keys[m.field % keys.length]!;
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
            const before = await snapshotFor(verb, code);
            const indexBefore = kindOf(verb) === 'create' ? await bot.app.caseIndex.list(TENANT, { kind: 'user', aadObjectId: ANNA.aadObjectId }) : [];
            const createdBefore = kindOf(verb) === 'create' ? await createdCase(data) : undefined;
            const mark = bot.logs.lines.length;
            const calls = connector.calls.length;

            const body = expectHandled(await invoke(action(verb, data)));

            const after = await snapshotFor(verb, code);
            if (kindOf(verb) === 'create') {
              await expectCreateInvariant(data, body, indexBefore, createdBefore);
              expectUnchanged(before, after, 'view case');
            } else {
              // Over every bound nothing is accepted, except in a field the verb does not read.
              await expectOnlyTheRequestedEffect(verb, data, body, before, after, m.kind !== 'add' && overEveryBound(replaced) && !ignores(verb, field), calls);
            }
            // A view verb's answer follows from the code alone (and the meeting it names).
            if ((kindOf(verb) === 'view' || kindOf(verb) === 'auditedView') && field === 'code' && m.kind !== 'add') {
              const expected = await expectedForCode(replaced, verb, data);
              if (expected === 'card') expect(body.type).toBe(verb === 'reminder.snooze' ? MESSAGE : CARD);
              else expect(errorCodeOf(body)).toBe(expected);
            }
            if (typeof replaced === 'string' && [OTHER_TENANT_CODE, EVAS_CODE].some((c) => replaced.toUpperCase().includes(c))) await expectBystandersUntouched();
            expectNoPersonnummerIn(body, `${verb} with ${String(field)} ${m.kind}d`);
            expectCleanLogs(mark, stringsIn(replaced));
            expectPrototypeClean();
          }),
          { numRuns: runsOf(verb).mutation, examples: KNOWN_COUNTEREXAMPLES[verb] ?? [] },
        );
        await expectBystandersUntouched();
      }, 60_000);

      it('refuses a personnummer in every field, and stores, logs and echoes none of it', async () => {
        const mark = bot.logs.lines.length;
        const fields = Object.keys(validPayload(verb, await stateOf(await targetFor(verb))));
        const accepted: string[] = [];
        const echoed: string[] = [];
        // The target as it stands; looked up again (and prepared) only after a request changed it.
        let code = '';
        let current: Snapshot | undefined;
        for (const [i, field] of fields.entries()) {
          for (const pnr of personnummerFor(verb, fields.length, i)) {
            const shown = `${field}=${pnr.length > 40 ? `…${pnr.slice(-13)} (${pnr.length} chars)` : pnr}`;
            if (kindOf(verb) === 'create') {
              const data = { ...validPayload(verb, await stateOf(viewCase)), [field]: pnr };
              const body = expectHandled(await invoke(action(verb, data)));
              if (holdsPersonnummer(JSON.stringify(body).normalize('NFKC'))) echoed.push(shown);
              const code = codeOfHub(body);
              const created = code === undefined ? undefined : await bot.app.cases.get(TENANT, code);
              if (created !== undefined) accepted.push(`${shown} (stored: ${holdsPersonnummer(JSON.stringify(created.state).normalize('NFKC'))})`);
              continue;
            }
            if (current === undefined) {
              code = await targetFor(verb);
              current = await snapshotFor(verb, code);
            }
            // A fresh valid payload each time; the variant that reads its reason field, so a reason is not ignored.
            const valid = validPayload(verb, current.state!);
            // A field named after a meeting (cancelReason_M1) follows the meeting this payload aims at.
            const target = field in valid ? field : (Object.keys(valid)[i] ?? field);
            const data = { ...valid, ...ONE_THAT_READS_THE_REASON[verb], [target]: pnr };
            const calls = connector.calls.length;
            const body = expectHandled(await invoke(action(verb, data)));
            if (holdsPersonnummer(JSON.stringify(body).normalize('NFKC'))) echoed.push(shown);
            const after = await snapshotFor(verb, code);
            await expectOnlyTheRequestedEffect(verb, data, body, current, after, !ignores(verb, target), calls);
            // Accepted (in a field the verb does not read): the case moved on, and may need preparing again.
            current = after.etag === current.etag ? after : undefined;
          }
        }
        expect(accepted, `${verb}: payloads with a personnummer that created a case`).toEqual([]);
        expect(echoed, `${verb}: personnummer sent back in the answer, which stays in the chat`).toEqual([]);
        expectCleanLogs(mark);
      }, 30_000);
    });
  }
}

import { context, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { countTurn } from './metrics';

/** How a turn ended: the user-facing error's catalogue code is a fixed word, never its text. */
export type TurnOutcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'userError'; readonly code: string }
  | { readonly kind: 'internal' }
  /** No valid Bot Framework token: anyone can send that, so it is not an internal error. */
  | { readonly kind: 'unauthenticated' };

/** What the bot tells telemetry about the turn it is handling. */
export interface TurnTelemetry {
  /** The command id or verb the turn runs, or a fixed word ("unknown"): never what was typed. */
  named(name: string): void;
  /** The first outcome told is kept: an inner handler knows better than the turn error handler. */
  ended(outcome: TurnOutcome): void;
}

/** Activity types Teams sends; anything else a client sends is "other". */
const ACTIVITY_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'messageUpdate', 'messageDelete', 'event', 'typing', 'endOfConversation']);

/** A command id, a verb ("sip.plan.save") or one of our fixed words. */
const NAME = /^[A-Za-z][A-Za-z0-9.]{0,79}$/;
/** An error catalogue code ("personnummerInFreeText"). */
const CODE = /^[A-Za-z][A-Za-z0-9]{0,79}$/;

const NO_OP: TurnTelemetry = { named: () => undefined, ended: () => undefined };

interface TurnState extends TurnTelemetry {
  outcome(): TurnOutcome | undefined;
}

/** Keyed by the activity object, as the turn deadline is: nothing outlives the request. */
const turns = new WeakMap<object, TurnState>();

const tracer = () => trace.getTracer('samordningsboten');

/** The activity's type as sent, if it is one Teams sends. */
export function activityTypeOf(type: unknown): string {
  return typeof type === 'string' && ACTIVITY_TYPES.has(type) ? type : 'other';
}

/**
 * Runs one turn inside its span ("turn invoke sip.plan.save"), and counts it by outcome. The
 * span is the current one while `run` runs, so the table and connector calls it makes are its
 * children. An exception that escapes is an internal outcome; it is not recorded on the span.
 */
export async function recordTurn<T>(activity: object & { type?: unknown }, run: () => Promise<T>): Promise<T> {
  const type = activityTypeOf(activity.type);
  const span = tracer().startSpan(`turn ${type}`, { attributes: { 'samordning.activity.type': type } });
  let name: string | undefined;
  let outcome: TurnOutcome | undefined;
  const state: TurnState = {
    named: (n) => {
      name = NAME.test(n) ? n : 'other';
      span.updateName(`turn ${type} ${name}`);
      span.setAttribute('samordning.turn.name', name);
    },
    ended: (o) => {
      outcome ??= o.kind === 'userError' && !CODE.test(o.code) ? { kind: 'userError', code: 'other' } : o;
    },
    outcome: () => outcome,
  };
  turns.set(activity, state);
  try {
    return await context.with(trace.setSpan(context.active(), span), run);
  } catch (err) {
    outcome ??= { kind: 'internal' };
    throw err;
  } finally {
    finish(span, type, name, outcome ?? { kind: 'ok' });
    turns.delete(activity);
  }
}

function finish(span: Span, type: string, name: string | undefined, outcome: TurnOutcome): void {
  const attributes: Record<string, string> = { 'samordning.activity.type': type, 'samordning.turn.outcome': outcome.kind };
  if (name !== undefined) attributes['samordning.turn.name'] = name;
  if (outcome.kind === 'userError') attributes['samordning.turn.error_code'] = outcome.code;
  span.setAttributes(attributes);
  if (outcome.kind === 'internal') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  countTurn(attributes);
}

/** The telemetry of the turn handling this activity; a no-op outside one (proactive sends, tests). */
export function turnTelemetryOf(activity: object): TurnTelemetry {
  return turns.get(activity) ?? NO_OP;
}

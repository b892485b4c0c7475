import { actorOf } from './case-change-parts';
import type { Clock } from './case-commands';
import type { Actor, AuditEvent, BaselineItem, BaselineItemId, BaselinePeriod, CaseState } from './case-model';

/**
 * Ticks a baseline item from what happened in the SIP flow (B3–B7), unless it is done already or a
 * coordinator closed the checklist with "no need" in B1. Doing SIP work answers B1 too: the
 * person evidently needs both principals, and B2–B8 only count once B1 says so. After VoSS closed
 * (the SIP going on with one coordinator) the checklist stays as it was left.
 */
export function autoTick<T extends { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[] }>(change: T, item: BaselineItemId, actor: Actor, clock: Clock): T {
  const c = change.state;
  const current = c.baseline.items[item];
  // An item left undone with a reason is done once the SIP flow has done it after all.
  if (current.status === 'done' || c.baseline.need === 'no' || c.closure !== undefined) return change;
  const by = actorOf(actor);
  const at = clock.now.toISOString();
  const tick = (was: BaselineItem): BaselineItem => ({ status: 'done', by, at, rev: was.rev + 1, source: 'sip' });
  const items = { ...c.baseline.items, [item]: tick(current) };
  const audit: AuditEvent[] = [...change.audit, { action: 'baseline.autoTicked', at, by, detail: `${item}:done` }];
  if (c.baseline.need === undefined) {
    items.B1 = tick(c.baseline.items.B1);
    audit.push({ action: 'baseline.autoTicked', at, by, detail: 'B1:yes' });
  }
  return { ...change, state: { ...c, baseline: { ...c.baseline, need: c.baseline.need ?? 'yes', items } }, audit };
}

/**
 * A SIP meeting was held: B8 (support between SIP meetings, 000:35) is asked again for the period
 * until the next one. What it said for the period that ended is kept, with the meetings that bound
 * it; a period before the first meeting is kept only if it was answered. Nothing changes when the
 * checklist says "no need", or after VoSS closed (the checklist stays as it was left).
 */
export function startB8Period<T extends { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[] }>(change: T, meetingId: string, actor: Actor, clock: Clock): T {
  const c = change.state;
  if (c.baseline.need !== 'yes' || c.closure !== undefined) return change;
  const b8 = c.baseline.items.B8;
  const ended: BaselinePeriod[] =
    b8.period === undefined && b8.status === 'notStarted'
      ? []
      : [{ after: b8.period, until: meetingId, status: b8.status, reason: b8.reason, by: b8.by, at: b8.at }];
  const by = actorOf(actor);
  const fresh: BaselineItem = { status: 'notStarted', rev: b8.rev + 1, period: meetingId };
  const b8Periods = [...(c.baseline.b8Periods ?? []), ...ended];
  const baseline = { ...c.baseline, items: { ...c.baseline.items, B8: fresh }, ...(b8Periods.length === 0 ? {} : { b8Periods }) };
  return { ...change, state: { ...c, baseline }, audit: [...change.audit, { action: 'baseline.b8PeriodStarted', at: clock.now.toISOString(), by, detail: meetingId }] };
}

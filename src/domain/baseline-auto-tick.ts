import type { Clock } from './case-commands';
import type { Actor, AuditEvent, BaselineItem, BaselineItemId, CaseState } from './case-model';

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
  const by = { aadObjectId: actor.aadObjectId, userId: actor.userId, name: actor.name };
  const at = clock.now.toISOString();
  const tick = (was: BaselineItem): BaselineItem => ({ status: 'done', by, at, rev: was.rev + 1, source: 'sip' });
  const items = { ...c.baseline.items, [item]: tick(current) };
  const audit: AuditEvent[] = [...change.audit, { action: 'baseline.autoTicked', at, by, detail: `${item}:done` }];
  if (c.baseline.need === undefined) {
    items.B1 = tick(c.baseline.items.B1);
    audit.push({ action: 'baseline.autoTicked', at, by, detail: 'B1:yes' });
  }
  return { ...change, state: { ...c, baseline: { need: c.baseline.need ?? 'yes', items } }, audit };
}

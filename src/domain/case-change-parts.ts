/**
 * The pieces every case command builds its answer from: a changed state with its audit entry,
 * the actor as an audit entry keeps it, and a free-text field's problem. Shared by
 * case-commands.ts and consent.ts (which case-commands imports, hence not there).
 */
import type { Change, CaseFormField, Clock, FieldProblem } from './case-commands';
import type { Actor, AuditAction, AuditEvent, CaseState } from './case-model';
import { firstFreeTextProblem } from './free-text';

export function changed(c: CaseState, patch: Partial<CaseState>, audit: AuditEvent, clock: Clock): Change {
  return { ok: true, state: { ...c, ...patch, updatedAt: clock.now.toISOString(), version: c.version + 1 }, audit: [audit] };
}

export function event(action: AuditAction, actor: Actor, clock: Clock, detail?: string): AuditEvent {
  return { action, at: clock.now.toISOString(), by: actorOf(actor), detail };
}

/** Only the fields an audit entry or an item needs: no other data rides along. */
export function actorOf(a: Actor): Actor {
  return { aadObjectId: a.aadObjectId, userId: a.userId, name: a.name, ...tenantField(a) };
}

/** A person's tenant field, kept only where it is set (another tenant than the case's). */
export function tenantField(a: Actor): { tenantId?: string } {
  return a.tenantId === undefined ? {} : { tenantId: a.tenantId };
}

/** A personnummer or a text over its limit in one field, as the field's problem. */
export function textProblem(field: CaseFormField, value: string | undefined, maxLength: number): FieldProblem | undefined {
  const found = firstFreeTextProblem([{ field, value, maxLength }]);
  if (found === undefined) return undefined;
  return found.problem.kind === 'tooLong' ? { field, kind: 'tooLong', limit: found.problem.limit } : { field, kind: 'personnummer' };
}

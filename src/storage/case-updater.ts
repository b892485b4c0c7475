import type { AuditEvent, CaseState } from '../domain/case-model';
import type { Snapshot } from '../domain/plan-commands';
import type { CaseRepository, StoredCase } from './case-repository';

/** What a pure change function returns: the new state and its audit, or a refusal of any shape. */
export type Applied<Refusal extends { readonly ok: false }> =
  | { readonly ok: true; readonly state: CaseState; readonly audit: readonly AuditEvent[]; readonly snapshots?: readonly Snapshot[] | undefined }
  | Refusal;

export type UpdateOutcome<Refusal extends { readonly ok: false }> =
  | { readonly kind: 'changed' | 'unchanged'; readonly stored: StoredCase }
  | { readonly kind: 'refused'; readonly stored: StoredCase; readonly change: Refusal }
  | { readonly kind: 'missing' };

const MAX_ATTEMPTS = 8;

/** Thrown when a case kept changing under every attempt; the user is asked to try again. */
export class CaseBusyError extends Error {
  override readonly name = 'CaseBusyError';
}

/**
 * Applies a pure change to a case with optimistic concurrency: read, apply, write with the ETag
 * read. When another write came first the case is read again and the same intent re-applied to
 * the newer state; the change function itself refuses where re-applying would not be safe (an
 * item the user saw has changed since). So two coordinators never lose each other's update.
 */
export async function updateCase<Refusal extends { readonly ok: false }>(
  repo: CaseRepository,
  tenantId: string,
  code: string,
  apply: (state: CaseState) => Applied<Refusal>,
  /** The case as the caller just read it (for its access check), used for the first attempt. */
  justRead?: StoredCase,
): Promise<UpdateOutcome<Refusal>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = attempt === 0 && justRead !== undefined ? justRead : await repo.get(tenantId, code);
    if (stored === undefined) return { kind: 'missing' };
    const change = apply(stored.state);
    if (!change.ok) return { kind: 'refused', stored, change };
    if (change.audit.length === 0) return { kind: 'unchanged', stored };
    const written = await repo.update(stored, change.state, change.audit, change.snapshots ?? []);
    if (written !== 'conflict') return { kind: 'changed', stored: written };
    // Back off a little, with jitter, so two writers do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new CaseBusyError('case update kept conflicting');
}

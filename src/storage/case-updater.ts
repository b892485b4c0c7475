import type { Change } from '../domain/case-commands';
import type { CaseState } from '../domain/case-model';
import type { CaseRepository, StoredCase } from './case-repository';

export type UpdateOutcome =
  | { readonly kind: 'changed' | 'unchanged'; readonly stored: StoredCase }
  | { readonly kind: 'refused'; readonly stored: StoredCase; readonly change: Extract<Change, { ok: false }> }
  | { readonly kind: 'missing' };

const MAX_ATTEMPTS = 8;

/**
 * Applies a pure change to a case with optimistic concurrency: read, apply, write with the ETag
 * read. When another write came first the case is read again and the same intent re-applied to
 * the newer state; the change function itself refuses where re-applying would not be safe (an
 * item the user saw has changed since). So two coordinators never lose each other's update.
 */
export async function updateCase(
  repo: CaseRepository,
  tenantId: string,
  code: string,
  apply: (state: CaseState) => Change,
): Promise<UpdateOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await repo.get(tenantId, code);
    if (stored === undefined) return { kind: 'missing' };
    const change = apply(stored.state);
    if (!change.ok) return { kind: 'refused', stored, change };
    if (change.audit.length === 0) return { kind: 'unchanged', stored };
    const written = await repo.update(stored, change.state, change.audit);
    if (written !== 'conflict') return { kind: 'changed', stored: written };
    // Back off a little, with jitter, so two writers do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
  }
  throw new Error('case update kept conflicting');
}

import { localDate } from '../domain/calendar-date';
import { createCase, type Clock, type NewCaseForm } from '../domain/case-commands';
import type { AuditEvent, CaseState } from '../domain/case-model';
import { assignedCaseCode } from '../domain/case-rules';
import type { Logger } from '../logging/logger';
import type { CaseIndexRepository } from './case-index-repository';
import type { CaseRepository } from './case-repository';

/**
 * Writing a new case is a protocol over two tables (the number, the index entries, the case) that
 * must leave nothing half done; it lives next to the repositories, not in the card handler.
 */
export interface NewCaseStore {
  readonly cases: CaseRepository;
  readonly caseIndex: CaseIndexRepository;
  readonly logger: Logger;
}

/**
 * How many numbers a create passes over because an older, hand-typed code holds them. Codes used
 * to be taken from the same counter, so in practice none or a few are.
 */
const MAX_NUMBERS_TAKEN_BY_HAND = 50;

/**
 * Gives the case the next number of the year in the tenant and writes it, for a form that
 * newCaseProblems has passed. A number an older,
 * hand-typed code holds is passed over without a word about that case. Returns undefined when
 * the case could not be written; then nothing of it is left.
 */
export async function storeNewCase(store: NewCaseStore, form: NewCaseForm, clock: Clock): Promise<CaseState | undefined> {
  const year = Number(localDate(clock.now, clock.timeZone).slice(0, 4));
  for (let passed = 0; passed <= MAX_NUMBERS_TAKEN_BY_HAND; passed++) {
    const n = await store.caseIndex.nextCaseNumber(form.tenantId, year);
    const result = createCase({ ...form, code: assignedCaseCode(year, n) }, clock);
    // The caller checked the form (newCaseProblems) and the code is the bot's own: a refusal is a bug.
    if (!result.ok) throw new Error('a checked new case was refused');
    const outcome = await writeCase(store, result.state, result.audit);
    if (outcome === 'created') return result.state;
    if (outcome === 'failed') await giveBack(store, form.tenantId, year, n);
    if (outcome === 'failed' || outcome === 'failedWithEntries') return undefined;
  }
  throw new Error('no free case number: too many numbers taken by hand-typed codes');
}

/**
 * Index entries first, then the case: an entry without its case is skipped when listing, a case
 * without entries would be lost. When the case is not written, for whatever reason, the entries
 * go again. 'failed' means nothing of the case is left and its number may be given back;
 * 'failedWithEntries' that the entries could not be removed either, so the number stays used.
 */
async function writeCase(store: NewCaseStore, state: CaseState, audit: readonly AuditEvent[]): Promise<'created' | 'codeTaken' | 'failed' | 'failedWithEntries'> {
  const tenant = state.tenantId;
  try {
    await Promise.all(state.coordinators.map((x) => store.caseIndex.add(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, state.code)));
    if ((await store.cases.create(state, audit)) === 'created') return 'created';
  } catch (err) {
    // The write may have landed though its answer was lost (or what follows it failed).
    if (await isStored(store, state)) return 'created';
    store.logger.warn({ err, tenantId: tenant }, 'new case could not be written');
    try {
      await forgetIndexEntries(store, state);
      return 'failed';
    } catch (cleanupErr) {
      // The entries stay: they are skipped when listing, and the number is not given back, so no
      // later case gets this code. The user is told that the case was not saved, which is true.
      store.logger.warn({ err: cleanupErr, tenantId: tenant }, 'index entries of an unwritten case could not be removed');
      return 'failedWithEntries';
    }
  }
  // A retried batch whose first try landed finds our own case: that is a creation, not a taken code.
  if (await isStored(store, state)) return 'created';
  await forgetIndexEntries(store, state);
  return 'codeTaken';
}

/** A number whose case was not written goes back, so numbering has no gap; failing that, it stays a gap. */
async function giveBack(store: NewCaseStore, tenant: string, year: number, n: number): Promise<void> {
  try {
    await store.caseIndex.returnCaseNumber(tenant, year, n);
  } catch (err) {
    store.logger.warn({ err, tenantId: tenant }, 'case number could not be given back');
  }
}

/** Whether exactly this new case is in the store (same creation), not some other case with its code. */
async function isStored(store: NewCaseStore, state: CaseState): Promise<boolean> {
  try {
    const stored = await store.cases.get(state.tenantId, state.code);
    return stored !== undefined && stored.state.createdAt === state.createdAt && stored.state.createdBy.aadObjectId === state.createdBy.aadObjectId;
  } catch {
    return false;
  }
}

/**
 * Removes the index entries written for a case that was not created, except where the person is a
 * coordinator of an existing case with that code: that entry is theirs.
 */
async function forgetIndexEntries(store: NewCaseStore, refused: CaseState): Promise<void> {
  const tenant = refused.tenantId;
  const existing = await store.cases.get(tenant, refused.code);
  const keep = new Set(existing?.state.coordinators.map((x) => x.aadObjectId) ?? []);
  await Promise.all(
    refused.coordinators.filter((x) => !keep.has(x.aadObjectId)).map((x) => store.caseIndex.remove(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, refused.code)),
  );
}

import { localDate } from '../domain/calendar-date';
import { createCase, type Clock, type NewCaseForm } from '../domain/case-commands';
import type { AuditEvent, CaseKind, CaseState } from '../domain/case-model';
import { assignedCaseCode, caseKind } from '../domain/case-rules';
import type { Logger } from '../logging/logger';
import type { CaseIndexRepository } from './case-index-repository';
import type { CaseRepository, FollowUp } from './case-repository';

/**
 * Writing a new case is a protocol over two tables (the number, then the case) that must leave
 * nothing half done; it lives next to the repositories, not in the card handler. Everything else
 * a new case implies (the coordinators' index entries, the colleague's notice, the form's record)
 * is written with the case as its outbox row and done after the answer.
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
 * newCaseProblems has passed. A number an older, hand-typed code holds is passed over without a
 * word about that case. 'notSaved' when the case could not be written and nothing of it is left;
 * 'unknown' when the write failed and the store could not say whether it landed: then the number
 * and the form stay used, and if it did land its outbox row finishes it like any other.
 * @param formId the new-case form's id, recorded (after the answer) as having made this case.
 */
export async function storeNewCase(store: NewCaseStore, form: NewCaseForm, clock: Clock, formId?: string): Promise<CaseState | 'notSaved' | 'unknown'> {
  const year = Number(localDate(clock.now, clock.timeZone).slice(0, 4));
  const followUp: FollowUp | undefined = formId === undefined ? undefined : { form: { id: formId, creator: form.creator.aadObjectId } };
  const kind = caseKind(form);
  for (let passed = 0; passed <= MAX_NUMBERS_TAKEN_BY_HAND; passed++) {
    const n = await store.caseIndex.nextCaseNumber(form.tenantId, year, kind);
    const result = createCase({ ...form, code: assignedCaseCode(kind, year, n) }, clock);
    // The caller checked the form (newCaseProblems) and the code is the bot's own: a refusal is a bug.
    if (!result.ok) throw new Error('a checked new case was refused');
    const outcome = await writeCase(store, result.state, result.audit, followUp);
    if (outcome === 'created') return result.state;
    if (outcome === 'unknown') return 'unknown';
    if (outcome === 'failed') {
      await giveBack(store, form.tenantId, year, n, kind);
      return 'notSaved';
    }
  }
  throw new Error('no free case number: too many numbers taken by hand-typed codes');
}

/**
 * One transaction: the case, its audit and its outbox row. 'failed' means nothing of the case
 * is there and its number may be given back; 'unknown' that no one can tell yet.
 */
async function writeCase(store: NewCaseStore, state: CaseState, audit: readonly AuditEvent[], followUp: FollowUp | undefined): Promise<'created' | 'codeTaken' | 'failed' | 'unknown'> {
  try {
    if ((await store.cases.create(state, audit, followUp)) !== 'codeTaken') return 'created';
  } catch (err) {
    // The write may have landed though its answer was lost.
    const landed = await isStored(store, state);
    if (landed === 'yes') return 'created';
    store.logger.warn({ err, tenantId: state.tenantId }, landed === 'no' ? 'new case could not be written' : 'new case may or may not have been written');
    return landed === 'no' ? 'failed' : 'unknown';
  }
  // A retried batch whose first try landed finds our own case: that is a creation, not a taken code.
  const ours = await isStored(store, state);
  return ours === 'yes' ? 'created' : ours === 'no' ? 'codeTaken' : 'unknown';
}

/** A number whose case was not written goes back, so numbering has no gap; failing that, it stays a gap. */
async function giveBack(store: NewCaseStore, tenant: string, year: number, n: number, kind: CaseKind): Promise<void> {
  try {
    await store.caseIndex.returnCaseNumber(tenant, year, n, kind);
  } catch (err) {
    store.logger.warn({ err, tenantId: tenant }, 'case number could not be given back');
  }
}

/** Whether exactly this new case is in the store (same creation), not some other case with its code; 'unknown' if the store does not say. */
async function isStored(store: NewCaseStore, state: CaseState): Promise<'yes' | 'no' | 'unknown'> {
  try {
    const stored = await store.cases.get(state.tenantId, state.code);
    return stored !== undefined && stored.state.createdAt === state.createdAt && stored.state.createdBy.aadObjectId === state.createdBy.aadObjectId ? 'yes' : 'no';
  } catch {
    return 'unknown';
  }
}

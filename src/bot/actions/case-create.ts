import { z } from 'zod';
import { t } from '../../cards/case-card-parts';
import type { CaseFormValues } from '../../cards/case-form-card';
import { localDate } from '../../domain/calendar-date';
import { createCase, newCaseProblems, type Clock, type FieldProblem, type NewCaseForm } from '../../domain/case-commands';
import { assignedCaseCode, targetGroupMet } from '../../domain/case-rules';
import type { AuditEvent, CaseState } from '../../domain/case-model';
import { defineAction, type ActionResult } from '../action-router';
import { aadObjectId } from './card-fields';
import type { HandlerContext } from '../bot-context';
import type { FormUse } from '../../storage/case-index-repository';
import { actorOf, cardContext, clockOf, tenantOf } from '../case-access';
import { noticeCard } from '../../cards/notice-card';
import { hubRenderer, showCaseForm } from '../case-views';
import { colleagueNoticeText, notifyAddedColleague } from '../coordinator-notices';

/**
 * Inputs arrive as strings. Bounds here only stop absurd payloads; the domain names the real
 * limits field by field, so a user gets "at most 80 characters", not "invalid data".
 */
const text = z.string().max(5000).optional();
const flag = z.enum(['true', 'false']).optional();

const caseFormData = z.object({
  // Names the form, so a second submit of it (a double tap, a retry, another device) creates
  // nothing. Optional: a form shown before forms had ids still creates a case as it did.
  formId: z.uuid().optional(),
  // A form from before the bot gave codes still sends a typed one: it is accepted and ignored, so
  // the stale form still works and a code cannot be used to learn whether a case exists.
  code: text,
  nickname: text,
  principal: z.enum(['region', 'kommun', '']).optional(),
  unit: text,
  trained: flag,
  colleague: z.union([aadObjectId, z.literal('')]).optional(),
  colleagueTrained: flag,
  adult: flag,
  extensiveDisability: flag,
  ordinaryCooperationInsufficient: flag,
  highConsumer: flag,
  repeatedInpatientStays: flag,
  breaksOffContacts: flag,
  notMetReason: text,
  consentStatus: z.enum(['given', 'notYet', '']).optional(),
  consentForm: z.enum(['written', 'oral', '']).optional(),
  consentScope: text,
  consentValidUntil: text,
});

/**
 * How many numbers a create passes over because an older, hand-typed code holds them. Codes used
 * to be taken from the same counter, so in practice none or a few are.
 */
const MAX_NUMBERS_TAKEN_BY_HAND = 50;

/**
 * "Skapa ärendet": validates everything, gives the case the tenant's next number of the year,
 * creates it, and tells the colleague. The hub that follows shows the code first.
 */
export const caseCreateAction = defineAction({
  verb: 'case.create',
  data: caseFormData,
  handle: async (ctx, data) => {
    const { code: _typedCode, formId: typedFormId, ...typed } = data;
    // Lower case: the same form id in another spelling is the same form.
    const formId = typedFormId?.toLowerCase();
    const formValues: CaseFormValues = typed;
    const yes = (v: string | undefined) => v === 'true';
    const tenant = tenantOf(ctx);
    const me = actorOf(ctx);
    const clock = clockOf(ctx);
    const targetGroup = {
      adult: yes(data.adult),
      extensiveDisability: yes(data.extensiveDisability),
      ordinaryCooperationInsufficient: yes(data.ordinaryCooperationInsufficient),
      highConsumer: yes(data.highConsumer),
      repeatedInpatientStays: yes(data.repeatedInpatientStays),
      breaksOffContacts: yes(data.breaksOffContacts),
      notMetReason: data.notMetReason,
    };
    const colleagueId = data.colleague === '' ? undefined : data.colleague;
    const colleagueAddress = colleagueId === undefined ? undefined : await ctx.services.conversations.find(tenant, { kind: 'user', aadObjectId: colleagueId });

    const form: NewCaseForm = {
      tenantId: tenant,
      nickname: data.nickname,
      creator: { ...me, principal: data.principal === 'kommun' ? 'kommun' : 'region', unit: data.unit, trained: yes(data.trained) },
      colleague:
        colleagueId === undefined ? undefined : { aadObjectId: colleagueId, userId: colleagueAddress?.userId, name: colleagueAddress?.userName, trained: yes(data.colleagueTrained) },
      targetGroup,
      consent: {
        status: data.consentStatus === 'given' ? 'given' : 'notYet',
        form: data.consentForm === '' ? undefined : data.consentForm,
        scope: data.consentScope,
        validUntil: data.consentValidUntil,
      },
    };
    const principalProblem: FieldProblem[] = data.principal === undefined || data.principal === '' ? [{ field: 'principal', kind: 'required' }] : [];
    const fields = [...principalProblem, ...newCaseProblems(form, clock)];
    if (fields.length > 0) {
      const targetGroupNotMet = !targetGroupMet(targetGroup) && fields.some((p) => p.field === 'notMetReason');
      return { kind: 'card', card: await showCaseForm(ctx, formValues, { fields, targetGroupNotMet }, formId) };
    }

    if (formId !== undefined) {
      const earlier = await ctx.services.caseIndex.claimForm(tenant, formId, me.aadObjectId);
      if (earlier !== undefined) return answerUsedForm(ctx, earlier);
    }
    let state: CaseState | undefined;
    try {
      state = await storeNewCase(ctx, form, clock);
    } catch (err) {
      if (formId !== undefined) await releaseForm(ctx, tenant, formId);
      throw err;
    }
    if (state === undefined) {
      if (formId !== undefined) await releaseForm(ctx, tenant, formId);
      return { kind: 'card', card: await showCaseForm(ctx, formValues, { fields: [], notSaved: true }, formId) };
    }
    ctx.services.logger.info({ tenantId: tenant }, 'case created');
    if (formId !== undefined) await recordFormCase(ctx, formId, state.code);

    const notices = [t(cardContext(ctx), 'notice.created', { code: state.code })];
    if (colleagueId !== undefined) notices.push(colleagueNoticeText(ctx, await notifyAddedColleague(ctx, state)));
    const current = (await ctx.services.cases.get(tenant, state.code))?.state ?? state;
    return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, notices.join(' ')), current) };
  },
});

/**
 * A form submitted again: its creator gets the case it created, as the first answer showed it.
 * Anyone else, or a submit while the first is still running, is told the case is being created;
 * nothing is written and no other case is revealed.
 */
async function answerUsedForm(ctx: HandlerContext, earlier: FormUse): Promise<ActionResult> {
  const tenant = tenantOf(ctx);
  const me = actorOf(ctx).aadObjectId;
  if (earlier.creator === me && earlier.code !== undefined) {
    const stored = await ctx.services.cases.get(tenant, earlier.code);
    if (stored !== undefined && stored.state.createdBy.aadObjectId === me && stored.state.coordinators.some((x) => x.aadObjectId === me)) {
      return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, t(cardContext(ctx), 'notice.created', { code: stored.state.code })), stored.state) };
    }
  }
  const cardCtx = cardContext(ctx);
  return { kind: 'card', card: noticeCard(cardCtx.locale, { title: t(cardCtx, 'form.title'), body: t(cardCtx, 'notice.beingCreated') }) };
}

/** Failing to record the code only makes a later submit of the form say "being created": the case stands. */
async function recordFormCase(ctx: HandlerContext, formId: string, code: string): Promise<void> {
  const tenant = tenantOf(ctx);
  try {
    await ctx.services.caseIndex.recordFormCase(tenant, formId, actorOf(ctx).aadObjectId, code);
  } catch (err) {
    ctx.services.logger.warn({ err, tenantId: tenant }, 'code of a created case could not be recorded with its form');
  }
}

/** Frees a form whose case was not created; failing that, the form stays used and a new one is needed. */
async function releaseForm(ctx: HandlerContext, tenant: string, formId: string): Promise<void> {
  try {
    await ctx.services.caseIndex.releaseForm(tenant, formId);
  } catch (err) {
    ctx.services.logger.warn({ err, tenantId: tenant }, 'form of an unwritten case could not be freed');
  }
}

/**
 * Gives the case the next number of the year in the tenant and writes it. A number an older,
 * hand-typed code holds is passed over without a word about that case. Returns undefined when
 * the case could not be written; then nothing of it is left.
 */
async function storeNewCase(ctx: HandlerContext, form: NewCaseForm, clock: Clock): Promise<CaseState | undefined> {
  const year = Number(localDate(clock.now, clock.timeZone).slice(0, 4));
  for (let passed = 0; passed <= MAX_NUMBERS_TAKEN_BY_HAND; passed++) {
    const n = await ctx.services.caseIndex.nextCaseNumber(form.tenantId, year);
    const result = createCase({ ...form, code: assignedCaseCode(year, n) }, clock);
    // The form was checked above and the code is the bot's own: a refusal here is a bug.
    if (!result.ok) throw new Error('a checked new case was refused');
    const outcome = await writeCase(ctx, result.state, result.audit);
    if (outcome === 'created') return result.state;
    if (outcome === 'failed') await giveBack(ctx, form.tenantId, year, n);
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
async function writeCase(ctx: HandlerContext, state: CaseState, audit: readonly AuditEvent[]): Promise<'created' | 'codeTaken' | 'failed' | 'failedWithEntries'> {
  const tenant = state.tenantId;
  try {
    await Promise.all(state.coordinators.map((x) => ctx.services.caseIndex.add(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, state.code)));
    if ((await ctx.services.cases.create(state, audit)) === 'created') return 'created';
  } catch (err) {
    // The write may have landed though its answer was lost (or what follows it failed).
    if (await isStored(ctx, state)) return 'created';
    ctx.services.logger.warn({ err, tenantId: tenant }, 'new case could not be written');
    try {
      await forgetIndexEntries(ctx, state);
      return 'failed';
    } catch (cleanupErr) {
      // The entries stay: they are skipped when listing, and the number is not given back, so no
      // later case gets this code. The user is told that the case was not saved, which is true.
      ctx.services.logger.warn({ err: cleanupErr, tenantId: tenant }, 'index entries of an unwritten case could not be removed');
      return 'failedWithEntries';
    }
  }
  // A retried batch whose first try landed finds our own case: that is a creation, not a taken code.
  if (await isStored(ctx, state)) return 'created';
  await forgetIndexEntries(ctx, state);
  return 'codeTaken';
}

/** A number whose case was not written goes back, so numbering has no gap; failing that, it stays a gap. */
async function giveBack(ctx: HandlerContext, tenant: string, year: number, n: number): Promise<void> {
  try {
    await ctx.services.caseIndex.returnCaseNumber(tenant, year, n);
  } catch (err) {
    ctx.services.logger.warn({ err, tenantId: tenant }, 'case number could not be given back');
  }
}

/** Whether exactly this new case is in the store (same creation), not some other case with its code. */
async function isStored(ctx: HandlerContext, state: CaseState): Promise<boolean> {
  try {
    const stored = await ctx.services.cases.get(state.tenantId, state.code);
    return stored !== undefined && stored.state.createdAt === state.createdAt && stored.state.createdBy.aadObjectId === state.createdBy.aadObjectId;
  } catch {
    return false;
  }
}

/**
 * Removes the index entries written for a case that was not created, except where the person is a
 * coordinator of an existing case with that code: that entry is theirs.
 */
async function forgetIndexEntries(ctx: HandlerContext, refused: CaseState): Promise<void> {
  const tenant = refused.tenantId;
  const existing = await ctx.services.cases.get(tenant, refused.code);
  const keep = new Set(existing?.state.coordinators.map((x) => x.aadObjectId) ?? []);
  await Promise.all(
    refused.coordinators.filter((x) => !keep.has(x.aadObjectId)).map((x) => ctx.services.caseIndex.remove(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, refused.code)),
  );
}

import { z } from 'zod';
import { t } from '../../cards/case-card-parts';
import type { CaseFormValues } from '../../cards/case-form-card';
import { newCaseProblems, type FieldProblem, type NewCaseForm } from '../../domain/case-commands';
import { targetGroupMet } from '../../domain/case-rules';
import { CASE_KINDS, TARGET_GROUP_CRITERIA, type CaseState, type TargetGroup } from '../../domain/case-model';
import { chosenUnit } from '../../domain/units';
import { defineAction, type ActionResult } from '../action-router';
import { pickedId } from './card-fields';
import { pickedPerson } from '../picked-person';
import type { HandlerContext } from '../bot-context';
import type { FormUse } from '../../storage/case-index-repository';
import { storeNewCase } from '../../storage/new-case-store';
import { actorOf, cardContext, clockOf, tenantOf } from '../case-access';
import { noticeCard } from '../../cards/notice-card';
import { hubRenderer, showCaseForm, typedInvite } from '../case-views';
import { rememberUnit } from '../coordinator-unit';
import { tenantIdOf } from '../tenant-of';
import { asSeenByAdder, colleagueNoticeText, inviteAnswer } from '../coordinator-notices';

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
  // A form shown before SIP cases existed sends no kind: it opens a VoSS case, as it did then.
  kind: z.enum(CASE_KINDS).optional(),
  // A form from before the bot gave codes still sends a typed one: it is accepted and ignored, so
  // the stale form still works and a code cannot be used to learn whether a case exists.
  code: text,
  nickname: text,
  principal: z.enum(['region', 'kommun', '']).optional(),
  unit: text,
  trained: flag,
  colleague: z.union([pickedId, z.literal('')]).optional(),
  colleagueTrained: flag,
  // Only a deployment serving several tenants shows it; elsewhere it is ignored.
  colleagueEmail: text,
  adult: flag,
  extensiveDisability: flag,
  ordinaryCooperationInsufficient: flag,
  highConsumer: flag,
  repeatedInpatientStays: flag,
  breaksOffContacts: flag,
  disabilityOrAddiction: flag,
  needsBothPrincipals: flag,
  notMetReason: text,
  consentStatus: z.enum(['given', 'notYet', '']).optional(),
  consentForm: z.enum(['written', 'oral', '']).optional(),
  consentScope: text,
  consentValidUntil: text,
});

/**
 * "Skapa ärendet": validates everything, gives the case the tenant's next number of the year,
 * creates it, and tells the colleague. The hub that follows shows the code first.
 */
export const caseCreateAction = defineAction({
  verb: 'case.create',
  data: caseFormData,
  handle: async (ctx, sent) => {
    // In another tenant of the deployment the organisation says which principal the user is (the
    // home tenant may have guests of the other principal, so there the form decides); a form shown
    // again says so too.
    const actual = tenantIdOf(ctx.turn.activity);
    const organisation = actual !== undefined && actual !== tenantOf(ctx) ? ctx.services.tenants.organisationOf(actual)?.principal : undefined;
    const data = organisation === undefined ? sent : { ...sent, principal: organisation };
    const { code: _typedCode, formId: typedFormId, kind: typedKind, ...typed } = data;
    const kind = typedKind ?? 'vss';
    // Lower case: the same form id in another spelling is the same form.
    const formId = typedFormId?.toLowerCase();
    const formValues: CaseFormValues = typed;
    const yes = (v: string | undefined) => v === 'true';
    const tenant = tenantOf(ctx);
    const me = actorOf(ctx);
    const clock = clockOf(ctx);
    const profile = ctx.services.targetGroupProfile;
    // The deployment's routine asks its own criteria; the form sent those it showed. A SIP case
    // has none, which the domain sees to (newCaseProblems, createCase).
    const targetGroup: TargetGroup | undefined =
      profile === 'none'
        ? undefined
        : { profile, ...Object.fromEntries(TARGET_GROUP_CRITERIA[profile].map((k) => [k, yes(data[k])])), notMetReason: data.notMetReason };
    const picked = data.colleague === '' || data.colleague === undefined ? undefined : await pickedPerson(ctx, data.colleague);
    const invite = typedInvite(ctx, data.colleagueEmail);

    const principal = data.principal === 'kommun' ? 'kommun' : 'region';
    // Picked from the principal's list and stored in its spelling; without a principal there is
    // no list to hold the unit to, and the principal's own problem says what to do first.
    const unit = data.principal === undefined || data.principal === '' ? undefined : chosenUnit(ctx.services.units, principal, data.unit);
    const form: NewCaseForm = {
      tenantId: tenant,
      nickname: data.nickname,
      creator: { ...me, principal, unit: unit?.ok === true ? unit.unit : undefined, trained: yes(data.trained) },
      colleague: picked === undefined ? undefined : { ...picked.person, trained: yes(data.colleagueTrained) },
      colleagueInvite: invite.ok && invite.email !== undefined ? { email: invite.email, trained: yes(data.colleagueTrained) } : undefined,
      kind,
      targetGroup,
      consent: {
        status: data.consentStatus === 'given' ? 'given' : 'notYet',
        form: data.consentForm === '' ? undefined : data.consentForm,
        scope: data.consentScope,
        validUntil: data.consentValidUntil,
      },
    };
    const principalProblem: FieldProblem[] = data.principal === undefined || data.principal === '' ? [{ field: 'principal', kind: 'required' }] : [];
    const unitProblem: FieldProblem[] = unit?.ok === false ? [unit.problem] : [];
    const inviteProblem: FieldProblem[] = invite.ok ? [] : [invite.problem];
    const fields = [...principalProblem, ...unitProblem, ...inviteProblem, ...newCaseProblems(form, clock)];
    if (fields.length > 0) {
      const targetGroupNotMet = targetGroup !== undefined && !targetGroupMet(targetGroup) && fields.some((p) => p.field === 'notMetReason');
      return { kind: 'card', card: await showCaseForm(ctx, kind, formValues, { fields, targetGroupNotMet }, formId) };
    }

    if (formId !== undefined) {
      const earlier = await ctx.services.caseIndex.claimForm(tenant, formId, me.aadObjectId);
      if (earlier !== undefined) return answerUsedForm(ctx, earlier);
    }
    let state: CaseState | 'notSaved' | 'unknown';
    try {
      state = await storeNewCase(ctx.services, form, clock, formId);
    } catch (err) {
      if (formId !== undefined) await releaseForm(ctx, tenant, formId);
      throw err;
    }
    if (state === 'notSaved') {
      if (formId !== undefined) await releaseForm(ctx, tenant, formId);
      return { kind: 'card', card: await showCaseForm(ctx, kind, formValues, { fields: [], notSaved: true }, formId) };
    }
    // The store could not say whether the case was written: the form stays used (a resubmit after
    // a couple of minutes is let through if it was not), and the user is told to look first.
    if (state === 'unknown') return answerUsedForm(ctx, { creator: me.aadObjectId });
    ctx.services.logger.info({ tenantId: tenant }, 'case created');
    await rememberUnit(ctx, state);
    // The index entries, the form's record and the colleague's notice follow the answer (outbox).
    const notices = [createdNotice(ctx, state.code)];
    let shown = picked === undefined ? state : asSeenByAdder(state, picked.person.aadObjectId, picked.reachable);
    if (picked !== undefined) notices.push(colleagueNoticeText(ctx, state, picked.person.aadObjectId, picked.reachable));
    else if (state.colleagueInvite !== undefined) {
      // One who already has the bot is asked at once; anyone else when they add it.
      const answer = await inviteAnswer(ctx, state, state.colleagueInvite.email);
      shown = answer.shown;
      notices.push(answer.notice);
    }
    return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, notices.join(' '), 'done'), shown) };
  },
});

/** The line the creator's hub opens with, whether the case was made now or by the form's first submit. */
const createdNotice = (ctx: HandlerContext, code: string): string => t(cardContext(ctx), 'notice.created', { code });

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
      return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, createdNotice(ctx, stored.state.code), 'done'), stored.state) };
    }
  }
  const cardCtx = cardContext(ctx);
  return { kind: 'card', card: noticeCard(cardCtx.locale, { title: t(cardCtx, 'form.title'), body: t(cardCtx, 'notice.beingCreated') }) };
}

/** Frees a form whose case was not created; failing that, the form stays used and a new one is needed. */
async function releaseForm(ctx: HandlerContext, tenant: string, formId: string): Promise<void> {
  try {
    await ctx.services.caseIndex.releaseForm(tenant, formId);
  } catch (err) {
    ctx.services.logger.warn({ err, tenantId: tenant }, 'form of an unwritten case could not be freed');
  }
}

import { z } from 'zod';
import type { CaseFormValues } from '../../cards/case-form-card';
import { createCase, type FieldProblem } from '../../domain/case-commands';
import { targetGroupMet } from '../../domain/case-rules';
import type { CaseState } from '../../domain/case-model';
import { defineAction } from '../action-router';
import { aadObjectId } from './card-fields';
import type { HandlerContext } from '../bot-context';
import { actorOf, clockOf, tenantOf } from '../case-access';
import { hubRenderer, showCaseForm, suggestCode } from '../case-views';
import { cardContext } from '../case-access';
import { colleagueNoticeText, notifyAddedColleague } from '../coordinator-notices';

/**
 * Inputs arrive as strings. Bounds here only stop absurd payloads; the domain names the real
 * limits field by field, so a user gets "at most 80 characters", not "invalid data".
 */
const text = z.string().max(5000).optional();
const flag = z.enum(['true', 'false']).optional();

const caseFormData = z.object({
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

/** "Skapa ärendet": validates everything, creates the case, and tells the colleague. */
export const caseCreateAction = defineAction({
  verb: 'case.create',
  data: caseFormData,
  handle: async (ctx, data) => {
    const values = data as CaseFormValues & { code?: string };
    const formValues: CaseFormValues = { ...values, code: values.code ?? '' };
    const yes = (v: string | undefined) => v === 'true';
    const tenant = tenantOf(ctx);
    const me = actorOf(ctx);
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

    const principalProblem: FieldProblem[] = data.principal === undefined || data.principal === '' ? [{ field: 'principal', kind: 'required' }] : [];
    const result = createCase(
      {
        tenantId: tenant,
        code: data.code ?? '',
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
      },
      clockOf(ctx),
    );
    if (!result.ok || principalProblem.length > 0) {
      const fields = [...principalProblem, ...(result.ok ? [] : result.problems)];
      return { kind: 'card', card: await showCaseForm(ctx, formValues, { fields, targetGroupNotMet: !targetGroupMet(targetGroup) && fields.some((p) => p.field === 'notMetReason') }) };
    }

    const state = result.state;
    // Index first: an entry without its case is skipped when listing; a case without entries would be lost.
    await Promise.all(state.coordinators.map((x) => ctx.services.caseIndex.add(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, state.code)));
    if ((await ctx.services.cases.create(state, result.audit)) === 'codeTaken') {
      await forgetIndexEntries(ctx, tenant, state);
      return { kind: 'card', card: await showCaseForm(ctx, { ...formValues, code: await suggestCode(ctx) }, { fields: [], codeTaken: true }) };
    }
    ctx.services.logger.info({ tenantId: tenant }, 'case created');

    let notice: string | undefined;
    if (colleagueId !== undefined) notice = colleagueNoticeText(ctx, await notifyAddedColleague(ctx, state));
    const current = (await ctx.services.cases.get(tenant, state.code))?.state ?? state;
    return { kind: 'card', card: hubRenderer(ctx)(cardContext(ctx, notice), current) };
  },
});

/**
 * A refused create leaves no trace: index entries written for it are removed again, except where
 * the person is a coordinator of the existing case with that code.
 */
async function forgetIndexEntries(ctx: HandlerContext, tenant: string, refused: CaseState): Promise<void> {
  const existing = await ctx.services.cases.get(tenant, refused.code);
  const keep = new Set(existing?.state.coordinators.map((x) => x.aadObjectId) ?? []);
  await Promise.all(
    refused.coordinators.filter((x) => !keep.has(x.aadObjectId)).map((x) => ctx.services.caseIndex.remove(tenant, { kind: 'user', aadObjectId: x.aadObjectId }, refused.code)),
  );
}

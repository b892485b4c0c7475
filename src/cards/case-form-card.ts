import { randomUUID } from 'node:crypto';
import type { FieldProblem } from '../domain/case-commands';
import type { CaseKind, Principal, TargetGroupProfile } from '../domain/case-model';
import { NO_UNITS, listedUnit, type UnitCatalogue } from '../domain/units';
import { expandCard, type AdaptiveCard } from './card-template';
import { userErrorText } from '../i18n/errors';
import { markInputs, scrubTyped } from './scrub-typed';
import { fieldProblemText, t, type CaseCardContext } from './case-card-parts';

/** What the form shows in its inputs: empty at first, the user's own input after a refusal. */
export interface CaseFormValues {
  readonly nickname?: string;
  readonly principal?: string;
  readonly unit?: string;
  readonly trained?: string;
  readonly colleague?: string;
  readonly colleagueTrained?: string;
  readonly colleagueEmail?: string;
  readonly adult?: string;
  readonly extensiveDisability?: string;
  readonly ordinaryCooperationInsufficient?: string;
  readonly highConsumer?: string;
  readonly repeatedInpatientStays?: string;
  readonly breaksOffContacts?: string;
  readonly disabilityOrAddiction?: string;
  readonly needsBothPrincipals?: string;
  readonly notMetReason?: string;
  readonly consentStatus?: string;
  readonly consentForm?: string;
  readonly consentScope?: string;
  readonly consentValidUntil?: string;
}

export interface CaseFormProblems {
  readonly fields: readonly FieldProblem[];
  /** The case could not be written; the form comes back with what was typed. */
  readonly notSaved?: boolean;
  readonly targetGroupNotMet?: boolean;
}

/** Which form: the kind of case, for VoSS the deployment's target-group routine, and the units to pick from. */
export interface CaseFormKind {
  readonly kind: CaseKind;
  readonly profile: TargetGroupProfile;
  /** Absent: no list, and the form asks no unit. */
  readonly units?: UnitCatalogue | undefined;
  /**
   * The other organisations of a deployment serving several tenants, by name ("Testby kommun"):
   * a colleague there who has not added the bot is invited by e-mail address. Absent: no invite.
   */
  readonly inviteFrom?: string | undefined;
}

/**
 * The "nytt ärende" form for one kind of case. A SIP case asks no target group and nothing about
 * training; VoSS asks the routine's own criteria (none where the deployment has no routine).
 * After a refused submit it comes back with the user's input kept and
 * every problem named by field, so nothing typed is lost. `formId` names this form, so that
 * submitting it twice creates one case; a form shown again after a refusal keeps its id.
 */
export function caseFormCard(
  ctx: CaseCardContext,
  form: CaseFormKind,
  typed: CaseFormValues,
  colleagues: ReadonlyArray<{ title: string; value: string }>,
  problems?: CaseFormProblems,
  formId: string = randomUUID(),
): AdaptiveCard {
  const values = scrubTyped(typed);
  const blank = (v: string | undefined) => v ?? '';
  const flag = (v: string | undefined) => (v === 'true' ? 'true' : 'false');
  const vss = form.kind === 'vss';
  const targetGroup = vss ? form.profile : 'none';
  const units = unitPicker(ctx, form.units ?? NO_UNITS, values.principal, values.unit);
  return markInputs(
    expandCard('case-form', {
      formId,
      kind: form.kind,
      vss,
      targetGroup,
      values: {
        nickname: blank(values.nickname),
        principal: blank(values.principal),
        unit: units.value,
        trained: flag(values.trained),
        colleague: blank(values.colleague),
        colleagueTrained: flag(values.colleagueTrained),
        colleagueEmail: blank(values.colleagueEmail),
        adult: flag(values.adult),
        extensiveDisability: flag(values.extensiveDisability),
        ordinaryCooperationInsufficient: flag(values.ordinaryCooperationInsufficient),
        highConsumer: flag(values.highConsumer),
        repeatedInpatientStays: flag(values.repeatedInpatientStays),
        breaksOffContacts: flag(values.breaksOffContacts),
        disabilityOrAddiction: flag(values.disabilityOrAddiction),
        needsBothPrincipals: flag(values.needsBothPrincipals),
        notMetReason: blank(values.notMetReason),
        consentStatus: values.consentStatus ?? 'notYet',
        consentForm: blank(values.consentForm),
        consentScope: blank(values.consentScope),
        consentValidUntil: blank(values.consentValidUntil),
      },
      colleagueChoices: colleagues,
      invite: form.inviteFrom !== undefined,
      unitChoices: units.choices,
      unitRequired: units.required,
      problems: problemTexts(ctx, problems),
      // Each problem again right under its field, where the user is looking on a long form.
      labels: {
        title: t(ctx, vss ? 'form.titleVss' : 'form.titleSip'),
        intro: t(ctx, 'form.intro'),
        problems: t(ctx, 'form.problems'),
        codeNote: t(ctx, vss ? 'form.codeNote' : 'form.codeNoteSip'),
        nickname: t(ctx, 'form.nickname'),
        principal: t(ctx, 'form.principal'),
        principalRequired: t(ctx, 'problem.required', { field: t(ctx, 'form.principal') }),
        region: t(ctx, 'principal.regionLabel'),
        kommun: t(ctx, 'principal.kommunLabel'),
        unit: t(ctx, 'form.unit'),
        unitPlaceholder: t(ctx, 'form.unitPlaceholder'),
        unitRequired: t(ctx, 'problem.required', { field: t(ctx, 'form.unit') }),
        unitNote: units.note,
        trained: t(ctx, 'form.trained'),
        colleague: t(ctx, vss ? 'form.colleague' : 'form.colleagueSip'),
        colleaguePlaceholder: t(ctx, 'form.colleaguePlaceholder'),
        colleagueTrained: t(ctx, 'form.colleagueTrained'),
        colleagueEmail: t(ctx, 'form.colleagueEmail'),
        colleagueEmailNote: t(ctx, 'form.colleagueEmailNote', { organisations: form.inviteFrom ?? '' }),
        trainingNote: t(ctx, 'form.trainingNote'),
        targetGroup: t(ctx, targetGroup === 'goteborg' ? 'form.targetGroupGoteborg' : 'form.targetGroup'),
        disabilityOrAddiction: t(ctx, 'form.disabilityOrAddiction'),
        needsBothPrincipals: t(ctx, 'form.needsBothPrincipals'),
        goteborgCriteria: t(ctx, 'form.goteborgCriteria'),
        adult: t(ctx, 'form.adult'),
        extensiveDisability: t(ctx, 'form.extensiveDisability'),
        ordinaryInsufficient: t(ctx, 'form.ordinaryInsufficient'),
        extraCriteria: t(ctx, 'form.extraCriteria'),
        highConsumer: t(ctx, 'form.highConsumer'),
        repeatedInpatient: t(ctx, 'form.repeatedInpatient'),
        breaksOff: t(ctx, 'form.breaksOff'),
        notMetReason: t(ctx, 'form.notMetReason'),
        consent: t(ctx, 'form.consent'),
        consentStatus: t(ctx, 'form.consentStatus'),
        consentGiven: t(ctx, 'form.consentGiven'),
        consentNotYet: t(ctx, 'form.consentNotYet'),
        consentForm: t(ctx, 'form.consentForm'),
        written: t(ctx, 'case.formWritten'),
        oral: t(ctx, 'case.formOral'),
        consentScope: t(ctx, 'form.consentScope'),
        consentValidUntil: t(ctx, 'form.consentValidUntil'),
        create: t(ctx, 'action.create'),
      },
    }),
    // Each problem again right under its field, where the user is looking on a long card.
    Object.fromEntries(FORM_FIELDS.map((f) => [f, fieldText(ctx, problems, f)])),
  );
}

/**
 * The unit is picked on the form where the principal is picked too, and a card cannot change its
 * choices when the principal changes. So both principals' units are offered in one list, each
 * named by its principal ("Region – Psykiatrimottagning Väst"), the principal already picked
 * first; the server holds the pick to that principal's list. One list rather than two, so that
 * nobody fills in the other principal's list by mistake. A principal without a list lets the unit
 * be left empty, and the form says so.
 */
function unitPicker(ctx: CaseCardContext, units: UnitCatalogue, principal: string | undefined, typed: string | undefined) {
  const order: Principal[] = principal === 'kommun' ? ['kommun', 'region'] : ['region', 'kommun'];
  const choices = order.flatMap((p) => units[p].map((unit) => ({ title: `${t(ctx, p === 'region' ? 'principal.regionLabel' : 'principal.kommunLabel')} – ${unit}`, value: unit })));
  const without = order.filter((p) => units[p].length === 0);
  // A unit from a stale form that no list holds shows as not picked, not as a value without a choice.
  const listed = order.map((p) => listedUnit(units, p, typed)).find((u) => u !== undefined);
  return {
    choices,
    value: listed ?? '',
    required: without.length === 0,
    note: choices.length > 0 && without.length === 1 ? t(ctx, without[0] === 'region' ? 'form.unitNoteRegion' : 'form.unitNoteKommun') : '',
  };
}

/** The form's fields that can carry a problem, named again under the field. */
const FORM_FIELDS = ['nickname', 'principal', 'unit', 'colleague', 'notMetReason', 'consentForm', 'consentScope', 'consentValidUntil'] as const;

function fieldText(ctx: CaseCardContext, problems: CaseFormProblems | undefined, field: (typeof FORM_FIELDS)[number]): string {
  const p = problems?.fields.find((x) => x.field === field);
  if (p !== undefined) return fieldProblemText(ctx, p);
  // An unmet target group is the reason field's problem, put where the reason is asked.
  return field === 'notMetReason' && problems?.targetGroupNotMet === true ? t(ctx, 'problem.notMet') : '';
}

function problemTexts(ctx: CaseCardContext, problems: CaseFormProblems | undefined): string[] {
  if (problems === undefined) return [];
  const texts: string[] = [];
  if (problems.notSaved === true) texts.push(userErrorText('caseNotSaved', ctx.locale));
  if (problems.targetGroupNotMet === true) texts.push(t(ctx, 'problem.notMet'));
  for (const p of problems.fields) texts.push(fieldProblemText(ctx, p));
  return texts;
}


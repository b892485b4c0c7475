import { MEETING_FORMS, PARTY_ROLES } from '../domain/sip-model';
import type { SipField, SipProblem } from '../domain/sip-commands';
import { fieldMessages } from './field-messages';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { markInputs, scrubTyped } from './scrub-typed';
import { t, type CaseCardContext } from './case-card-parts';
import { sipProblemText, st } from './sip-card-parts';

export interface SipPlanFormValues {
  readonly date?: string;
  readonly time?: string;
  readonly duration?: string;
  readonly form?: string;
  readonly place?: string;
  readonly link?: string;
  readonly purpose?: string;
  readonly questions?: string;
  /** Comma-separated roles, as a multi-select ChoiceSet sends them. */
  readonly invited?: string;
  readonly otherLabel?: string;
  /** Units one per line, as the form's multi-line inputs send them. */
  readonly regionUnits?: string;
  readonly kommunUnits?: string;
  readonly withoutPersonReason?: string;
  readonly chair?: string;
  readonly noteTaker?: string;
}

export interface SipPlanFormTarget {
  readonly code: string;
  /** Set when moving an existing meeting: only date, time and length are asked for. */
  readonly move?: { readonly meetingId: string; readonly rev: number };
  readonly followUpOf?: string;
  /** Set when the values come from the förmöte with the person; heldAt when it was marked held. */
  readonly proposal?: { readonly heldAt?: string | undefined };
}

const DURATIONS = [30, 45, 60, 90, 120, 150, 180];

/** The form's inputs that can carry a problem: each is named as the domain names its field. */
const FORM_FIELDS = ['date', 'time', 'duration', 'place', 'link', 'purpose', 'questions', 'invited', 'otherLabel', 'regionUnits', 'kommunUnits', 'withoutPersonReason', 'chair', 'noteTaker'] as const satisfies readonly SipField[];
const FORM_INPUTS = Object.fromEntries(FORM_FIELDS.map((f) => [f, f])) as Record<(typeof FORM_FIELDS)[number], SipField>;

/**
 * The form to plan a SIP meeting, or to move one. Refused input comes back as typed with the
 * problems named at the top, and a domain problem again under its field; a text is a notice for
 * the top only (a question about the day, a refusal of the whole form).
 * @param confirmedDay a weekend or holiday the form has asked about: saving again keeps it.
 */
export function sipPlanFormCard(ctx: CaseCardContext, target: SipPlanFormTarget, typed: SipPlanFormValues, problems: readonly (string | SipProblem)[] = [], confirmedDay = ''): AdaptiveCard {
  const values = scrubTyped(typed);
  const fieldProblems = problems.filter((p): p is SipProblem => typeof p !== 'string');
  const moving = target.move !== undefined;
  return markInputs(
    expandCard('sip-plan-form', {
      code: target.code,
      verb: moving ? 'sip.move' : 'sip.plan',
      confirmedDay,
      meetingId: target.move?.meetingId ?? '',
      rev: target.move?.rev ?? 0,
      followUpOf: target.followUpOf ?? '',
      moving,
      problems: problems.map((p) => (typeof p === 'string' ? p : sipProblemText(ctx, p))),
      proposalLine:
        target.proposal === undefined
          ? ''
          : target.proposal.heldAt === undefined
            ? st(ctx, 'planForm.proposalNotHeld')
            : st(ctx, 'planForm.proposal', { when: formatDateTime(target.proposal.heldAt, ctx.locale, ctx.timeZone) }),
      values: {
        date: values.date ?? '',
        time: values.time ?? '',
        duration: values.duration ?? '90',
        form: values.form ?? 'fysiskt',
        place: values.place ?? '',
        link: values.link ?? '',
        purpose: values.purpose ?? '',
        questions: values.questions ?? '',
        invited: values.invited ?? 'personen,region,kommun',
        otherLabel: values.otherLabel ?? '',
        regionUnits: values.regionUnits ?? '',
        kommunUnits: values.kommunUnits ?? '',
        withoutPersonReason: values.withoutPersonReason ?? '',
        chair: values.chair ?? '',
        noteTaker: values.noteTaker ?? '',
      },
      durations: DURATIONS.map((n) => ({ title: st(ctx, 'planForm.minutes', { n }), value: String(n) })),
      forms: MEETING_FORMS.map((f) => ({ title: st(ctx, `sip.form.${f}`), value: f })),
      parties: PARTY_ROLES.map((r) => ({ title: st(ctx, `party.${r}`), value: r })),
      labels: {
        title: moving ? st(ctx, 'planForm.moveTitle', { id: target.move!.meetingId, code: target.code }) : st(ctx, 'planForm.title', { code: target.code }),
        problems: st(ctx, 'planForm.problems'),
        date: st(ctx, 'planForm.date'),
        dateRequired: t(ctx, 'problem.required', { field: st(ctx, 'planForm.date') }),
        time: st(ctx, 'planForm.time'),
        timeRequired: t(ctx, 'problem.required', { field: st(ctx, 'planForm.time') }),
        timeZone: st(ctx, 'planForm.timeZone'),
        duration: st(ctx, 'planForm.duration'),
        form: st(ctx, 'planForm.form'),
        place: st(ctx, 'planForm.place'),
        link: st(ctx, 'planForm.link'),
        purpose: st(ctx, 'planForm.purpose'),
        purposeRequired: t(ctx, 'problem.required', { field: st(ctx, 'planForm.purpose') }),
        questions: st(ctx, 'planForm.questions'),
        invited: st(ctx, 'planForm.invited'),
        otherLabel: st(ctx, 'planForm.otherLabel'),
        regionUnits: st(ctx, 'planForm.regionUnits'),
        kommunUnits: st(ctx, 'planForm.kommunUnits'),
        withoutPersonReason: st(ctx, 'planForm.withoutPersonReason'),
        chair: st(ctx, 'planForm.chair'),
        noteTaker: st(ctx, 'planForm.noteTaker'),
        save: st(ctx, moving ? 'planForm.saveMove' : 'planForm.save'),
        // Not a back button that could keep what is typed: the form's required fields would stop it
        // from sending them. It says what it does.
        back: st(ctx, 'planForm.cancel'),
      },
    }),
    // Each problem again right under its field, where the user is looking on a long card.
    fieldMessages(FORM_INPUTS, fieldProblems, (p) => sipProblemText(ctx, p)),
  );
}

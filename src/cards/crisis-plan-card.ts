import type { CaseState } from '../domain/case-model';
import { crisisPlanOf, type CrisisBasics, type PlanField, type PlanProblem } from '../domain/plan-commands';
import type { CrisisActor } from '../domain/plan-model';
import { fieldMessages, type TypedForm } from './field-messages';
import { formatDate, formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { markInputs, scrubTyped } from './scrub-typed';
import { closedBanner, sipEditable, t, noticeColor, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';
import { planProblemText, pt, signActionLines } from './plan-card-parts';

/** A crisis-plan card's form: its own fields (not saved: only Spara makes a version), and a new sign as typed, kept in its panel. */
export interface CrisisForm extends TypedForm<CrisisBasics, PlanProblem> {
  readonly sign?: Partial<Record<'description' | 'describedBy' | CrisisActor | 'contact', string>> | undefined;
}

/** The crisis plan's own inputs, which show what is saved. */
export const CRISIS_FIELDS = ['triggers', 'personDoesThemselves', 'reviewDate'] as const;

/** The card's inputs that can carry a problem, by the domain's name for the field. */
const CRISIS_INPUTS = {
  triggers: 'triggers',
  personDoesThemselves: 'personDoesThemselves',
  reviewDate: 'reviewDate',
  signDescription: ['description', 'signs'],
  // Under the last of the four "what does … do" inputs: at least one of them is asked for.
  action_region: 'actions',
  signContact: 'contact',
} as const satisfies Record<string, PlanField | readonly PlanField[]>;

/** The crisis and action plan: early signs, who does what at each, and the review date. */
export function crisisPlanCard(ctx: CaseCardContext, c: CaseState, form: CrisisForm = {}): AdaptiveCard {
  const { confirmedDay = '' } = form;
  const plan = crisisPlanOf(c);
  const editable = sipEditable(ctx, c);
  const v = { ...plan, ...scrubTyped(form.typed ?? {}) };
  const sign = scrubTyped(form.sign ?? {});
  return markInputs(
    expandCard('crisis-plan', {
      code: c.code,
      rev: plan.rev,
      confirmedDay,
      discard: form.discard === true ? 'true' : '',
      revision: plan.revision,
      editable,
      notice: ctx.notice ?? '',
      noticeColor: noticeColor(ctx),
      closedBanner: closedBanner(ctx, c),
      status:
        plan.revision === 0 || plan.savedAt === undefined
          ? pt(ctx, 'crisis.draft')
          : pt(ctx, 'crisis.saved', { revision: plan.revision, when: formatDateTime(plan.savedAt, ctx.locale, ctx.timeZone), review: plan.reviewDate === undefined ? '–' : formatDate(plan.reviewDate, ctx.locale) }),
      statusColor: plan.revision === 0 ? 'Default' : 'Good',
      values: { triggers: v.triggers ?? '', personDoesThemselves: v.personDoesThemselves ?? '', reviewDate: v.reviewDate ?? '' },
      newSign: {
        description: sign.description ?? '',
        describedBy: sign.describedBy ?? 'personen',
        personen: sign.personen ?? '',
        narstaende: sign.narstaende ?? '',
        kommun: sign.kommun ?? '',
        region: sign.region ?? '',
        contact: sign.contact ?? '',
      },
      signs: plan.signs.map((s) => ({
        id: s.id,
        heading: pt(ctx, 'crisis.signLine', { description: literalText(s.description), describedBy: pt(ctx, `by.${s.describedBy}`) }),
        lines: [...signActionLines(ctx, s, 'crisis.actionLine', literalText), ...(s.contact === undefined ? [] : [pt(ctx, 'crisis.contactLine', { contact: literalText(s.contact) })])],
        removeLabel: pt(ctx, 'crisis.remove', { id: s.id }),
      })),
      labels: {
        title: pt(ctx, 'crisis.title', { code: c.code }),
        triggers: pt(ctx, 'crisis.triggers'),
        personDoesThemselves: pt(ctx, 'crisis.personDoesThemselves'),
        reviewDate: pt(ctx, 'crisis.reviewDate'),
        reviewDateRequired: pt(ctx, 'problem.required', { field: pt(ctx, 'field.reviewDate') }),
        signs: pt(ctx, 'crisis.signs'),
        noSigns: pt(ctx, 'crisis.noSigns'),
        addSign: pt(ctx, 'crisis.addSign'),
        signDescription: pt(ctx, 'crisis.signDescription'),
        signRequired: pt(ctx, 'problem.required', { field: pt(ctx, 'field.description') }),
        describedBy: pt(ctx, 'crisis.describedBy'),
        byPerson: pt(ctx, 'by.personen'),
        byRelatives: pt(ctx, 'by.narstaende'),
        byStaff: pt(ctx, 'by.personal'),
        actionPerson: pt(ctx, 'crisis.actionFor', { who: pt(ctx, 'by.personen') }),
        actionRelatives: pt(ctx, 'crisis.actionFor', { who: pt(ctx, 'by.narstaende') }),
        actionKommun: pt(ctx, 'crisis.actionFor', { who: pt(ctx, 'actor.kommun').toLocaleLowerCase('sv-SE') }),
        actionRegion: pt(ctx, 'crisis.actionFor', { who: pt(ctx, 'actor.region').toLocaleLowerCase('sv-SE') }),
        contact: pt(ctx, 'crisis.contact'),
        save: pt(ctx, 'crisis.save'),
        export: pt(ctx, 'crisis.export'),
        backToCase: t(ctx, 'action.backToCase'),
      },
    }),
    // Each problem again right under its field, where the user is looking on a long card.
    fieldMessages(CRISIS_INPUTS, form.problems, (p) => planProblemText(ctx, p)),
  );
}

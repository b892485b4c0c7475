import type { AuditEvent } from '../domain/case-model';
import { EARLY_CLOSE_REASONS, PHASES, type Phase } from '../domain/case-model';
import { parsePartyKey } from '../domain/sip-model';
import { phaseKey, principalDefKey, type CaseTextKey } from '../i18n/case-texts';
import { sipText } from '../i18n/sip-texts';
import { fill } from '../i18n/format';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { literalText } from './literal-text';
import { nameOf, t, type CaseCardContext } from './case-card-parts';

/** Which page of the history is shown, and what the next one is. */
export interface HistoryView {
  readonly changesOnly: boolean;
  /** Where this page starts: absent on the first. */
  readonly after?: string | undefined;
  readonly next?: string | undefined;
}

/** The latest changes and views of a case: who, what, when. Only for coordinators. */
export function caseHistoryCard(ctx: CaseCardContext, code: string, events: readonly AuditEvent[], page: HistoryView = { changesOnly: false }): AdaptiveCard {
  return expandCard('case-history', {
    code,
    title: t(ctx, 'history.title', { code }),
    empty: t(ctx, 'history.empty'),
    backLabel: t(ctx, 'action.backToCase'),
    // "Visa fler" goes on from the last entry shown, with the same choice of what to show.
    next: page.next ?? '',
    changesOnly: page.changesOnly ? 'true' : 'false',
    otherFilter: page.changesOnly ? 'false' : 'true',
    filterNote: t(ctx, page.changesOnly ? 'history.changesOnlyNote' : 'history.allNote'),
    labels: {
      more: t(ctx, 'history.more'),
      filter: t(ctx, page.changesOnly ? 'history.showViews' : 'history.showChangesOnly'),
      first: t(ctx, 'history.first'),
    },
    later: page.after !== undefined,
    rows: events.map((e) =>
      t(ctx, 'history.row', {
        when: formatDateTime(e.at, ctx.locale, ctx.timeZone),
        name: nameOf(ctx, e.by),
        what: auditEventText(ctx, e),
      }),
    ),
  });
}

/**
 * What happened, in words: some actions read differently by their detail, the rest fill it in.
 * The access-log export uses the same words as the history card.
 */
export function auditEventText(ctx: CaseCardContext, e: AuditEvent): string {
  const detail = e.detail;
  if (e.action === 'reminders.preferencesChanged' && detail !== undefined) {
    // "muted:user", "on:groupChat": whether reminders are off, or where they go.
    const [state, delivery] = detail.split(':');
    if (state === 'muted') return t(ctx, 'audit.reminders.muted');
    if (delivery === 'groupChat') return t(ctx, 'audit.reminders.toGroupChat');
    if (delivery === 'user') return t(ctx, 'audit.reminders.toUser');
    return t(ctx, 'audit.reminders.preferencesChanged');
  }
  if ((e.action === 'sip.invitationSent' || e.action === 'sip.invitationUndone') && detail !== undefined) {
    // "M1:kommun": "kallelsen till kommunen (M1)"; a unit, "M1:kommun2": "… till kommunen, enhet 2 (M1)".
    const [meetingId, key] = detail.split(':');
    const parsed = parsePartyKey(key ?? '');
    const party =
      parsed === undefined
        ? literalText(key ?? '')
        : `${sipText(ctx.locale, `partyTo.${parsed.role}`)}${parsed.unitNo === undefined ? '' : fill(sipText(ctx.locale, 'partyTo.unitNo'), { no: parsed.unitNo })}`;
    return t(ctx, `audit.${e.action}`, { detail: `${party} (${literalText(meetingId ?? '')})` });
  }
  if (e.action === 'evaluation.consentRecorded' && (detail === 'given' || detail === 'declined')) return t(ctx, detail === 'given' ? 'audit.evaluation.consentGiven' : 'audit.evaluation.consentDeclined');
  if (e.action === 'crisis.revised' && detail !== undefined && /^rev\d+$/.test(detail)) return t(ctx, 'audit.crisis.revised', { detail: detail.slice(3) });
  if (e.action === 'plan.exported' && detail !== undefined && /^v\d+$/.test(detail)) return t(ctx, 'audit.plan.versionExported', { version: detail.slice(1) });
  return t(ctx, auditKey(e.action), { detail: detailText(ctx, detail) });
}

/** Audit details are fixed codes ("B3:done", "kartlaggning"); show them in words. */
function detailText(ctx: CaseCardContext, detail: string | undefined): string {
  if (detail === undefined) return '';
  if ((PHASES as readonly string[]).includes(detail)) return t(ctx, phaseKey(detail as Phase));
  // Every principal detail follows "från": "från regionen".
  if (detail === 'region' || detail === 'kommun') return t(ctx, principalDefKey(detail));
  if (detail === 'written' || detail === 'oral') return t(ctx, detail === 'oral' ? 'case.formOral' : 'case.formWritten');
  // Appended to "markerade planen som upprättad".
  if (detail === 'withPerson' || detail === 'withoutPerson') return `, ${t(ctx, detail === 'withPerson' ? 'history.withPerson' : 'history.withoutPerson')}`;
  const early = EARLY_CLOSE_REASONS.find((r) => r === detail);
  if (early !== undefined) return t(ctx, `close.early.${early}`).toLowerCase();
  const [item, value] = detail.split(':');
  if (value === 'yes' || value === 'no') return `${item} (${t(ctx, value === 'yes' ? 'status.needYes' : 'status.needNo')})`;
  if (value === 'done' || value === 'notStarted' || value === 'notApplicable') return `${item}: ${t(ctx, `status.${value}`)}`;
  return literalText(detail);
}

/** Every audit action has its words: a missing text is a compile error here, not "undefined" on a card. */
function auditKey(action: AuditEvent['action']): CaseTextKey {
  return `audit.${action}`;
}

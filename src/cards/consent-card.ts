import { localDate } from '../domain/calendar-date';
import { consentRev, consentStanding } from '../domain/consent';
import type { CaseState } from '../domain/case-model';
import type { CaseAccess } from '../domain/case-rules';
import { formatDate, formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { closedBanner, sipEditable, nameOf, t, noticeColor, type CaseCardContext } from './case-card-parts';
import { literalText } from './literal-text';
import { scrubTyped } from './scrub-typed';

/** What was typed into the consent form, sent back on a refusal. */
export interface TypedConsent {
  readonly form?: string | undefined;
  readonly scope?: string | undefined;
  readonly validUntil?: string | undefined;
}

/**
 * The person's consent to a SIP: what holds now, and a form to record it, change it (prefilled)
 * or record that it was withdrawn. Only coordinators change it, and not on a closed case.
 */
export function consentCard(ctx: CaseCardContext, c: CaseState, access: CaseAccess, now: Date, typed?: TypedConsent): AdaptiveCard {
  const consent = c.consent;
  const today = localDate(now, ctx.timeZone);
  const editable = sipEditable(ctx, c) && access === 'coordinator';
  const given = consent.status === 'given';
  const kept = typed === undefined ? undefined : scrubTyped(typed);
  const required = (field: Parameters<typeof t>[1]) => t(ctx, 'problem.required', { field: t(ctx, field) });
  return expandCard('consent', {
    code: c.code,
    rev: consentRev(c),
    today,
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    title: t(ctx, 'consent.title', { code: c.code }),
    closedBanner: closedBanner(ctx, c),
    intro: t(ctx, 'consent.intro'),
    current: t(ctx, 'consent.current', { status: consentStatusText(ctx, c, today) }),
    recordedLine: given && consent.recordedAt !== undefined ? t(ctx, 'consent.recordedBy', { name: nameOf(ctx, consent.recordedBy), when: formatDateTime(consent.recordedAt, ctx.locale, ctx.timeZone) }) : '',
    journalLine: given && consent.form === 'oral' ? t(ctx, 'consent.oralJournal') : '',
    editable,
    canWithdraw: editable && given,
    // A consent that ran out is renewed from what it was (its end date left to fill in); after a
    // withdrawal the form starts empty. A refused form comes back as typed, less anything shaped
    // like a personnummer.
    form: kept?.form ?? (given ? (consent.form ?? '') : ''),
    scope: kept?.scope ?? (given && consent.scope !== undefined ? consent.scope : ''),
    validUntil: kept?.validUntil ?? (given && consentStanding(c, today) === 'valid' ? (consent.validUntil ?? '') : ''),
    labels: {
      form: t(ctx, 'form.consentForm'),
      formRequired: required('field.consentForm'),
      written: t(ctx, 'case.formWritten'),
      oral: t(ctx, 'case.formOral'),
      scope: t(ctx, 'form.consentScope'),
      scopeRequired: required('field.consentScope'),
      validUntil: t(ctx, 'form.consentValidUntil'),
      validUntilRequired: required('field.consentValidUntil'),
      save: t(ctx, given ? 'action.consentChange' : 'action.consentRecord'),
      withdraw: t(ctx, 'action.consentWithdraw'),
      withdrawEffect: t(ctx, 'consent.withdrawEffect'),
      withdrawnOn: t(ctx, 'field.consentWithdrawnOn'),
      withdrawnOnRequired: required('field.consentWithdrawnOn'),
      withdrawConfirm: t(ctx, 'action.consentWithdrawConfirm'),
      back: t(ctx, 'action.backToCase'),
    },
  });
}

/** The consent in one line, as the hub and the consent card show it. */
export function consentStatusText(ctx: CaseCardContext, c: CaseState, today: string): string {
  const consent = c.consent;
  switch (consentStanding(c, today)) {
    case 'withdrawn':
      return t(ctx, 'case.consentWithdrawn', { date: consent.withdrawnOn === undefined ? '–' : formatDate(consent.withdrawnOn, ctx.locale) });
    case 'missing':
      return t(ctx, 'case.consentNotYet');
    case 'expired':
      return t(ctx, 'case.consentExpired', { until: formatDate(consent.validUntil ?? today, ctx.locale) });
    case 'valid':
      return t(ctx, 'case.consentGiven', {
        form: t(ctx, consent.form === 'oral' ? 'case.formOral' : 'case.formWritten'),
        until: consent.validUntil === undefined ? '–' : formatDate(consent.validUntil, ctx.locale),
        scope: consent.scope === undefined ? '–' : literalText(consent.scope),
      });
  }
}

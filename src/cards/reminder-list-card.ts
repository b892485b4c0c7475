import type { Actor, CaseState } from '../domain/case-model';
import { byGroupChat, remindersFor, type ReminderSettings } from '../domain/reminder-rules';
import { fill } from '../i18n/format';
import { REMINDER_LABELS, reminderText } from '../i18n/reminder-texts';
import { formatDateTime } from '../i18n/dates';
import { expandCard, type AdaptiveCard } from './card-template';
import { caseTitle, noticeColor, type CaseCardContext } from './case-card-parts';

/**
 * "Påminnelser": the viewer's coming reminders per case, with mute and where they go. What is
 * coming follows from the rules, so the list is true even before anything is stored.
 */
export function reminderListCard(ctx: CaseCardContext, cases: readonly CaseState[], viewer: Actor, settings: ReminderSettings, now: Date): AdaptiveCard {
  const labels = REMINDER_LABELS[ctx.locale];
  return expandCard('reminder-list', {
    notice: ctx.notice ?? '',
    noticeColor: noticeColor(ctx),
    labels,
    cases: cases.map((c) => {
      const me = c.coordinators.find((x) => x.aadObjectId === viewer.aadObjectId);
      // Shown as if not muted, so the coordinator sees what they would get.
      const unmuted = { ...c, coordinators: c.coordinators.map((x) => ({ ...x, remindersMuted: false })) };
      const upcoming = remindersFor(unmuted, settings)
        .filter((r) => r.deliverAt >= now.toISOString() && r.recipients.includes(viewer.aadObjectId))
        .sort((a, b) => a.deliverAt.localeCompare(b.deliverAt))
        .map((r) => `${formatDateTime(r.deliverAt, ctx.locale, ctx.timeZone)} · ${reminderText(ctx.locale, r.kind, settings).title}`);
      return {
        code: c.code,
        heading: caseTitle(ctx, c),
        upcoming,
        muted: me?.remindersMuted === true ? 'true' : 'false',
        delivery: me !== undefined && byGroupChat(me) ? 'groupChat' : 'personal',
        // A group chat to send them to exists only once the case is linked to one (koppla KOD), and
        // only in the case's own tenant: one from another tenant of the deployment is not in it.
        hasChat: c.linkedChatIds.length > 0 && me?.tenantId === undefined,
        // "Link a group chat" would be refused in another tenant's chat: those reminders stay personal.
        noChat: me?.tenantId === undefined ? fill(labels.noChat, { code: c.code }) : labels.personalOnly,
        saveLabel: fill(labels.save, { code: c.code }),
      };
    }),
  });
}

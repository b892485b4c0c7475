import { z } from 'zod';
import { UserError } from '../../i18n/errors';
import { REMINDER_LABELS } from '../../i18n/reminder-texts';
import { fill } from '../../i18n/format';
import { formatDateTime } from '../../i18n/dates';
import { setReminderPreferences } from '../../domain/case-commands';
import { remindersFor, snoozedDelivery } from '../../domain/reminder-rules';
import { scheduledFrom } from '../../storage/reminder-store';
import { defineAction } from '../action-router';
import { actorOf, clockOf, loadAccessibleCase, requireCode, tenantOf } from '../case-access';
import { refusalText, runCaseChange } from '../case-change';
import { cardContext } from '../case-access';
import { showReminderList } from '../reminder-views';
import { codeData } from './case-view-action';

/**
 * "Påminn mig i morgon / om en vecka": the same reminder again on a later working day, at office
 * opening. When its cause is already gone the user is told so, and nothing is scheduled.
 */
export const reminderSnoozeAction = defineAction({
  verb: 'reminder.snooze',
  data: codeData.extend({ key: z.string().min(1).max(200), dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), days: z.union([z.literal(1), z.literal(5)]) }),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const { stored } = await loadAccessibleCase(ctx, code);
    const me = actorOf(ctx);
    const settings = ctx.services.reminderSettings;
    const labels = REMINDER_LABELS[ctx.locale];
    const wanted = scheduledFrom(tenantOf(ctx), code, remindersFor(stored.state, settings)).find((r) => r.key === data.key && r.dueDate === data.dueDate && r.recipient === me.aadObjectId);
    if (wanted === undefined) return { kind: 'message', text: labels.alreadyDone };
    const deliverAt = snoozedDelivery(ctx.services.clock(), data.days, settings);
    await ctx.services.reminders.deliverLater(wanted, deliverAt);
    return { kind: 'message', text: fill(labels.snoozed, { when: formatDateTime(deliverAt, ctx.locale, settings.timeZone) }) };
  },
});

const toggle = z.enum(['true', 'false']);
const deliveryChoice = z.enum(['personal', 'groupChat']);

/** Mute and delivery for one case, from the reminders list. Input ids carry the case code. */
export const reminderPreferencesAction = defineAction({
  verb: 'reminders.preferences',
  data: codeData.catchall(z.string().max(100)),
  handle: async (ctx, data) => {
    const code = requireCode(data.code);
    const muted = toggle.safeParse(data[`muted_${code}`]);
    // Where they go is asked only for a case linked to a group chat; otherwise it stays as it is.
    const typedDelivery = data[`delivery_${code}`];
    const delivery = typedDelivery === undefined ? undefined : deliveryChoice.safeParse(typedDelivery);
    const outcome = await runCaseChange(ctx, code, (state) => {
      // The card sends these inputs with one of these values: anything else is forged or stale.
      // Refused after the access check, so another's case answers as a missing one.
      if (!muted.success || delivery?.success === false) throw new UserError('invalidActionData');
      const current = state.coordinators.find((x) => x.aadObjectId === actorOf(ctx).aadObjectId)?.reminderDelivery ?? 'personal';
      return setReminderPreferences(state, { muted: muted.data === 'true', delivery: delivery?.data ?? current }, actorOf(ctx), clockOf(ctx));
    });
    const notice = outcome.kind === 'refused' ? refusalText(cardContext(ctx), outcome.change) : fill(REMINDER_LABELS[ctx.locale].saved, { code });
    return { kind: 'card', card: await showReminderList(ctx, notice, outcome.kind === 'refused' ? undefined : 'done') };
  },
});

import type { CaseState } from './case-model';
import { wantSameReminders, type ReminderSettings } from './reminder-rules';

/**
 * What a case write leaves to do outside the case's own partition: the other tables and the
 * colleague's chat. It is written in the case's transaction (as an outbox row), so a crash after
 * the write cannot lose it, and it is done after the answer. Every step is safe to do twice.
 */
export interface CaseFollowUp {
  /** Bring the case's reminders in line with the state written. */
  readonly reschedule?: true | undefined;
  /** Put the case in the case index of each coordinator and linked chat ("mina ärenden"). */
  readonly index?: true | undefined;
  /** Tell the coordinators waiting for a notice that they were added, if the bot can reach them. */
  readonly notify?: true | undefined;
  /** The new-case form that made the case, recorded so a second submit of it opens this case. */
  readonly form?: { readonly id: string; readonly creator: string } | undefined;
}

const holderNoticePending = (c: CaseState): boolean => c.closure?.sip?.kind === 'continues' && c.closure.sip.noticePending === true;

/**
 * The follow-up a write implies, from the state before (none for a new case) and the state
 * written; undefined when it implies nothing, as for most writes (a tick, a note), which then
 * leave no outbox row at all.
 */
export function followUpOf(before: CaseState | undefined, after: CaseState, settings: ReminderSettings, form?: CaseFollowUp['form']): CaseFollowUp | undefined {
  const had = (aadObjectId: string) => before?.coordinators.find((x) => x.aadObjectId === aadObjectId);
  const newCoordinator = after.coordinators.some((x) => had(x.aadObjectId) === undefined);
  const newChat = after.linkedChatIds.some((id) => !(before?.linkedChatIds.includes(id) ?? false));
  // A notice is owed from the write that made it pending; later writes leave it to that one.
  const newNotice =
    after.coordinators.some((x) => x.noticePending === true && had(x.aadObjectId)?.noticePending !== true) ||
    (after.colleagueRequest?.deliveryPending === true && before?.colleagueRequest?.deliveryPending !== true) ||
    (after.colleagueRequest?.declineNoticePending === true && before?.colleagueRequest?.declineNoticePending !== true) ||
    (holderNoticePending(after) && !(before !== undefined && holderNoticePending(before)));
  // The colleague asked finds the request through their case index (and it is shown when they add the bot).
  const asked = after.colleagueRequest?.colleague.aadObjectId;
  const newAsked = asked !== undefined && before?.colleagueRequest?.colleague.aadObjectId !== asked;
  const invited = after.colleagueInvite?.email;
  const newInvited = invited !== undefined && before?.colleagueInvite?.email !== invited;
  const work: CaseFollowUp = {
    // A new case always has reminders ("nothing for 30 days" at least).
    ...(before === undefined || !wantSameReminders(before, after, settings) ? { reschedule: true } : {}),
    ...(newCoordinator || newChat || newAsked || newInvited ? { index: true } : {}),
    ...(newNotice ? { notify: true } : {}),
    ...(form === undefined ? {} : { form }),
  };
  return Object.keys(work).length === 0 ? undefined : work;
}

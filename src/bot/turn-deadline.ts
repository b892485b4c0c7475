import type { Activity } from 'botbuilder';

/**
 * The storage deadline of each activity being handled, from the HTTP edge to the handlers and
 * middleware that read and write tables for it. Keyed by the activity object, which the adapter
 * hands to the turn as it was received, so nothing outlives the request.
 */
const deadlines = new WeakMap<Partial<Activity>, AbortSignal>();

/** Gives every table call made for this activity, middleware included, `budgetMs` in all. */
export function startTurnDeadline(activity: Partial<Activity>, budgetMs: number): void {
  deadlines.set(activity, AbortSignal.timeout(budgetMs));
}

/** The activity's deadline; undefined for turns the bot starts itself (proactive sends). */
export function turnDeadlineOf(activity: Partial<Activity>): AbortSignal | undefined {
  return deadlines.get(activity);
}

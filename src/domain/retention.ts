/**
 * How long the store keeps what it keeps, and when the daily job that removes the rest runs.
 * Access and change log rows are kept at least five years (PRODUCT.md: "at least 5 years in health
 * care", the floor issue 15 takes from HSLF-FS 2016:40; the method's seeds say nothing of it). A
 * closed case is kept a while after closing, a local choice, and then goes, all but its log rows
 * still within that time. Pure: settings and a moment in, instants out.
 */
import { DateTime } from 'luxon';
import type { CaseState } from './case-model';
import { finished } from './sip-holder';

export interface RetentionRules {
  /** Log rows older than this many calendar years are removed. */
  readonly caseLogYears: number;
  /** A finished case is removed this many days after it finished. */
  readonly closedCaseDays: number;
  /** HH:MM, local time, when the day's run falls due. */
  readonly runAt: string;
  readonly timeZone: string;
}

export interface RetentionCutoffs {
  /** Log rows written before this instant are due for removal. */
  readonly logBefore: string;
  /** A finished case that finished before this instant is due for removal. */
  readonly closedBefore: string;
}

/**
 * What a run at `now` removes. Each cut-off is a local midnight: counted in whole local days it
 * keeps at least the time asked for wherever in the day the run happens, and two instances that
 * run the same day remove the same rows.
 */
export function retentionCutoffs(rules: RetentionRules, now: Date): RetentionCutoffs {
  const today = DateTime.fromJSDate(now, { zone: rules.timeZone }).startOf('day');
  return {
    // Calendar years: 29 February less five years is 28 February, a day kept longer, never shorter.
    logBefore: instant(today.minus({ years: rules.caseLogYears })),
    closedBefore: instant(today.minus({ days: rules.closedCaseDays })),
  };
}

/**
 * When a case finished (VoSS closed with no SIP going on, or the SIP that went on ended), or
 * undefined while something can still happen in it. A finished case is read-only, so its last
 * change is when it finished; the latest of the three is taken anyway, so that any later write
 * (a notice recorded, a row repaired) only ever keeps the case longer.
 */
export function finishedAt(c: CaseState): string | undefined {
  if (!finished(c) || c.closure === undefined) return undefined;
  const sip = c.closure.sip;
  const moments = [c.closure.at, c.updatedAt, ...(sip?.kind === 'ended' && sip.at !== undefined ? [sip.at] : [])];
  return moments.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** Whether a case is due for removal under these cut-offs: finished, and before the cut-off. */
export function caseDueForRemoval(c: CaseState, cutoffs: RetentionCutoffs): boolean {
  const at = finishedAt(c);
  return at !== undefined && Date.parse(at) < Date.parse(cutoffs.closedBefore);
}

/** A day's run: which day (the local date, also its name in the store) and when it falls due. */
export interface RetentionRun {
  readonly day: string;
  readonly dueAt: string;
}

/**
 * The instant a day's run falls due: the day's runAt in local time. On the night summer time
 * begins a runAt in the skipped hour (02:30 in Stockholm) does not exist and is moved forward by
 * the hour, as a wall clock is; on the night it ends, a runAt that happens twice is its second
 * (winter time) one, as luxon reads it: either way it is one run, which the store lets happen once.
 */
export function runDueAt(rules: Pick<RetentionRules, 'runAt' | 'timeZone'>, day: string): string {
  const at = DateTime.fromISO(`${day}T${rules.runAt}`, { zone: rules.timeZone });
  if (!at.isValid) throw new Error(`not a day and time: ${day} ${rules.runAt}`);
  return instant(at);
}

/**
 * The run that should have happened by `now`: today's once its time has come, yesterday's before
 * that. An instance that finds it not done runs it, so a run missed while every instance was down
 * is made up as soon as one is back, and never more than one run a day.
 */
export function currentRun(rules: Pick<RetentionRules, 'runAt' | 'timeZone'>, now: Date): RetentionRun {
  const today = DateTime.fromJSDate(now, { zone: rules.timeZone }).startOf('day');
  const todays = dayName(today);
  const dueToday = runDueAt(rules, todays);
  if (Date.parse(dueToday) <= now.getTime()) return { day: todays, dueAt: dueToday };
  const yesterday = dayName(today.minus({ days: 1 }));
  return { day: yesterday, dueAt: runDueAt(rules, yesterday) };
}

function dayName(t: DateTime): string {
  const name = t.toISODate();
  if (name === null) throw new Error('not a valid day');
  return name;
}

function instant(t: DateTime): string {
  const iso = t.toUTC().toISO();
  if (iso === null) throw new Error('not a valid instant');
  return iso;
}

/**
 * How basnivå is kept, counted from cases without naming any: what each case contributes to each
 * figure in which month, and the tally of many cases per principal and unit. Pure: the job that
 * reads the cases and the store that keeps the tally live elsewhere.
 *
 * Which month a figure falls in is the month of the thing it measures (the case opened, consent
 * recorded, the meeting held, the follow-up or review due), in the deployment's time zone. A case
 * counts with each principal that has a coordinator on it, under that coordinator's unit.
 */
import { localDate } from './calendar-date';
import type { CaseState, Principal } from './case-model';
import { caseKind } from './case-rules';
import { consentFirstGivenAt } from './consent';
import { crisisPlanOf, planOf } from './plan-commands';
import { overdueKinds, type ReminderSettings } from './reminder-rules';
import { invitationTiming, isSipMeeting, meetingsOf, otherPrincipalInvitedInTime } from './sip-commands';
import type { SipMeeting } from './sip-model';
import { finished } from './sip-holder';
import { countedPoints } from './evaluation';
import { unitGroup, type UnitCatalogue } from './units';
import { workingDaysBetween } from './working-days';

/** The figures, in the order the table shows them. */
export const FIGURE_IDS = [
  'openedSip',
  'openedVss',
  'b1Answered',
  'daysToConsent',
  'daysConsentToFirstMeeting',
  'invitationsOnTime',
  'followedUpOnTime',
  'crisisPlanInPlace',
  'crisisReviewedOnTime',
  'planComplete',
  'evaluationsOnTime',
  'overdue',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** count: a number of cases; share: how many of n met it; median: working days, over n cases. */
export type FigureKind = 'count' | 'share' | 'median';

export const FIGURE_KINDS: Readonly<Record<FigureId, FigureKind>> = {
  openedSip: 'count',
  openedVss: 'count',
  b1Answered: 'share',
  daysToConsent: 'median',
  daysConsentToFirstMeeting: 'median',
  invitationsOnTime: 'share',
  followedUpOnTime: 'share',
  crisisPlanInPlace: 'share',
  crisisReviewedOnTime: 'share',
  planComplete: 'share',
  evaluationsOnTime: 'share',
  overdue: 'share',
};

/** One case's part in one figure in one month. */
export type Observation =
  | { readonly figure: FigureId; readonly month: string; readonly kind: 'count' }
  | { readonly figure: FigureId; readonly month: string; readonly kind: 'share'; readonly met: boolean }
  | { readonly figure: FigureId; readonly month: string; readonly kind: 'median'; readonly value: number };

export interface StatisticsSettings {
  /** How many months the figures cover, the current one last. */
  readonly months: number;
  readonly units: UnitCatalogue;
  /** The reminder rules, for "late" (overdue), the kallelse guideline (invitationLateWorkingDays) and the evaluation points and their grace. */
  readonly reminders: ReminderSettings;
}

/** The months counted, oldest first (YYYY-MM), ending with the month of `today`. */
export function monthsUpTo(today: string, count: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, month - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Everything one case contributes, whatever the month; the tally drops months it does not show. */
export function observationsOf(c: CaseState, s: StatisticsSettings, today: string): Observation[] {
  const tz = s.reminders.timeZone;
  const day = (instant: string) => localDate(new Date(instant), tz);
  const monthOf = (isoDate: string) => isoDate.slice(0, 7);
  const out: Observation[] = [];
  const share = (figure: FigureId, date: string, met: boolean) => out.push({ figure, month: monthOf(date), kind: 'share', met });
  const median = (figure: FigureId, date: string, value: number) => out.push({ figure, month: monthOf(date), kind: 'median', value });

  const opened = day(c.createdAt);
  out.push({ figure: caseKind(c) === 'sip' ? 'openedSip' : 'openedVss', month: monthOf(opened), kind: 'count' });
  share('b1Answered', opened, c.baseline.need !== undefined);

  // The first yes: a consent changed later (extended, say) or withdrawn was still given that day.
  const firstYes = consentFirstGivenAt(c);
  const consentDay = firstYes === undefined ? undefined : day(firstYes);
  if (consentDay !== undefined) median('daysToConsent', consentDay, workingDaysBetween(opened, consentDay));

  const held = meetingsOf(c)
    .filter((m) => m.status === 'held' && isSipMeeting(m))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const first = held[0];
  if (first !== undefined && consentDay !== undefined) median('daysConsentToFirstMeeting', day(first.startsAt), workingDaysBetween(consentDay, day(first.startsAt)));

  const ended = endedOn(c, day);
  for (const m of held) {
    const meetingDay = day(m.startsAt);
    const timing = invitationTiming(m, { now: new Date(m.startsAt), timeZone: tz }, s.reminders.invitationLateWorkingDays);
    share('invitationsOnTime', meetingDay, otherPrincipalInvitedInTime(m) && !timing.late);
    const due = followUpDateSetAt(c, m);
    if (due !== undefined) {
      const next = held.find((x) => day(x.startsAt) > meetingDay);
      const onTime = next !== undefined && day(next.startsAt) <= due;
      // Not yet due, or the SIP ended before it was: nothing to count (yet).
      if (onTime || (due < today && (ended === undefined || ended > due))) share('followedUpOnTime', due, onTime);
    }
  }

  // Counted by the case, in the month of its first SIP meeting, as it stands now: a follow-up
  // meeting that keeps the plan as it was makes no new version and is no plan missing.
  const plan = planOf(c);
  if (first !== undefined) share('planComplete', day(first.startsAt), plan.established !== undefined || (plan.versions ?? []).length > 0);
  const crisis = crisisPlanOf(c);
  if (first !== undefined) share('crisisPlanInPlace', day(first.startsAt), crisis.revision > 0);
  for (const r of crisis.reviews ?? []) share('crisisReviewedOnTime', r.due, r.revisedOn <= r.due);
  if (crisis.revision > 0 && crisis.reviewDate !== undefined && crisis.reviewDate < today && (ended === undefined || ended > crisis.reviewDate)) {
    share('crisisReviewedOnTime', crisis.reviewDate, false);
  }

  // Points whose date fell in the month, done or past their (local) grace, while the person's
  // consent to evaluation held (003:120) and VoSS went on.
  for (const p of countedPoints(c, s.reminders, tz, today)) share('evaluationsOnTime', p.date, p.onTime);

  if (!finished(c)) share('overdue', today, overdueKinds(c, s.reminders, today).length > 0);
  return out;
}

/** The day nothing more was to happen in the case: the SIP ended, or VoSS closed with nothing going on. */
function endedOn(c: CaseState, day: (instant: string) => string): string | undefined {
  if (!finished(c) || c.closure === undefined) return undefined;
  const sip = c.closure.sip;
  return day(sip?.kind === 'ended' && sip.at !== undefined ? sip.at : c.closure.at);
}

/** The follow-up date the latest plan upprättad at the meeting set. */
function followUpDateSetAt(c: CaseState, m: SipMeeting): string | undefined {
  const plan = planOf(c);
  const listed = (plan.versions ?? []).filter((v) => v.meetingId === m.id && v.followUpDate !== undefined).at(-1)?.followUpDate;
  if (listed !== undefined) return listed;
  return plan.established?.meetingId === m.id ? plan.established.content.followUpDate : undefined;
}

/** The principals with a coordinator on the case, each with the unit group(s) it is counted under. */
export function groupsOf(c: CaseState, units: UnitCatalogue): Array<{ readonly principal: Principal; readonly unit: string }> {
  const seen = new Set<string>();
  const out: Array<{ principal: Principal; unit: string }> = [];
  for (const x of c.coordinators) {
    const unit = unitGroup(units, x.principal, x.unit);
    const key = `${x.principal}|${unit}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ principal: x.principal, unit });
  }
  return out;
}

/** A figure's numbers for one group and month, before anything is suppressed. */
export interface TallyCell {
  /** Cases counted. */
  readonly n: number;
  /** For a share: how many of n met it. */
  readonly x?: number | undefined;
  /** For a median: the median of the values. */
  readonly median?: number | undefined;
}

export interface TallyGroup {
  readonly principal: Principal;
  /** Undefined for all of the principal's units. */
  readonly unit?: string | undefined;
  /** Per figure, one cell per month (null: nothing counted). */
  readonly cells: Readonly<Record<FigureId, ReadonlyArray<TallyCell | null>>>;
}

/** One tenant's figures as counted at one moment. */
export interface StatisticsTally {
  readonly builtAt: string;
  readonly months: readonly string[];
  readonly groups: readonly TallyGroup[];
}

interface Raw {
  n: number;
  x: number;
  values: number[];
}

/**
 * Counts cases one by one (the job streams them from the store) into one tenant's tally. Cases
 * that finished before the first month shown are left out: "open and recently closed cases".
 */
export class StatisticsCounter {
  private readonly months: string[];
  private readonly monthIndex: Map<string, number>;
  private readonly raw = new Map<string, Map<FigureId, Array<Raw | undefined>>>();
  private readonly firstDay: string;

  constructor(
    private readonly s: StatisticsSettings,
    private readonly now: Date,
  ) {
    this.months = monthsUpTo(localDate(now, s.reminders.timeZone), s.months);
    this.monthIndex = new Map(this.months.map((m, i) => [m, i]));
    this.firstDay = `${this.months[0]!}-01`;
    // Every listed unit is shown, counted or not, so the picker does not change from month to month.
    for (const principal of ['region', 'kommun'] as const) {
      this.groupOf(principal, undefined);
      for (const unit of s.units[principal]) this.groupOf(principal, unit);
    }
  }

  add(c: CaseState): void {
    const today = localDate(this.now, this.s.reminders.timeZone);
    const ended = endedOn(c, (instant) => localDate(new Date(instant), this.s.reminders.timeZone));
    if (ended !== undefined && ended < this.firstDay) return;
    const observations = observationsOf(c, this.s, today).filter((o) => this.monthIndex.has(o.month));
    if (observations.length === 0) return;
    const groups = groupsOf(c, this.s.units);
    const principals = [...new Set(groups.map((g) => g.principal))];
    for (const principal of principals) this.record(this.groupOf(principal, undefined), observations);
    for (const g of groups) this.record(this.groupOf(g.principal, g.unit), observations);
  }

  result(): StatisticsTally {
    const groups: TallyGroup[] = [];
    for (const [key, figures] of this.raw) {
      const [principal, unit] = key.split('|') as [Principal, string];
      const cells = Object.fromEntries(
        [...figures].map(([figure, byMonth]) => [figure, this.months.map((_, i) => cellOf(FIGURE_KINDS[figure], byMonth[i]))]),
      ) as Record<FigureId, Array<TallyCell | null>>;
      groups.push({ principal, unit: unit === '' ? undefined : unit, cells });
    }
    return { builtAt: this.now.toISOString(), months: this.months, groups: groups.sort(groupOrder(this.s.units)) };
  }

  private groupOf(principal: Principal, unit: string | undefined): Map<FigureId, Array<Raw | undefined>> {
    const key = `${principal}|${unit ?? ''}`;
    let figures = this.raw.get(key);
    if (figures === undefined) {
      figures = new Map(FIGURE_IDS.map((f) => [f, new Array<Raw | undefined>(this.months.length).fill(undefined)]));
      this.raw.set(key, figures);
    }
    return figures;
  }

  private record(figures: Map<FigureId, Array<Raw | undefined>>, observations: readonly Observation[]): void {
    for (const o of observations) {
      const byMonth = figures.get(o.figure)!;
      const i = this.monthIndex.get(o.month)!;
      const raw = (byMonth[i] ??= { n: 0, x: 0, values: [] });
      raw.n++;
      if (o.kind === 'share' && o.met) raw.x++;
      if (o.kind === 'median') raw.values.push(o.value);
    }
  }
}

function cellOf(kind: FigureKind, raw: Raw | undefined): TallyCell | null {
  if (raw === undefined) return null;
  if (kind === 'share') return { n: raw.n, x: raw.x };
  if (kind === 'median') return { n: raw.n, median: medianOf(raw.values) };
  return { n: raw.n };
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Region before kommun; each principal's total first, then its units in the list's order, övrigt last. */
function groupOrder(units: UnitCatalogue): (a: TallyGroup, b: TallyGroup) => number {
  const rank = (g: TallyGroup) => (g.unit === undefined ? -1 : units[g.principal].includes(g.unit) ? units[g.principal].indexOf(g.unit) : Number.MAX_SAFE_INTEGER);
  return (a, b) => (a.principal === b.principal ? rank(a) - rank(b) : a.principal === 'region' ? -1 : 1);
}

/** The smallest number of cases a figure is shown for: fewer could point at a person. */
export const SMALL_CELL = 5;

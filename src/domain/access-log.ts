/**
 * The access-log follow-up (Logguppföljning): which cases a unit's export covers, over which
 * instants, and where the one who looked or changed stands in the case. Health care must follow
 * its access logs up systematically; this picks out what one unit's follow-up reads.
 */
import type { CaseState, Principal } from './case-model';
import { isIsoDate } from './calendar-date';
import { OTHER_UNIT, unitGroup, type UnitCatalogue } from './units';
import { zonedToUtc } from './zoned-time';

/** The longest period one export covers: a year, leap day included. */
export const ACCESS_LOG_MAX_DAYS = 366;

/** The instants of a period of local days, first and last day included: from ≤ t < until. */
export interface LogPeriod {
  readonly from: string;
  readonly until: string;
}

/**
 * The period from the first local day's midnight to the midnight after the last, or why not: a
 * date that is not one, the last before the first, or longer than ACCESS_LOG_MAX_DAYS.
 */
export function logPeriod(firstDay: string, lastDay: string, timeZone: string): LogPeriod | 'invalid' | 'tooLong' {
  if (!isIsoDate(firstDay) || !isIsoDate(lastDay) || lastDay < firstDay) return 'invalid';
  const days = (Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > ACCESS_LOG_MAX_DAYS) return 'tooLong';
  const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const from = zonedToUtc(firstDay, '00:00', timeZone);
  const until = zonedToUtc(dayAfter, '00:00', timeZone);
  return from === undefined || until === undefined ? 'invalid' : { from, until };
}

/**
 * Whether a case is the unit's: its coordinator of that principal is of the unit (a unit not in
 * the list counts as "övrigt"). A colleague only asked, not appointed, does not make it theirs.
 */
export function caseOfUnit(c: Pick<CaseState, 'coordinators'>, catalogue: UnitCatalogue, principal: Principal, unit: string): boolean {
  return c.coordinators.some((k) => k.principal === principal && unitGroup(catalogue, principal, k.unit) === unit);
}

/** Where someone in a case's log stands in it now: their principal and unit group, if a coordinator. */
export function placeInCase(c: Pick<CaseState, 'coordinators'>, catalogue: UnitCatalogue, aadObjectId: string): { principal: Principal; unit: string } | undefined {
  const k = c.coordinators.find((x) => x.aadObjectId === aadObjectId);
  return k === undefined ? undefined : { principal: k.principal, unit: unitGroup(catalogue, k.principal, k.unit) };
}

/**
 * The unit an export asks for, in the list's spelling: a listed unit of the principal, or "övrigt"
 * for every unit not in the list; undefined for any other name (nothing typed is trusted as a unit).
 */
export function askedUnit(catalogue: UnitCatalogue, principal: Principal, name: string): string | undefined {
  const wanted = name.trim().toLocaleLowerCase('sv');
  if (wanted === OTHER_UNIT) return OTHER_UNIT;
  return catalogue[principal].find((u) => u.toLocaleLowerCase('sv') === wanted);
}

/**
 * Each principal's units as the deployment lists them: the case form picks from this list, and the
 * statistics count by it. A unit typed before the list existed, or since taken off it, is "övrigt".
 */
import type { Principal } from './case-model';

export interface UnitCatalogue {
  readonly region: readonly string[];
  readonly kommun: readonly string[];
}

export const NO_UNITS: UnitCatalogue = { region: [], kommun: [] };

/** The group a coordinator's unit is counted in. */
export const OTHER_UNIT = 'övrigt';

/** The listed unit a stored unit names (the list's spelling), or OTHER_UNIT. */
export function unitGroup(catalogue: UnitCatalogue, principal: Principal, unit: string | undefined): string {
  if (unit === undefined) return OTHER_UNIT;
  const wanted = unit.trim().toLocaleLowerCase('sv');
  return catalogue[principal].find((u) => u.toLocaleLowerCase('sv') === wanted) ?? OTHER_UNIT;
}

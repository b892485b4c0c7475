/**
 * Each principal's units as the deployment lists them: the case form picks from this list, and the
 * statistics count by it. A unit typed before the list existed, or since taken off it, is "övrigt".
 */
import type { FieldProblem } from './case-commands';
import type { Principal } from './case-model';
import { cleanFreeText } from './free-text';

export interface UnitCatalogue {
  readonly region: readonly string[];
  readonly kommun: readonly string[];
}

export const NO_UNITS: UnitCatalogue = { region: [], kommun: [] };

/** The group a coordinator's unit is counted in. */
export const OTHER_UNIT = 'övrigt';

/** The longest unit name a list may hold: what the free-text unit allowed before. */
export const UNIT_NAME_LIMIT = 80;

/** Two spellings of one unit: the list is matched without regard to case, as people type it. */
const sameUnit = (a: string, b: string): boolean => a.toLocaleLowerCase('sv') === b.toLocaleLowerCase('sv');

/** The listed unit a stored or picked unit names, in the list's spelling; undefined when none does. */
export function listedUnit(catalogue: UnitCatalogue, principal: Principal, unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  const wanted = unit.trim();
  return catalogue[principal].find((u) => sameUnit(u, wanted));
}

/** The listed unit a stored unit names (the list's spelling), or OTHER_UNIT. */
export function unitGroup(catalogue: UnitCatalogue, principal: Principal, unit: string | undefined): string {
  return listedUnit(catalogue, principal, unit) ?? OTHER_UNIT;
}

export type UnitChoice = { readonly ok: true; readonly unit: string | undefined } | { readonly ok: false; readonly problem: FieldProblem };

/**
 * The unit a coordinator of `principal` picked, as the list spells it. A card only offers listed
 * units, so anything else is a stale or forged form and is refused, never stored as typed. No unit
 * is an answer only where the principal has no list: there is nothing to pick.
 */
export function chosenUnit(catalogue: UnitCatalogue, principal: Principal, picked: string | undefined): UnitChoice {
  const listed = catalogue[principal];
  const wanted = cleanFreeText(picked);
  if (wanted === undefined) return listed.length === 0 ? { ok: true, unit: undefined } : { ok: false, problem: { field: 'unit', kind: 'required' } };
  const found = listedUnit(catalogue, principal, wanted);
  if (found !== undefined) return { ok: true, unit: found };
  return { ok: false, problem: { field: 'unit', kind: listed.length === 0 ? 'noUnitList' : 'notListed' } };
}

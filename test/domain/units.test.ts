import { describe, expect, it } from 'vitest';
import { NO_UNITS, OTHER_UNIT, chosenUnit, listedUnit, unitGroup } from '../../src/domain/units';

const UNITS = { region: ['Psykiatrimottagning Väst', 'Vårdcentralen Norr'], kommun: ['Socialpsykiatrin'] };

describe('a unit picked from the list', () => {
  it('is the list\'s spelling, whatever the case and spaces of the pick', () => {
    expect(chosenUnit(UNITS, 'region', '  psykiatrimottagning VÄST ')).toEqual({ ok: true, unit: 'Psykiatrimottagning Väst' });
    expect(chosenUnit(UNITS, 'kommun', 'Socialpsykiatrin')).toEqual({ ok: true, unit: 'Socialpsykiatrin' });
  });

  it('must be on the list of the principal chosen, not the other one\'s', () => {
    expect(chosenUnit(UNITS, 'kommun', 'Vårdcentralen Norr')).toEqual({ ok: false, problem: { field: 'unit', kind: 'notListed' } });
    expect(chosenUnit(UNITS, 'region', 'Enhet jag skrev själv')).toEqual({ ok: false, problem: { field: 'unit', kind: 'notListed' } });
  });

  it('may be left out only where the principal has no list, and none may be given there', () => {
    expect(chosenUnit(UNITS, 'region', undefined)).toEqual({ ok: false, problem: { field: 'unit', kind: 'required' } });
    expect(chosenUnit(UNITS, 'region', '   ')).toEqual({ ok: false, problem: { field: 'unit', kind: 'required' } });
    expect(chosenUnit({ ...UNITS, kommun: [] }, 'kommun', '')).toEqual({ ok: true, unit: undefined });
    expect(chosenUnit(NO_UNITS, 'kommun', 'Socialpsykiatrin')).toEqual({ ok: false, problem: { field: 'unit', kind: 'noUnitList' } });
  });
});

describe('a stored unit in the statistics', () => {
  it('counts under the listed unit it names, or as övrigt when typed before the list or taken off it', () => {
    expect(unitGroup(UNITS, 'region', 'vårdcentralen norr')).toBe('Vårdcentralen Norr');
    expect(unitGroup(UNITS, 'region', 'Mottagningen som var')).toBe(OTHER_UNIT);
    expect(unitGroup(UNITS, 'kommun', 'Psykiatrimottagning Väst')).toBe(OTHER_UNIT);
    expect(unitGroup(UNITS, 'region', undefined)).toBe(OTHER_UNIT);
    expect(listedUnit(NO_UNITS, 'region', 'Vårdcentralen Norr')).toBeUndefined();
  });
});

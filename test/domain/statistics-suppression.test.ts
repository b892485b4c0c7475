import { describe, expect, it } from 'vitest';
import { FIGURE_IDS, type FigureId, type StatisticsTally, type TallyCell, type TallyGroup } from '../../src/domain/statistics';
import { cellKey, primaryHidden, suppressedCells } from '../../src/domain/statistics-suppression';

/** A one-month tally: each group's cells as given, every other figure empty. */
function tally(groups: ReadonlyArray<{ principal: 'region' | 'kommun'; unit?: string; cells: Partial<Record<FigureId, TallyCell | null>> }>): StatisticsTally {
  return {
    builtAt: '2026-11-25T10:00:00.000Z',
    months: ['2026-10'],
    groups: groups.map((g): TallyGroup => ({ principal: g.principal, unit: g.unit, cells: Object.fromEntries(FIGURE_IDS.map((f) => [f, [g.cells[f] ?? null]])) as unknown as TallyGroup['cells'] })),
  };
}

describe('a cell on its own', () => {
  it('hides fewer than five cases, and a share with fewer than five on either side', () => {
    expect(primaryHidden('count', { n: 4 })).toBe('few');
    expect(primaryHidden('count', { n: 5 })).toBeUndefined();
    expect(primaryHidden('median', { n: 4, median: 3 })).toBe('few');
    expect(primaryHidden('share', { n: 10, x: 4 })).toBe('fewMet');
    expect(primaryHidden('share', { n: 10, x: 6 })).toBe('fewNotMet');
    expect(primaryHidden('share', { n: 10, x: 10 })).toBe('fewNotMet');
    expect(primaryHidden('share', { n: 10, x: 5 })).toBeUndefined();
    expect(primaryHidden('share', null)).toBeUndefined();
  });
});

describe('cells hidden so that a small one cannot be worked out', () => {
  it('hides a shown unit when the total minus the shown units leaves one to four cases', () => {
    // Units A (9 cases) and B (1): the total 10 minus A's 9 would give B's 1.
    const t = tally([
      { principal: 'region', cells: { openedSip: { n: 10 } } },
      { principal: 'region', unit: 'A', cells: { openedSip: { n: 9 } } },
      { principal: 'region', unit: 'B', cells: { openedSip: { n: 1 } } },
    ]);
    const hidden = suppressedCells(t);
    expect(hidden.get(cellKey(2, 'openedSip', 0))).toBe('few');
    expect(hidden.get(cellKey(1, 'openedSip', 0))).toBe('protects');
    expect(hidden.has(cellKey(0, 'openedSip', 0))).toBe(false);
  });

  it('hides the smallest shown unit first, and the total when no unit is left to hide', () => {
    const t = tally([
      { principal: 'kommun', cells: { openedSip: { n: 27 } } },
      { principal: 'kommun', unit: 'A', cells: { openedSip: { n: 14 } } },
      { principal: 'kommun', unit: 'B', cells: { openedSip: { n: 10 } } },
      { principal: 'kommun', unit: 'C', cells: { openedSip: { n: 3 } } },
    ]);
    const hidden = suppressedCells(t);
    expect([0, 1, 2, 3].map((g) => hidden.get(cellKey(g, 'openedSip', 0)))).toEqual([undefined, undefined, 'protects', 'few']);
    // One unit only, and it is small: the total would give it away.
    const alone = suppressedCells(
      tally([
        { principal: 'kommun', cells: { openedSip: { n: 3 } } },
        { principal: 'kommun', unit: 'A', cells: { openedSip: { n: 3 } } },
      ]),
    );
    expect(alone.get(cellKey(0, 'openedSip', 0))).toBe('few');
  });

  it('leaves the cells shown when the hidden units together hold five or more', () => {
    const t = tally([
      { principal: 'region', cells: { openedSip: { n: 17 } } },
      { principal: 'region', unit: 'A', cells: { openedSip: { n: 9 } } },
      { principal: 'region', unit: 'B', cells: { openedSip: { n: 4 } } },
      { principal: 'region', unit: 'C', cells: { openedSip: { n: 4 } } },
    ]);
    const hidden = suppressedCells(t);
    expect([0, 1, 2, 3].map((g) => hidden.get(cellKey(g, 'openedSip', 0)))).toEqual([undefined, undefined, 'few', 'few']);
  });

  it('protects how many met a share, and how many did not, as well as its cases', () => {
    // Total 20 of 30; A shows 16 of 24; B's 4 of 6 is hidden (4 met): 20 − 16 = 4 would give it.
    const t = tally([
      { principal: 'region', cells: { b1Answered: { n: 30, x: 20 } } },
      { principal: 'region', unit: 'A', cells: { b1Answered: { n: 24, x: 16 } } },
      { principal: 'region', unit: 'B', cells: { b1Answered: { n: 6, x: 4 } } },
    ]);
    const hidden = suppressedCells(t);
    expect(hidden.get(cellKey(2, 'b1Answered', 0))).toBe('fewMet');
    expect(hidden.get(cellKey(1, 'b1Answered', 0))).toBe('protects');
  });

  it('hides B1 when one kind of opened case is hidden and the other shown: B1 counts them both', () => {
    // 9 SIP cases and 1 VoSS case: B1's 10 minus the 9 SIP cases would give the one VoSS case.
    const t = tally([{ principal: 'region', cells: { openedSip: { n: 9 }, openedVss: { n: 1 }, b1Answered: { n: 10, x: 5 } } }]);
    const hidden = suppressedCells(t);
    expect(hidden.get(cellKey(0, 'openedVss', 0))).toBe('few');
    expect(hidden.get(cellKey(0, 'b1Answered', 0))).toBe('protects');
    expect(hidden.has(cellKey(0, 'openedSip', 0))).toBe(false);
    // Both kinds shown, or both hidden: B1 gives nothing away.
    const both = suppressedCells(tally([{ principal: 'region', cells: { openedSip: { n: 3 }, openedVss: { n: 3 }, b1Answered: { n: 6, x: 0 } } }]));
    expect(both.get(cellKey(0, 'b1Answered', 0))).toBe('fewMet');
  });
});

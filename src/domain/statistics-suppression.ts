/**
 * Which figures may not be shown, so that no group of fewer than SMALL_CELL cases can be read off
 * the table: not from a cell on its own (primary suppression), and not by subtracting the shown
 * cells from a total or from a figure that adds up others (secondary suppression).
 */
import { FIGURE_IDS, FIGURE_KINDS, SMALL_CELL, type FigureId, type FigureKind, type StatisticsTally, type TallyCell } from './statistics';

/** Why a cell that has cases behind it is not shown as a number. */
export type Hidden =
  /** Fewer than SMALL_CELL cases. */
  | 'few'
  /** A share whose "how many met it" is under SMALL_CELL: n is shown, not x. */
  | 'fewMet'
  /** A share whose "how many did not meet it" is under SMALL_CELL: n is shown, not x. */
  | 'fewNotMet'
  /** Enough cases, hidden so that another small group cannot be worked out from it. */
  | 'protects';

/** A cell's own rule: under SMALL_CELL cases, or a share with under SMALL_CELL on either side. */
export function primaryHidden(kind: FigureKind, cell: TallyCell | null): Hidden | undefined {
  if (cell === null) return undefined;
  if (cell.n < SMALL_CELL) return 'few';
  if (kind !== 'share') return undefined;
  const x = cell.x ?? 0;
  if (x < SMALL_CELL) return 'fewMet';
  if (cell.n - x < SMALL_CELL) return 'fewNotMet';
  return undefined;
}

type Quantity = 'n' | 'x' | 'notMet';

const key = (group: number, figure: FigureId, month: number) => `${group}|${figure}|${month}`;

/**
 * Every cell of a tally that is not shown as a number, and why. A principal's total is counted
 * from the cases, and each of its units too: where the total minus the units shown leaves 1–4
 * cases in the hidden ones, the smallest shown unit is hidden as well (or, with none left, the
 * total). B1's cases are the month's opened cases of both kinds, so when one kind is hidden and
 * the other shown, B1 is hidden too. Repeated until nothing more needs hiding.
 */
export function suppressedCells(tally: StatisticsTally): ReadonlyMap<string, Hidden> {
  const hidden = new Map<string, Hidden>();
  const cellAt = (g: number, f: FigureId, m: number): TallyCell | null => tally.groups[g]!.cells[f][m] ?? null;
  tally.groups.forEach((group, g) =>
    FIGURE_IDS.forEach((f) =>
      group.cells[f].forEach((cell, m) => {
        const why = primaryHidden(FIGURE_KINDS[f], cell);
        if (why !== undefined) hidden.set(key(g, f, m), why);
      }),
    ),
  );

  /** The exact value of a quantity a cell gives away as shown, or undefined when it gives none. */
  const revealed = (g: number, f: FigureId, m: number, q: Quantity): number | undefined => {
    const cell = cellAt(g, f, m);
    if (cell === null) return 0;
    const why = hidden.get(key(g, f, m));
    if (why === 'few' || why === 'protects') return undefined;
    if (q === 'n') return cell.n;
    if (why !== undefined) return undefined;
    const x = cell.x ?? 0;
    return q === 'x' ? x : cell.n - x;
  };

  /** Hides a cell that has cases behind it; true if that changed anything. */
  const protect = (g: number, f: FigureId, m: number): boolean => {
    if (cellAt(g, f, m) === null || hidden.get(key(g, f, m)) === 'protects') return false;
    hidden.set(key(g, f, m), 'protects');
    return true;
  };

  const principals = [...new Set(tally.groups.map((x) => x.principal))];
  const months = tally.months.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of principals) {
      const total = tally.groups.findIndex((x) => x.principal === p && x.unit === undefined);
      if (total < 0) continue;
      const units = tally.groups.flatMap((x, i) => (x.principal === p && x.unit !== undefined ? [i] : []));
      for (const f of FIGURE_IDS) {
        const quantities: readonly Quantity[] = FIGURE_KINDS[f] === 'share' ? ['n', 'x', 'notMet'] : ['n'];
        for (let m = 0; m < months; m++) {
          for (const q of quantities) {
            const whole = revealed(total, f, m, q);
            if (whole === undefined) continue;
            const unknown = units.filter((u) => revealed(u, f, m, q) === undefined);
            if (unknown.length === 0) continue;
            const left = whole - units.reduce((sum, u) => sum + (revealed(u, f, m, q) ?? 0), 0);
            if (left < 1 || left >= SMALL_CELL) continue;
            const next = units
              .filter((u) => (revealed(u, f, m, q) ?? 0) > 0)
              .sort((a, b) => (revealed(a, f, m, q) ?? 0) - (revealed(b, f, m, q) ?? 0))[0];
            if (protect(next ?? total, f, m)) changed = true;
          }
        }
      }
    }
    tally.groups.forEach((_, g) => {
      for (let m = 0; m < months; m++) {
        const sip = revealed(g, 'openedSip', m, 'n');
        const vss = revealed(g, 'openedVss', m, 'n');
        if (revealed(g, 'b1Answered', m, 'n') !== undefined && (sip === undefined) !== (vss === undefined) && protect(g, 'b1Answered', m)) changed = true;
      }
    });
  }
  return hidden;
}

/** The key suppressedCells uses for a group's figure in a month. */
export const cellKey = key;

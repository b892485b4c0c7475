import type { Principal } from '../domain/case-model';
/**
 * The tally as the tab and the CSV show it. Suppression happens here, on the server: a cell that
 * would give away a group of fewer than SMALL_CELL cases, on its own or with others
 * (statistics-suppression.ts), leaves as words, never as a number.
 */
import { FIGURE_IDS, FIGURE_KINDS, SMALL_CELL, type FigureId, type StatisticsTally, type TallyCell } from '../domain/statistics';
import { cellKey, primaryHidden, suppressedCells, type Hidden } from '../domain/statistics-suppression';
import type { UnitCatalogue } from '../domain/units';
import { OTHER_UNIT } from '../domain/units';
import { formatDateTime } from '../i18n/dates';
import type { Locale } from '../i18n/locale';
import { figureText, statisticsWords } from '../i18n/statistics-texts';
import { excelCsv } from './excel-csv';
import type { StatisticsView, ViewCell, ViewGroup } from './statistics-view';

export interface ViewOptions {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly lateWorkingDays: number;
  /** The evaluation points' local grace, which the evaluation figure's explanation states. */
  readonly evaluationGraceWorkingDays: number;
  readonly viewer: string;
  readonly local: boolean;
  readonly accessLogExport: boolean;
  /** Whose units the viewer may follow up: their own organisation's in a deployment serving several tenants. */
  readonly accessLogPrincipals: readonly Principal[];
  readonly units: UnitCatalogue;
}

/** `counted`: whether the figures were counted yet (an empty tally before the first count has nothing in it for a reason). */
export function statisticsView(tally: StatisticsTally, counted: boolean, o: ViewOptions): StatisticsView {
  const w = statisticsWords(o.locale);
  const months = tally.months;
  return {
    builtAt: counted ? tally.builtAt : undefined,
    builtAtText: counted ? `${w.built} ${formatDateTime(tally.builtAt, o.locale, o.timeZone)}` : w.notBuilt,
    local: o.local,
    viewer: o.viewer,
    months,
    monthLabels: months.map((m) => `${w.months[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`),
    figures: FIGURE_IDS.map((id) => ({ id, kind: FIGURE_KINDS[id], ...figureText(o.locale, id, { lateDays: o.lateWorkingDays, graceDays: o.evaluationGraceWorkingDays }) })),
    groups: viewGroups(tally, o.locale),
    threshold: SMALL_CELL,
    accessLogExport: o.accessLogExport,
    accessLogPrincipals: o.accessLogPrincipals,
    units: { region: o.units.region, kommun: o.units.kommun },
  };
}

function viewGroups(tally: StatisticsTally, locale: Locale): ViewGroup[] {
  const w = statisticsWords(locale);
  const hidden = suppressedCells(tally);
  return tally.groups.map((g, gi) => {
    const unitLabel = g.unit === undefined ? w.all : g.unit === OTHER_UNIT ? w.other : g.unit;
    const cells = Object.fromEntries(FIGURE_IDS.map((f) => [f, g.cells[f].map((c, m) => viewCell(f, c, locale, hidden.get(cellKey(gi, f, m))))])) as Record<FigureId, ViewCell[]>;
    return { principal: g.principal, unit: g.unit, label: `${w.principal[g.principal]} – ${unitLabel}`, cells };
  });
}

/** A cell as shown: its number, or for a hidden one words that give no number under SMALL_CELL. */
export function viewCell(figure: FigureId, cell: TallyCell | null, locale: Locale, hidden: Hidden | undefined = primaryHidden(FIGURE_KINDS[figure], cell)): ViewCell {
  const w = statisticsWords(locale);
  if (cell === null) return { kind: 'none', text: w.none };
  const fewer = `${w.fewerThan} ${SMALL_CELL}`;
  if (hidden === 'few') return { kind: 'suppressed', text: fewer };
  if (hidden === 'protects') return { kind: 'suppressed', text: w.protects };
  if (hidden === 'fewMet') return { kind: 'suppressed', text: `${fewer} ${w.of} ${cell.n}` };
  // Under SMALL_CELL did not meet it: how many did is given as a lower bound only.
  if (hidden === 'fewNotMet') return { kind: 'suppressed', text: `${w.moreThan} ${cell.n - SMALL_CELL} ${w.of} ${cell.n}` };
  const kind = FIGURE_KINDS[figure];
  if (kind === 'count') return { kind: 'shown', value: cell.n, n: cell.n, text: String(cell.n) };
  if (kind === 'median') {
    const median = cell.median ?? 0;
    return { kind: 'shown', value: median, n: cell.n, text: `${w.median} ${number(median, locale)} (n = ${cell.n})` };
  }
  const x = cell.x ?? 0;
  const percent = Math.round((100 * x) / cell.n);
  return { kind: 'shown', value: percent, n: cell.n, x, text: `${x} ${w.of} ${cell.n} (${percent} %)` };
}

function number(n: number, locale: Locale): string {
  return n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
}

/** The same table as the tab, one row per group and figure, one column per month; the cells as shown. */
export function statisticsCsv(view: StatisticsView, locale: Locale): string {
  const w = statisticsWords(locale);
  const rows: string[][] = [[...w.csvHeader, ...view.monthLabels]];
  for (const g of view.groups) {
    const unit = g.unit === undefined ? w.all : g.unit === OTHER_UNIT ? w.other : g.unit;
    for (const f of view.figures) rows.push([w.principal[g.principal], unit, f.label, f.explanation, ...g.cells[f.id].map((c) => c.text)]);
  }
  return excelCsv(rows);
}

/**
 * What the statistics tab is sent: the figures already counted and already suppressed, so no
 * count under the threshold ever leaves the server. The page draws this and nothing else.
 */
import type { Principal } from '../domain/case-model';
import type { FigureId, FigureKind } from '../domain/statistics';

export { FIGURE_IDS, type FigureId, type FigureKind } from '../domain/statistics';

export interface FigureInfo {
  readonly id: FigureId;
  readonly kind: FigureKind;
  readonly label: string;
  /** One line: what is counted, and which month it falls in. */
  readonly explanation: string;
}

/** One figure for one group and month, as shown. */
export type ViewCell =
  /** Nothing to count that month. */
  | { readonly kind: 'none'; readonly text: string }
  /** Based on fewer cases than the threshold: the number is not sent. */
  | { readonly kind: 'suppressed'; readonly text: string }
  /** value: the count, the share in per cent (0–100) or the median; n: cases it is based on; x: for a share, how many of n. */
  | { readonly kind: 'shown'; readonly value: number; readonly n: number; readonly x?: number | undefined; readonly text: string };

export interface ViewGroup {
  readonly principal: Principal;
  /** The unit's name, 'övrigt' for units not in the list; undefined for all of the principal's units. */
  readonly unit?: string | undefined;
  readonly label: string;
  /** Per figure, one cell per month of `months`, in that order. */
  readonly cells: Readonly<Record<FigureId, readonly ViewCell[]>>;
}

export interface StatisticsView {
  /** When the figures were counted (ISO, UTC); undefined before the first count. */
  readonly builtAt?: string | undefined;
  /** Shown under the title: "Uppdaterad 1 dec 02:45" or "Räknas fram…". */
  readonly builtAtText: string;
  /** Local mode: no Teams sign-in; the page says so. */
  readonly local: boolean;
  /** The user the page is shown for: a name only, never a case. */
  readonly viewer: string;
  /** YYYY-MM, oldest first. */
  readonly months: readonly string[];
  /** "dec 2026", in the same order. */
  readonly monthLabels: readonly string[];
  readonly figures: readonly FigureInfo[];
  /** Each principal's total first, then its units. */
  readonly groups: readonly ViewGroup[];
  /** The smallest number of cases a figure is shown for. */
  readonly threshold: number;
  /** The viewer may export the access log (app role Logguppföljning): the page offers the form. */
  readonly accessLogExport: boolean;
  /** The principals whose units the access-log form offers: one's own organisation's only, in a deployment serving several tenants. */
  readonly accessLogPrincipals: readonly ('region' | 'kommun')[];
  /** The listed units, for the access-log form's unit picker. */
  readonly units: { readonly region: readonly string[]; readonly kommun: readonly string[] };
}

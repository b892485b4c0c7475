import type { FigureId, FigureInfo, StatisticsView, ViewCell, ViewGroup } from '../../../src/statistics/statistics-view';

/** Labels and kinds as a unit manager reads them; the page takes them from the view as they are. */
export const FIXTURE_FIGURES: readonly FigureInfo[] = [
  { id: 'openedSip', kind: 'count', label: 'Nya SIP-ärenden', explanation: 'Ärenden av slaget SIP (basnivå) som öppnades under månaden.' },
  { id: 'openedVss', kind: 'count', label: 'Nya VoSS-ärenden', explanation: 'Ärenden av slaget vård- och stödsamordning som öppnades under månaden.' },
  { id: 'b1Answered', kind: 'share', label: 'B1 besvarad', explanation: 'Andel av månadens nya ärenden där B1 (behövs den andra huvudmannen?) är besvarad.' },
  { id: 'daysToConsent', kind: 'median', label: 'Dagar till samtycke', explanation: 'Median av arbetsdagar från att ärendet öppnades till samtycke; månaden då samtycket kom.' },
  { id: 'daysConsentToFirstMeeting', kind: 'median', label: 'Dagar från samtycke till första SIP-mötet', explanation: 'Median av arbetsdagar från samtycke till det första hållna SIP-mötet; månaden då mötet hölls.' },
  { id: 'invitationsOnTime', kind: 'share', label: 'Kallelser i tid', explanation: 'Andel kallelser till den andra huvudmannen skickade minst 10 arbetsdagar före mötet.' },
  { id: 'followedUpOnTime', kind: 'share', label: 'Möten uppföljda i tid', explanation: 'Andel hållna SIP-möten som följdes upp senast på uppföljningsdagen.' },
  { id: 'crisisPlanInPlace', kind: 'share', label: 'Krisplan finns', explanation: 'Andel öppna ärenden med en kris- och handlingsplan vid månadens slut.' },
  { id: 'crisisReviewedOnTime', kind: 'share', label: 'Krisplan omprövad i tid', explanation: 'Andel krisplaner som omprövades senast på omprövningsdagen.' },
  { id: 'planComplete', kind: 'share', label: 'Planer med alla lagens delar', explanation: 'Andel upprättade planer där varje del som lagen kräver finns med.' },
  { id: 'evaluationsOnTime', kind: 'share', label: 'Utvärderingar i tid', explanation: 'Andel utvärderingspunkter (med personens samtycke) som markerades genomförda inom 10 arbetsdagar från sitt datum.' },
  { id: 'overdue', kind: 'count', label: 'Försenade påminnelser', explanation: 'Ärenden med minst en påminnelse som passerat utan att det blev gjort, vid månadens slut.' },
];

export const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
export const MONTH_LABELS = ['jul 2026', 'aug 2026', 'sep 2026', 'okt 2026', 'nov 2026', 'dec 2026'];

const none: ViewCell = { kind: 'none', text: '–' };
const suppressed: ViewCell = { kind: 'suppressed', text: 'färre än 5' };

function shown(kind: FigureInfo['kind'], value: number, n: number): ViewCell {
  if (kind === 'share') {
    const x = Math.round((value * n) / 100);
    return { kind: 'shown', value, n, x, text: `${value} % (${x} av ${n})` };
  }
  if (kind === 'median') return { kind: 'shown', value, n, text: `${value} dagar (${n} ärenden)` };
  return { kind: 'shown', value, n: value, text: String(value) };
}

/**
 * One group's cells, made from a seed so groups differ: each figure's row has shown numbers, one
 * suppressed month and, for the units, an empty one, so the page has all three kinds to draw.
 */
function cellsFor(seed: number, small: boolean): Record<FigureId, ViewCell[]> {
  const cells = {} as Record<FigureId, ViewCell[]>;
  FIXTURE_FIGURES.forEach((figure, f) => {
    cells[figure.id] = MONTHS.map((_month, m) => {
      if (m === (f + seed) % MONTHS.length) return suppressed;
      if (small && m === (f + seed + 3) % MONTHS.length) return none;
      const base = 5 + ((seed * 7 + f * 3 + m * 5) % 17);
      if (figure.kind === 'share') return shown('share', 40 + ((seed * 11 + f * 7 + m * 13) % 61), base + 3);
      if (figure.kind === 'median') return shown('median', 3 + ((seed + f + m * 2) % 12), base);
      return shown('count', base + (small ? 0 : 20), base);
    });
  });
  return cells;
}

function group(principal: ViewGroup['principal'], label: string, seed: number, unit?: string): ViewGroup {
  return { principal, unit, label, cells: cellsFor(seed, unit !== undefined) };
}

/** A view as /api/statistik would send it: two principals, two units each, all three kinds of cell. */
export function fixtureView(overrides: Partial<StatisticsView> = {}): StatisticsView {
  return {
    builtAt: '2026-12-01T01:45:00.000Z',
    builtAtText: 'Uppdaterad 1 dec 02:45',
    local: true,
    viewer: 'Alex Wilber',
    months: MONTHS,
    monthLabels: MONTH_LABELS,
    figures: FIXTURE_FIGURES,
    groups: [
      group('region', 'Region, alla enheter', 1),
      group('region', 'Region – Psykiatrimottagning Öst', 2, 'Psykiatrimottagning Öst'),
      group('region', 'Region – Beroendemottagningen', 3, 'Beroendemottagningen'),
      group('kommun', 'Kommun, alla enheter', 4),
      group('kommun', 'Kommun – Socialpsykiatri Norr', 5, 'Socialpsykiatri Norr'),
      group('kommun', 'Kommun – övrigt', 6, 'övrigt'),
    ],
    threshold: 5,
    accessLogExport: false,
    accessLogPrincipals: ['region', 'kommun'],
    units: { region: ['Psykiatrimottagning Öst', 'Beroendemottagningen'], kommun: ['Socialpsykiatri Norr'] },
    ...overrides,
  };
}

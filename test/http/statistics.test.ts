import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FigureId } from '../../src/domain/statistics';
import type { TabAuth } from '../../src/http/tab-auth';
import type { StatisticsView, ViewGroup } from '../../src/statistics/statistics-view';
import type { CaseState } from '../../src/domain/case-model';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { TABLES } from '../../src/storage/table-store';
import { SEED_NOW, SEED_TENANT, SEED_UNITS, seededCases } from '../support/statistics-seed';
import { startTestBot, type TestBot } from '../support/test-bot';

/** A tenant without a single case. */
const EMPTY_TENANT = '1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a';

/** A unit manager of the seeded tenant, signed in (the token checks themselves are tab-auth's tests). */
const manager: TabAuth = {
  authenticate: async (authorization) =>
    authorization === 'Bearer chef'
      ? { ok: true, user: { aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000001', tenantId: SEED_TENANT, storeTenantId: SEED_TENANT, name: 'Enhetschef', roles: ['statistics'], local: false } }
      : authorization === 'Bearer tom'
        ? { ok: true, user: { aadObjectId: 'b0b0b0b0-0000-4000-8000-000000000002', tenantId: EMPTY_TENANT, storeTenantId: EMPTY_TENANT, name: 'Ny chef', roles: ['statistics'], local: false } }
      : authorization === 'Bearer utan-roll'
        ? { ok: false, status: 403, reason: 'missingRole' }
        : { ok: false, status: 401, reason: 'missingToken' },
};

describe('the Statistik tab’s figures over HTTP, on the hand-counted set', () => {
  let bot: TestBot;
  let view: StatisticsView;
  const get = (path: string, token = 'chef') => fetch(`${bot.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'sv-SE' } });

  beforeAll(async () => {
    bot = await startTestBot({}, () => SEED_NOW, { units: SEED_UNITS, tabAuth: manager });
    const before = (await (await get('/api/statistik')).json()) as StatisticsView;
    expect(before.builtAt).toBeUndefined();
    expect(before.builtAtText).toBe('Siffrorna räknas fram – titta igen om en stund.');
    // The listed units with nothing in them, so the page has something to show meanwhile.
    expect(before.groups.map((g) => g.label)).toEqual(['Region – alla enheter', 'Region – Psykiatri Väst', 'Region – Vårdcentral Norr', 'Kommun – alla enheter', 'Kommun – Socialpsykiatri']);
    expect(before.groups.flatMap((g) => Object.values(g.cells).flat()).every((c) => c.kind === 'none')).toBe(true);
    const cases = new TableCaseRepository(bot.app.store.client(TABLES.cases));
    // The P cases three times over: 27 of them, so that shares have five or more on both sides.
    for (const c of seededCases(SEED_TENANT, 3)) expect(await cases.create(c, [])).not.toBe('codeTaken');
    expect(await bot.app.statistics.tick(SEED_NOW)).toMatchObject({ kind: 'ran', cases: 42, tenants: 2 });
    const res = await get('/api/statistik');
    expect(res.status).toBe(200);
    view = (await res.json()) as StatisticsView;
  });
  afterAll(async () => {
    await bot?.close();
  });

  const group = (label: string): ViewGroup => {
    const g = view.groups.find((x) => x.label === label);
    if (g === undefined) throw new Error(`no group ${label} in ${view.groups.map((x) => x.label).join(', ')}`);
    return g;
  };
  const text = (label: string, figure: FigureId, month: string) => group(label).cells[figure][view.months.indexOf(month)]!.text;

  it('covers twelve months up to the current one, and says when the figures were counted', () => {
    expect(view.months[0]).toBe('2025-12');
    expect(view.months.at(-1)).toBe('2026-11');
    expect(view.monthLabels.at(-1)).toBe('nov 2026');
    expect(view.builtAt).toBe(SEED_NOW.toISOString());
    expect(view.builtAtText).toBe('Uppdaterad 25 nov. 2026 11:00');
    expect(view.groups.map((g) => g.label)).toEqual(['Region – alla enheter', 'Region – Psykiatri Väst', 'Region – Vårdcentral Norr', 'Kommun – alla enheter', 'Kommun – Socialpsykiatri', 'Kommun – övrigt']);
  });

  it('gives every figure a label and a one-line explanation', () => {
    expect(view.figures).toHaveLength(12);
    for (const f of view.figures) {
      expect(f.label.length).toBeGreaterThan(3);
      expect(f.explanation).toMatch(/^[A-ZÅÄÖ].{20,}\.$/);
      expect(f.explanation).not.toContain('\n');
    }
    expect(view.figures.find((f) => f.id === 'invitationsOnTime')!.explanation).toContain('minst 10 arbetsdagar före (lokal riktlinje)');
    expect(view.figures.find((f) => f.id === 'evaluationsOnTime')!.explanation).toContain('senast 10 arbetsdagar efter sitt datum (lokal inställning)');
  });

  it.each([
    // 3 × (eight open SIP cases and one closed), all opened 5 October.
    ['openedSip', '2026-10', '27'],
    ['openedSip', '2026-11', '–'],
    ['openedVss', '2026-09', 'färre än 5'],
    ['openedVss', '2026-03', '6'],
    // 3 × 7 of 9 answered: six not, so the share is shown.
    ['b1Answered', '2026-10', '21 av 27 (78 %)'],
    ['b1Answered', '2026-09', 'färre än 5'],
    // All six evaluation cases answered B1: fewer than five did not, so only a lower bound.
    ['b1Answered', '2026-03', 'fler än 1 av 6'],
    // 3 × 1, 2, 2, 3, 4, 5 working days: the middle two of 18 are 2 and 3.
    ['daysToConsent', '2026-10', 'median 2,5 (n = 18)'],
    // 3 × 19, 18, 18, 17, 16, 15: the middle two of 18 are 17 and 18.
    ['daysConsentToFirstMeeting', '2026-11', 'median 17,5 (n = 18)'],
    // 3 × 9 held meetings, 3 × 1 late kallelse: fewer than five late.
    ['invitationsOnTime', '2026-11', 'fler än 22 av 27'],
    // 3 × 5 follow-up dates on 20 November, 3 × 3 met: six missed.
    ['followedUpOnTime', '2026-11', '9 av 15 (60 %)'],
    ['crisisPlanInPlace', '2026-11', 'fler än 13 av 18'],
    ['crisisReviewedOnTime', '2026-11', 'fler än 13 av 18'],
    // 3 × 6 first meetings, 3 × 5 with a plan upprättad.
    ['planComplete', '2026-11', 'fler än 13 av 18'],
    // Six VoSS cases said yes to evaluation on Monday 2 March; P0 is on time through the 16th (ten
    // working days, the local setting). Five were marked done on the 2nd, one on the 20th: one
    // late, fewer than five, so only a lower bound.
    ['evaluationsOnTime', '2026-03', 'fler än 1 av 6'],
    // P6 on Wednesday 2 September, on time through the 16th: four done on the 10th, one never (late
    // once the 16th passed, before VoSS closed on 10 November), one whose consent was withdrawn on
    // 3 August is not counted. Four of five: fewer than five met it, so the count is not shown.
    ['evaluationsOnTime', '2026-09', 'färre än 5 av 5'],
    ['evaluationsOnTime', '2026-11', '–'],
    // Open cases only: 3 × 8 and the three VoSS cases of Vårdcentral Norr; 3 × 3 late.
    ['overdue', '2026-11', '9 av 27 (33 %)'],
    ['overdue', '2026-10', '–'],
  ] as Array<[FigureId, string, string]>)('Region – alla enheter: %s in %s is "%s"', (figure, month, expected) => {
    expect(text('Region – alla enheter', figure, month)).toBe(expected);
  });

  it('counts each unit under its own principal, and a unit typed before the list as övrigt', () => {
    expect(text('Region – Psykiatri Väst', 'openedSip', '2026-10')).toBe('27');
    expect(text('Region – Psykiatri Väst', 'openedVss', '2026-09')).toBe('–');
    expect(text('Region – Psykiatri Väst', 'openedVss', '2026-03')).toBe('6');
    // 24 of the region's 27 open cases: shown, the other unit's 3 would be 27 − 24, so it is hidden.
    expect(text('Region – Psykiatri Väst', 'overdue', '2026-11')).toBe('dold');
    expect(text('Region – Vårdcentral Norr', 'openedVss', '2026-09')).toBe('färre än 5');
    expect(text('Region – Vårdcentral Norr', 'openedSip', '2026-10')).toBe('–');
    expect(text('Kommun – Socialpsykiatri', 'planComplete', '2026-11')).toBe('fler än 13 av 18');
    expect(text('Kommun – Socialpsykiatri', 'overdue', '2026-11')).toBe('dold');
    expect(text('Kommun – övrigt', 'overdue', '2026-11')).toBe('färre än 5');
    expect(text('Kommun – övrigt', 'openedVss', '2026-09')).toBe('färre än 5');
    expect(text('Kommun – alla enheter', 'b1Answered', '2026-10')).toBe('21 av 27 (78 %)');
  });

  it('never sends a number for a cell under five cases, nor anything that names a case or a person', () => {
    const raw = JSON.stringify(view);
    for (const g of view.groups) {
      for (const cells of Object.values(g.cells)) {
        for (const c of cells) {
          if (c.kind !== 'shown') expect(Object.keys(c).sort()).toEqual(['kind', 'text']);
          else expect(c.n).toBeGreaterThanOrEqual(5);
          if (c.kind === 'shown' && c.x !== undefined) expect(Math.min(c.x, c.n - c.x)).toBeGreaterThanOrEqual(5);
        }
      }
    }
    for (const identifying of ['SIP-2026', 'VSS-2026', 'Anna', 'Björn', 'Hemtjänst Söder', 'Sover']) expect(raw).not.toContain(identifying);
  });

  it('gives the same table as CSV: a row per group and figure, a column per month, the cells as shown', async () => {
    const res = await get('/api/statistik.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statistik-2026-11-25.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A byte order mark, so Excel reads the Swedish letters as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 6 * 12);
    expect(rows[0]).toBe(['Huvudman', 'Enhet', 'Mått', 'Förklaring', ...view.monthLabels].join(';'));
    const b1 = rows.find((r) => r.startsWith('Region;alla enheter;B1 besvarad;'))!.split(';');
    expect(b1.slice(4)).toEqual(view.groups[0]!.cells.b1Answered.map((c) => c.text));
    expect(b1.at(-2)).toBe('21 av 27 (78 %)');
    expect(rows.find((r) => r.startsWith('Kommun;övrigt;Öppnade VoSS-ärenden;'))!.split(';').at(-3)).toBe('färre än 5');
    // March is the fourth month shown (December 2025 first).
    expect(rows.find((r) => r.startsWith('Kommun;Socialpsykiatri;Utvärderingar i tid;'))!.split(';')[4 + 3]).toBe('fler än 1 av 6');
  });

  it('refuses a request without a sign-in or without the role, with a Swedish message and no figures', async () => {
    const none = await fetch(`${bot.baseUrl}/api/statistik`);
    expect(none.status).toBe(401);
    const noneBody = (await none.json()) as { error: string; message: string };
    expect(noneBody.error).toBe('tabSignInNeeded');
    expect(noneBody.message).toMatch(/logga in|inloggning/i);
    const noRole = await get('/api/statistik', 'utan-roll');
    expect(noRole.status).toBe(403);
    expect(((await noRole.json()) as { message: string }).message).toContain('Statistik.Läsa');
    const csv = await get('/api/statistik.csv', 'utan-roll');
    expect(csv.status).toBe(403);
    expect(await csv.text()).not.toContain('av 9');
  });

  it('shows a tenant without cases as counted, with nothing in it, not as still being counted', async () => {
    const empty = (await (await get('/api/statistik', 'tom')).json()) as StatisticsView;
    expect(empty.builtAt).toBe(SEED_NOW.toISOString());
    expect(empty.builtAtText).toBe('Uppdaterad 25 nov. 2026 11:00');
    expect(empty.groups).toHaveLength(5);
    expect(empty.groups.flatMap((g) => Object.values(g.cells).flat()).every((c) => c.text === '–')).toBe(true);
  });

  it('reads one row per view, not the cases: a case added after the count shows at the next count', async () => {
    const cases = new TableCaseRepository(bot.app.store.client(TABLES.cases));
    const extra = { ...seededCases()[0]!, code: 'SIP-2026-0099' };
    expect(await cases.create(extra, [])).not.toBe('codeTaken');
    const stale = (await (await get('/api/statistik')).json()) as StatisticsView;
    expect(stale.groups[0]!.cells.openedSip[10]!.text).toBe('27');
    // The next period's count, by whichever instance claims it.
    const later = new Date(SEED_NOW.getTime() + 15 * 60_000);
    expect(await bot.app.statistics.tick(later)).toMatchObject({ kind: 'ran', cases: 43 });
    expect(await bot.app.statistics.tick(later)).toMatchObject({ kind: 'done' });
    const fresh = (await (await get('/api/statistik')).json()) as StatisticsView;
    expect(fresh.groups[0]!.cells.openedSip[10]!.text).toBe('28');
  });
});

describe('the statistics count when something is wrong or gone', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, () => SEED_NOW, { units: SEED_UNITS, tabAuth: manager });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('counts the other cases when one cannot be counted, and says how many were left out without naming it', async () => {
    const cases = new TableCaseRepository(bot.app.store.client(TABLES.cases));
    const [good, ...rest] = seededCases(SEED_TENANT);
    // A case row of a shape the count does not expect (no baseline at all).
    const { baseline: _b, ...broken } = { ...good!, code: 'SIP-2026-0666' };
    for (const c of [good!, ...rest.slice(0, 4), broken as unknown as CaseState]) expect(await cases.create(c, [])).not.toBe('codeTaken');
    const from = bot.logs.lines.length;
    expect(await bot.app.statistics.tick(SEED_NOW)).toMatchObject({ kind: 'ran', cases: 6, skipped: 1, failedTenants: 0 });
    const logged = bot.logs.lines.slice(from).join('\n');
    expect(logged).toContain('statistics: a case could not be counted');
    expect(logged).not.toContain('SIP-2026-0666');
    const view = (await (await fetch(`${bot.baseUrl}/api/statistik`, { headers: { authorization: 'Bearer chef' } })).json()) as StatisticsView;
    expect(view.groups[0]!.cells.openedSip[view.months.indexOf('2026-10')]!.text).toBe('5');
  });

  it('empties the figures of a tenant that no longer has a case in the months shown', async () => {
    const later = new Date('2028-06-15T10:00:00.000Z');
    const cases = new TableCaseRepository(bot.app.store.client(TABLES.cases));
    // The other tenant's only case closed in November 2026: counted now, long gone by June 2028.
    const closedOnly = { ...seededCases(SEED_TENANT).find((c) => c.closure !== undefined && c.updatedAt.startsWith('2026-11'))!, tenantId: EMPTY_TENANT, code: 'SIP-2026-0777' };
    expect(await cases.create(closedOnly, [])).not.toBe('codeTaken');
    await bot.app.statistics.tick(new Date(SEED_NOW.getTime() + 3_600_000));
    const ask = async () => (await (await fetch(`${bot.baseUrl}/api/statistik`, { headers: { authorization: 'Bearer tom' } })).json()) as StatisticsView;
    expect((await ask()).groups[0]!.cells.openedSip.some((c) => c.kind !== 'none')).toBe(true);
    expect(await bot.app.statistics.tick(later)).toMatchObject({ kind: 'ran', tenantsEmptied: 1 });
    const emptied = await ask();
    expect(emptied.builtAt).toBe(later.toISOString());
    expect(emptied.groups.flatMap((g) => Object.values(g.cells).flat()).every((c) => c.kind === 'none')).toBe(true);
  });
});

import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page, Request as BrowserRequest } from 'playwright-core';
import restify, { type Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStatisticsPageRoutes } from '../../src/http/routes/statistics-page';
import type { StatisticsView } from '../../src/statistics/statistics-view';
import { launchBrowser, localPage } from './support/browser';
import { fixtureView } from './support/statistics-view-fixture';

/**
 * The Statistik tab in Chromium: the page and its scripts as the bot serves them, with the APIs
 * answered by the test, so each of the page's states can be set up and looked at. (The whole path,
 * the built bot counting real cases, is the lead's end-to-end test.)
 */
const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'statistik');

/** Stands in for TeamsJS inside Teams: initialised, dark theme, and a token for the API calls. */
const FAKE_TEAMS = `window.microsoftTeams = {
  app: {
    initialize: () => Promise.resolve(),
    getContext: () => Promise.resolve({ app: { theme: 'dark' } }),
    registerOnThemeChangeHandler: (handler) => { window.setTeamsTheme = handler; },
  },
  authentication: { getAuthToken: () => Promise.resolve('sso-token-from-teams') },
};`;

describe('the Statistik tab in Chromium', () => {
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    console.log(`Screenshots of the Statistik tab: ${SHOTS}`);
    server = restify.createServer({ handleUncaughtExceptions: false });
    registerStatisticsPageRoutes(server, { extraFrameAncestors: [] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** A fresh page answering /api/statistik with `view` (or a refusal), collecting script errors and policy violations. */
  async function openTab(answer: StatisticsView | { status: number; body: unknown }, options: { inTeams?: boolean } = {}) {
    const page = await localPage(browser);
    const problems: string[] = [];
    page.on('console', (message) => {
      // Refused requests log "Failed to load resource" (the test's own 403s, and TeamsJS's look at
      // Microsoft's CDN, which the test keeps off the internet); anything else is the page's fault.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const apiCalls: BrowserRequest[] = [];
    await page.route('**/api/statistik', (route) => {
      apiCalls.push(route.request());
      return 'status' in answer
        ? route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) })
        : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
    });
    if (options.inTeams) await page.route('**/statistik/vendor/MicrosoftTeams.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: FAKE_TEAMS }));
    await page.goto(`${base}/statistik`);
    return { page, problems, apiCalls };
  }

  /** How many of a canvas's pixels are painted: an empty chart has none. */
  async function paintedPixels(page: Page, index: number): Promise<number> {
    // Run in the page, written as text: the tests compile without the DOM's types.
    const canvas = `document.querySelectorAll('#charts canvas')[${index}]`;
    return page.evaluate<number>(`(() => {
      const { data } = ${canvas}.getContext('2d').getImageData(0, 0, ${canvas}.width, ${canvas}.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    })()`);
  }

  it('shows the figures in local mode: the note, charts drawn, the table with "färre än 5", no access-log form', async () => {
    const { page, problems, apiCalls } = await openTab(fixtureView());
    await page.locator('#table tbody tr').first().waitFor();

    await expect(page.locator('h1').innerText()).resolves.toBe('Statistik');
    await expect(page.locator('#built').innerText()).resolves.toContain('Uppdaterad 1 dec 02:45');
    await expect(page.locator('#local-note').isVisible()).resolves.toBe(true);
    await expect(page.locator('#local-note').innerText()).resolves.toContain('Lokalt läge: ingen inloggning i Teams, visas för en lokal användare');
    // Outside Teams there is no token to send: the server decides.
    expect(apiCalls[0]?.headers()['authorization']).toBeUndefined();

    // One chart per kind of figure, each drawn, each named for screen readers.
    const canvases = page.locator('#charts canvas');
    await expect(canvases.count()).resolves.toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await paintedPixels(page, i)).toBeGreaterThan(1000);
      await expect(canvases.nth(i).getAttribute('role')).resolves.toBe('img');
      await expect(canvases.nth(i).getAttribute('aria-label')).resolves.toMatch(/Region, alla enheter\. Samma siffror finns i tabellen nedan\.$/);
    }
    await expect(page.locator('#charts figcaption').allInnerTexts()).resolves.toEqual(['Antal ärenden per månad', 'Median i arbetsdagar per månad', 'Andelar per månad, i procent']);

    // The table: a row per figure with its explanation, a column per month, the server's texts.
    const view = fixtureView();
    await expect(page.locator('#table thead th[scope="col"]').allInnerTexts()).resolves.toEqual(['Mått', ...view.monthLabels]);
    const rows = page.locator('#table tbody tr');
    await expect(rows.count()).resolves.toBe(view.figures.length);
    await expect(rows.first().locator('th[scope="row"]').innerText()).resolves.toContain(view.figures[0]!.explanation);
    const firstRow = await rows.first().locator('td').allInnerTexts();
    expect(firstRow).toEqual(view.groups[0]!.cells.openedSip.map((cell) => cell.text));
    expect(firstRow).toContain('färre än 5');
    await expect(page.locator('#table td.cell-suppressed').count()).resolves.toBe(view.figures.length);
    await expect(page.locator('#table td.cell-suppressed').first().innerText()).resolves.toBe('färre än 5');

    await expect(page.locator('#access-log').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'statistik-local.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('draws a suppressed or empty month as a gap, never as zero', async () => {
    const { page } = await openTab(fixtureView());
    await page.locator('#charts canvas').first().waitFor();
    const data = await page.evaluate<{ type: string; sets: { label: string; data: (number | null)[] }[] }[]>(
      `Object.values(Chart.instances).map((chart) => ({ type: chart.config.type, sets: chart.data.datasets.map((set) => ({ label: set.label, data: set.data })) }))`,
    );
    const view = fixtureView();
    const expected = (id: string) => view.groups[0]!.cells[id as 'openedSip'].map((cell) => (cell.kind === 'shown' ? cell.value : null));
    expect(data.map((chart) => chart.type)).toEqual(['bar', 'bar', 'line']);
    for (const chart of data) {
      for (const set of chart.sets) {
        const figure = view.figures.find((f) => f.label === set.label)!;
        expect(set.data).toEqual(expected(figure.id));
        expect(set.data).toContain(null);
      }
    }
    await page.context().close();
  });

  it('changes group with the keyboard: the picker, the charts and the table follow', async () => {
    const { page } = await openTab(fixtureView());
    await page.locator('#table tbody tr').first().waitFor();
    // From the top of the page, Tab reaches the picker first, then the download, then the table.
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('group');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#table caption').innerText()).toBe('Region – Psykiatrimottagning Öst, per månad');
    const view = fixtureView();
    await expect(page.locator('#table tbody tr').first().locator('td').allInnerTexts()).resolves.toEqual(view.groups[1]!.cells.openedSip.map((cell) => cell.text));
    await expect(page.locator('#table td.cell-none').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#charts canvas').first().getAttribute('aria-label')).resolves.toContain('Region – Psykiatrimottagning Öst');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('csv');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>("document.activeElement.getAttribute('role')")).resolves.toBe('region');
    await page.locator('#group').selectOption({ label: 'Kommun – övrigt' });
    await page.screenshot({ path: path.join(SHOTS, 'statistik-unit.png'), fullPage: true });
    await page.context().close();
  });

  it('fits a narrow window (Teams on a phone): only the table scrolls sideways, in its own region', async () => {
    const { page } = await openTab(fixtureView({ accessLogExport: true }));
    await page.setViewportSize({ width: 400, height: 800 });
    await page.locator('#table tbody tr').first().waitFor();
    await expect.poll(() => page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'statistik-narrow.png'), fullPage: true });
    await page.context().close();
  });

  it('downloads the table as CSV with "Ladda ner CSV"', async () => {
    const { page } = await openTab(fixtureView());
    const csv = 'Mått;jul 2026\r\nNya SIP-ärenden;färre än 5\r\n';
    let authorization: string | undefined = 'not asked';
    await page.route('**/api/statistik.csv', (route) => {
      authorization = route.request().headers()['authorization'];
      return route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': 'attachment; filename="statistik-2026-12-01.csv"' }, body: csv });
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('statistik-2026-12-01.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(csv);
    expect(authorization).toBeUndefined();
    await page.context().close();
  });

  it("shows the server's Swedish message when the CSV is refused", async () => {
    const { page } = await openTab(fixtureView());
    await page.route('**/api/statistik.csv', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'Unavailable', message: 'Statistiken räknas fram just nu. Försök igen om en stund.' }) }),
    );
    await page.getByRole('button', { name: 'Ladda ner CSV' }).click();
    await expect.poll(() => page.locator('#csv-message').innerText()).toBe('Statistiken räknas fram just nu. Försök igen om en stund.');
    await page.context().close();
  });

  it('offers a kommun role holder of a deployment serving two tenants the kommun’s units only', async () => {
    const { page, problems } = await openTab(fixtureView({ accessLogExport: true, accessLogPrincipals: ['kommun'], local: false, viewer: 'Karin Kommun' }));
    await page.locator('#access-log').waitFor();
    await expect(page.locator('#principal').inputValue()).resolves.toBe('kommun');
    await expect(page.locator('#principal option:not([disabled])').allInnerTexts()).resolves.toEqual(['Kommun']);
    await expect(page.locator('#unit option').allInnerTexts()).resolves.toEqual(['Socialpsykiatri Norr']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('offers the access-log export with the Logguppföljning role, and exports the period and unit chosen', async () => {
    const { page, problems } = await openTab(fixtureView({ accessLogExport: true, local: false, viewer: 'Adele Vance' }));
    const section = page.locator('#access-log');
    await section.waitFor();
    await expect(page.locator('#local-note').isVisible()).resolves.toBe(false);
    await expect(page.locator('#unit option').allInnerTexts()).resolves.toEqual(['Psykiatrimottagning Öst', 'Beroendemottagningen']);
    await page.locator('#principal').selectOption('kommun');
    await expect(page.locator('#unit option').allInnerTexts()).resolves.toEqual(['Socialpsykiatri Norr']);
    await page.locator('#from').fill('2026-11-01');
    await page.locator('#to').fill('2026-11-30');

    let asked: URL | undefined;
    await page.route('**/api/logguppfoljning.csv?*', (route) => {
      asked = new URL(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', body: 'tid;vem;ärende;vad\r\n' });
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportera' }).click()]);
    expect(Object.fromEntries(asked!.searchParams)).toEqual({ fran: '2026-11-01', till: '2026-11-30', huvudman: 'kommun', enhet: 'Socialpsykiatri Norr' });
    expect(download.suggestedFilename()).toBe('logguppfoljning-2026-11-01-2026-11-30.csv');
    await expect.poll(() => page.locator('#access-log-message').innerText()).toBe('Filen är hämtad.');

    // The server's refusal is shown as it is.
    await page.unroute('**/api/logguppfoljning.csv?*');
    await page.route('**/api/logguppfoljning.csv?*', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: 'Forbidden', message: 'Du saknar behörigheten Logguppföljning – be din administratör om den.' }) }),
    );
    await page.getByRole('button', { name: 'Exportera' }).click();
    await expect.poll(() => page.locator('#access-log-message').innerText()).toBe('Du saknar behörigheten Logguppföljning – be din administratör om den.');

    // A period the wrong way round is caught before asking.
    await page.locator('#from').fill('2026-12-01');
    await page.getByRole('button', { name: 'Exportera' }).click();
    await expect.poll(() => page.locator('#access-log-message').innerText()).toContain('Från och med måste vara');
    await section.screenshot({ path: path.join(SHOTS, 'statistik-access-log.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("shows the server's message when the user lacks the role, and nothing else", async () => {
    const message = 'Du saknar behörigheten Statistik.Läsa – be din administratör att ge dig den.';
    const { page } = await openTab({ status: 403, body: { error: 'Forbidden', message } });
    await page.locator('#error').waitFor();
    await expect.poll(() => page.locator('#error-text').innerText()).toBe(message);
    await expect(page.locator('#content').isVisible()).resolves.toBe(false);
    await expect(page.locator('#loading').isVisible()).resolves.toBe(false);
    // Trying again does not give a role: the button would only lead the user on.
    await expect(page.locator('#retry').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'statistik-forbidden.png'), fullPage: true });
    await page.context().close();
  });

  it("shows its own Swedish words, not the web server's English, for an answer that is not the API's", async () => {
    const { page } = await openTab({ status: 404, body: { code: 'ResourceNotFound', message: '/api/statistik does not exist' } });
    await expect.poll(() => page.locator('#error-text').innerText()).toBe('Statistiken kunde inte hämtas just nu (fel 404). Försök igen om en stund.');
    await expect(page.locator('#retry').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('says so in Swedish when the server cannot be reached, and tries again on request', async () => {
    const page = await localPage(browser);
    let calls = 0;
    await page.route('**/api/statistik', (route) => (++calls === 1 ? route.abort('connectionrefused') : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(fixtureView()) })));
    await page.goto(`${base}/statistik`);
    await expect.poll(() => page.locator('#error-text').innerText()).toBe('Ingen kontakt med servern. Kontrollera anslutningen och försök igen.');
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await page.locator('#table tbody tr').first().waitFor();
    await expect(page.locator('#error').isVisible()).resolves.toBe(false);
    await page.context().close();
  });

  it('inside Teams sends the Teams token with every request and follows the dark theme', async () => {
    const { page, apiCalls, problems } = await openTab(fixtureView({ local: false, viewer: 'Megan Bowen' }), { inTeams: true });
    await page.locator('#table tbody tr').first().waitFor();
    expect(apiCalls[0]?.headers()['authorization']).toBe('Bearer sso-token-from-teams');
    await expect(page.evaluate<string>('document.documentElement.dataset.theme')).resolves.toBe('dark');
    await expect(page.locator('#local-note').isVisible()).resolves.toBe(false);
    let authorization: string | undefined;
    await page.route('**/api/statistik.csv', (route) => {
      authorization = route.request().headers()['authorization'];
      return route.fulfill({ status: 200, contentType: 'text/csv', body: 'x\r\n' });
    });
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner CSV' }).click()]);
    expect(authorization).toBe('Bearer sso-token-from-teams');
    await page.screenshot({ path: path.join(SHOTS, 'statistik-teams-dark.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the configuration page tells Teams the tab to add, and lets the user save', async () => {
    const page = await localPage(browser);
    await page.route('**/statistik/vendor/MicrosoftTeams.min.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.teamsCalls = [];
window.microsoftTeams = {
  app: { initialize: () => Promise.resolve() },
  pages: { config: {
    registerOnSaveHandler: (handler) => { window.teamsSave = handler; },
    setValidityState: (valid) => window.teamsCalls.push(['valid', valid]),
    setConfig: (config) => { window.teamsCalls.push(['config', config]); return Promise.resolve(); },
  } },
};`,
      }),
    );
    await page.goto(`${base}/statistik/konfigurera`);
    await expect.poll(() => page.evaluate<unknown>('window.teamsCalls')).toEqual([['valid', true]]);
    await page.evaluate('new Promise((resolve) => window.teamsSave({ notifySuccess: () => resolve(), notifyFailure: () => resolve() }))');
    await expect(page.evaluate<unknown>('window.teamsCalls[1]')).resolves.toEqual(['config', { contentUrl: `${base}/statistik`, entityId: 'statistik', suggestedDisplayName: 'Statistik' }]);
    await page.context().close();
  });

  it('the configuration page outside Teams says what it is for', async () => {
    const page = await localPage(browser);
    await page.goto(`${base}/statistik/konfigurera`);
    await expect.poll(() => page.locator('#status').innerText()).toContain('läggs till i en chatt eller kanal i Teams');
    await page.context().close();
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStoreProcess } from '../../src/local/azurite-process';
import { PLAYGROUND_TENANT_ID } from '../../src/local/playground-users';
import { TableCaseRepository } from '../../src/storage/case-repository';
import { TableStore, TABLES } from '../../src/storage/table-store';
import { SEED_UNITS, seededCases } from '../support/statistics-seed';
import { stopLeftStore } from './support/bot-process';
import { launchBrowser, localPage, screenshotElement } from './support/browser';
import { removeDataDir, startBuiltBot, type StartedBot } from './support/started-bot';

const SHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'statistik');

/**
 * The whole path as a unit manager meets it locally: the built bot started as `npm start` does, on
 * an embedded store that already holds the hand-counted cases (in the local user's tenant), counts
 * them at start; the tab, opened in Chromium without Teams, shows the figures and draws the charts.
 */
describe('the Statistik tab of the started bot, in Chromium', () => {
  let dataDir: string;
  let bot: StartedBot;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'samordningsboten-statistik-'));
    // The store first, with the cases in it; the bot finds it running and uses it.
    const store = await startEmbeddedStoreProcess({ dataDir });
    const tables = new TableStore(store.connectionString);
    await tables.ensureTables();
    const cases = new TableCaseRepository(tables.client(TABLES.cases));
    // Three times the P cases, as the HTTP test counts them: enough on both sides for shares to show.
    for (const c of seededCases(PLAYGROUND_TENANT_ID, 3)) expect(await cases.create(c, [])).not.toBe('codeTaken');
    const unitsFile = path.join(dataDir, 'enheter.json');
    writeFileSync(unitsFile, JSON.stringify(SEED_UNITS));
    bot = await startBuiltBot(dataDir, { UNITS_FILE: unitsFile });
    browser = await launchBrowser();
    page = await localPage(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    stopLeftStore(dataDir);
    removeDataDir(dataDir);
  });

  it('shows the counted figures for the local user, says it runs without a Teams sign-in, and draws the charts', async () => {
    const tab = `http://127.0.0.1:${bot.botPort}/statistik`;
    // Counted at start: until then the tab says the figures are being counted.
    await expect.poll(async () => {
      await page.goto(tab);
      await page.locator('#loading').waitFor({ state: 'hidden' });
      return page.locator('#built').textContent();
    }, { timeout: 30_000, interval: 1_000 }).toMatch(/^Uppdaterad /);
    expect(await page.locator('#local-note').isVisible()).toBe(true);

    const options = await page.locator('#group option').allTextContents();
    expect(options).toEqual(['Region – alla enheter', 'Region – Psykiatri Väst', 'Region – Vårdcentral Norr', 'Kommun – alla enheter', 'Kommun – Socialpsykiatri', 'Kommun – övrigt']);
    await page.locator('#group').selectOption({ label: 'Region – Psykiatri Väst' });

    const row = (label: string) => page.locator('#table tr', { has: page.locator('th', { hasText: label }) });
    const octoberColumn = (await page.locator('#table thead th').allTextContents()).findIndex((t) => t.trim() === 'okt 2026');
    expect(octoberColumn).toBeGreaterThan(0);
    expect((await row('Öppnade SIP-ärenden').locator('td').nth(octoberColumn - 1).textContent())?.trim()).toBe('27');
    expect((await row('B1 besvarad').locator('td').nth(octoberColumn - 1).textContent())?.trim()).toBe('21 av 27 (78 %)');
    expect((await row('Arbetsdagar till samtycke').locator('td').nth(octoberColumn - 1).textContent())?.trim()).toBe('median 2,5 (n = 18)');
    await page.locator('#group').selectOption({ label: 'Region – Vårdcentral Norr' });
    const september = octoberColumn - 1;
    expect((await row('Öppnade VoSS-ärenden').locator('td').nth(september - 1).textContent())?.trim()).toBe('färre än 5');
    await page.locator('#group').selectOption({ label: 'Region – Psykiatri Väst' });

    // Every chart has drawn something: a canvas with pixels that are not all blank.
    const canvases = page.locator('#charts canvas');
    expect(await canvases.count()).toBeGreaterThanOrEqual(3);
    const drawn = await canvases.evaluateAll((all) =>
      all.map((c) => {
        // In the browser: a canvas (the test's types have no DOM).
        const canvas = c as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
        return ink;
      }),
    );
    for (const ink of drawn) expect(ink).toBeGreaterThan(1000);

    await screenshotElement(page, page.locator('#charts'), path.join(SHOTS, 'started-bot-charts.png'));
    await page.screenshot({ path: path.join(SHOTS, 'started-bot-tab.png'), fullPage: true });
    // Nothing that names a case or a person reaches the page.
    const html = await page.content();
    for (const identifying of ['SIP-2026', 'VSS-2026', 'Anna Lind', 'Björn Berg', 'Hemtjänst Söder']) expect(html).not.toContain(identifying);
  });

  it('downloads the same table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    const file = path.join(SHOTS, 'started-bot.csv');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^statistik-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});

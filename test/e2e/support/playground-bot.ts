import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, localPage } from './browser';
import { card } from './playground-steps';
import { removeDataDir, startBuiltBot, type StartedBot } from './started-bot';

/** Where the tests save their screenshots. */
export const RESULTS = path.resolve(__dirname, '..', '..', '..', 'test-results');

/** The built bot and the browser of one describe block; use them inside hooks and tests only. */
export interface PlaygroundBot {
  readonly bot: StartedBot;
  readonly browser: Browser;
  /**
   * A new local page with the playground open, once the welcome card is shown. Opening the
   * playground installs the bot in the personal chat.
   */
  openChat(): Promise<Page>;
  /** The same, in the colleague's playground: the personal chat of Megan Bowen. */
  openColleagueChat(): Promise<Page>;
}

/**
 * Registers the hooks of the surrounding describe block: beforeAll starts the built bot (with its
 * own data folder) and headless Chromium, afterAll closes both and removes the data folder.
 */
export function usePlaygroundBot(): PlaygroundBot {
  let bot: StartedBot | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    bot = await startBuiltBot();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    if (bot !== undefined) removeDataDir(bot.dataDir);
  });

  const open = async (url: string): Promise<Page> => {
    const page = await localPage(started.browser);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await card(page, 'Välkommen till Samordningsboten').waitFor();
    return page;
  };
  const started: PlaygroundBot = {
    get bot() {
      if (bot === undefined) throw new Error('the bot is not started: use it inside a hook or test of the describe block');
      return bot;
    },
    get browser() {
      if (browser === undefined) throw new Error('the browser is not launched: use it inside a hook or test of the describe block');
      return browser;
    },
    openChat: () => open(started.bot.playgroundUrl),
    openColleagueChat: () => open(started.bot.colleagueUrl),
  };
  return started;
}

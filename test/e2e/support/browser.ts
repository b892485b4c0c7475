import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Stable selectors of the Agents Playground UI (Fluent UI and the Adaptive Cards renderer). */
export const PLAYGROUND = {
  compose: '[data-lexical-editor="true"][role="textbox"]',
  send: 'button[aria-label="Send Message"]',
  card: '.fai-OutputCard .ac-adaptiveCard',
  cardButton: (title: string) => `.ac-actionSet button[aria-label="${title}"]`,
} as const;

/** Debian's Chromium, headless, with everything that would reach the internet switched off. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that may only talk to this machine: the playground fetches fonts from a CDN otherwise. */
export async function localPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'sv-SE' });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Types a message into the playground's compose box and sends it. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const compose = page.locator(PLAYGROUND.compose);
  await compose.click();
  await compose.pressSequentially(text);
  await page.locator(PLAYGROUND.send).click();
}

/**
 * Saves a screenshot of one element in full. The playground's chat is an inner scroll area, so an
 * element taller than the viewport would be cut off (or overlaid by the header): the viewport is
 * grown to fit it for the shot and restored afterwards.
 */
export async function screenshotElement(page: Page, element: Locator, file: string): Promise<void> {
  const viewport = page.viewportSize();
  const box = await element.boundingBox();
  const needed = Math.ceil((box?.height ?? 0) + 400);
  const grow = viewport !== null && needed > viewport.height;
  if (grow) await page.setViewportSize({ width: viewport.width, height: Math.min(needed, 8000) });
  try {
    await element.scrollIntoViewIfNeeded();
    await element.screenshot({ path: file, animations: 'disabled' });
  } finally {
    if (grow) await page.setViewportSize(viewport);
  }
}

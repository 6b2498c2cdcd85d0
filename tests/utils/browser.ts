import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium by default; PNYX_CHROMIUM points elsewhere (macOS, other distributions). */
const CHROMIUM = process.env.PNYX_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium as the tests drive it; nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** An iPhone-sized screen. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** A small phone's screen. */
export const SMALL_PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
/** Reduced motion: the bars jump to their width, so screenshots show the final counts. */
export const PROJECTOR: BrowserContextOptions = { viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' };

export interface ChromiumFixture {
  /** The file's Chromium: usable once the tests run (it launches in `beforeAll`). */
  readonly browser: Browser;
  /** Uncaught errors in any page of the file: a test fails on them even when the flow happens to go on. */
  pageErrors: string[];
  /** A page in its own browser context: its own localStorage and connection, like a separate device. */
  device(options: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers the vitest hooks of a file that drives Chromium: launched before the file's tests, closed after
 * them; the devices (browser contexts) a test opened are closed after it.
 */
export function useChromium(): ChromiumFixture {
  let launched: Browser | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    launched = await launchChromium();
  });
  afterEach(async () => {
    for (const context of launched?.contexts() ?? []) await context.close();
  });
  afterAll(async () => {
    await launched?.close();
  });
  const running = (): Browser => {
    if (!launched) throw new Error('Chromium is not running: use it inside tests and hooks');
    return launched;
  };
  return {
    get browser() {
      return running();
    },
    pageErrors,
    async device(options) {
      const page = await (await running().newContext(options)).newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
  };
}

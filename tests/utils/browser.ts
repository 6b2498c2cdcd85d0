import { chromium, type Browser } from 'playwright-core';

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

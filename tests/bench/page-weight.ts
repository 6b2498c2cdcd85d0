import { gzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import { launchChromium } from '../utils/browser.js';

export interface PageWeight {
  /** JS and CSS the page loaded, each gzipped at level 9 as a server would send it, summed. */
  gzippedKB: number;
  rawKB: number;
  files: number;
}

const isCodeOrStyle = (response: Response): boolean => {
  const type = response.request().resourceType();
  const contentType = response.headers()['content-type'] ?? '';
  return type === 'script' || type === 'stylesheet' || /javascript|css/.test(contentType);
};

/** Opens the phone's join page in headless Chromium and weighs every script and stylesheet it loaded. */
export async function weighPhonePage(url: string, code: string): Promise<PageWeight> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const loaded = new Map<string, Response>();
    page.on('response', (response) => {
      if (isCodeOrStyle(response)) loaded.set(response.url(), response);
    });
    await page.goto(`${url}/join/${code}`, { waitUntil: 'networkidle' });
    let raw = 0;
    let gzipped = 0;
    for (const response of loaded.values()) {
      const body = await response.body();
      raw += body.length;
      gzipped += gzipSync(body, { level: 9 }).length;
    }
    return { gzippedKB: gzipped / 1024, rawKB: raw / 1024, files: loaded.size };
  } finally {
    await browser.close();
  }
}

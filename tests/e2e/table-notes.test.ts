import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { createSession, expectOk, request } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { connectModerator } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Table notes in real Chromium against the built web app: two phones of table 1 type into the notes at the
 * same moment and both end up with both texts; Yjs reaches a phone only once it opens the notes; the
 * moderator reads every table's notes in the console and puts table 1's on the projector, which follows the
 * typing live. Everything is found by role and accessible name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const chromium = useChromium();
const { pageErrors } = chromium;

/** A string only the Yjs bundle holds (its double-import warning). */
const YJS_MARKER = 'Yjs was already imported';

interface Device {
  page: Page;
  /** The scripts this page has loaded so far, by URL. */
  scripts: Map<string, string>;
}

async function device(options: BrowserContextOptions): Promise<Device> {
  const page = await chromium.device(options);
  const scripts = new Map<string, string>();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    response.text().then((body) => scripts.set(response.url(), body), () => {});
  });
  return { page, scripts };
}

const loadedYjs = ({ scripts }: Device) => [...scripts.values()].some((body) => body.includes(YJS_MARKER));

describe('table notes in the browser', () => {
  it('two phones of a table co-edit the notes; the moderator shows them on the projector', { timeout: 120_000 }, async () => {
    const session = await createSession(server.url, 'Climate assembly');
    const moderator = await connectModerator(fixture, session);
    expectOk(await request(moderator, 'tables:add', { count: 2 }));

    const phones = [await device(PHONE), await device(PHONE)];
    for (const phone of phones) {
      await phone.page.goto(`${session.urls.join}?table=t1`);
      await phone.page.getByRole('button', { name: 'Table notes' }).waitFor();
    }
    // The phone's first load stays light: Yjs comes only with the notes.
    expect(phones.map(loadedYjs)).toEqual([false, false]);

    const boxes: Locator[] = [];
    for (const { page } of phones) {
      await page.getByRole('button', { name: 'Table notes' }).click();
      expect(await page.getByRole('button', { name: 'Table notes' }).getAttribute('aria-expanded')).toBe('true');
      const box = page.getByRole('textbox', { name: 'Notes of Table 1' });
      await box.click();
      boxes.push(box);
    }
    await eventually(() => phones.every(loadedYjs), 'the phones to load Yjs for the notes');
    await phones[0]!.page.getByText('Also here: A table member').waitFor();

    // Both type at the same moment; neither loses a character of the other's.
    const texts = ['Alice: more trees in the square.', 'Bob: fewer cars downtown.'];
    await Promise.all(boxes.map((box, index) => box.pressSequentially(texts[index]!, { delay: 15 })));
    const [first, second] = await eventually(async () => {
      const values = await Promise.all(boxes.map((box) => box.inputValue()));
      return values[0] === values[1] && texts.every((text) => values[0]!.includes(text)) && values;
    }, 'both phones to show both texts');
    expect(first).toBe(second);
    expect(first!.length).toBe(texts[0]!.length + texts[1]!.length);

    // The console shows every table's notes as text, and puts table 1's on the projector.
    const consolePage = (await device(LAPTOP)).page;
    await consolePage.goto(session.urls.moderate);
    const overview = consolePage.getByRole('region', { name: 'Table notes' });
    const tableOne = overview.getByRole('article', { name: 'Table 1' });
    await tableOne.getByText(texts[0]!, { exact: false }).waitFor();
    await overview.getByRole('article', { name: 'Table 2' }).getByText('No notes yet.').waitFor();

    const projectorDevice = await device(PROJECTOR);
    const projector = projectorDevice.page;
    await projector.goto(session.urls.screen);
    await projector.getByRole('heading', { level: 1, name: 'Climate assembly' }).waitFor();
    await tableOne.getByRole('button', { name: 'Show on projector: notes of Table 1' }).click();
    const onScreen = projector.getByRole('region', { name: 'Table 1' });
    await eventually(async () => (await onScreen.innerText()).includes(first!), 'the projector to show the notes');
    // The projector reads the text the server sends; it never loads Yjs.
    expect(loadedYjs(projectorDevice)).toBe(false);

    // Typing goes on: the projector follows.
    await boxes[1]!.press('End');
    await boxes[1]!.pressSequentially(' Agreed by all.');
    await eventually(async () => (await onScreen.innerText()).includes('Agreed by all.'), 'the projector to follow the typing');
    expect(pageErrors).toEqual([]);
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Locator, Page } from 'playwright-core';
import { LAPTOP, useChromium } from '../utils/browser.js';
import { eventually } from '../utils/eventually.js';
import { addQuestion } from '@pnyx/shared/session-doc';
import { expectOk, request } from '../utils/clients.js';
import { untilAgendaSynced } from '../utils/moderator-doc.js';
import { harbourSession, joinPhone, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The report page in Chromium: what the room said, its downloads, a chart as an image, and the page printed
 * to an A4 PDF whose pages are read back with pdf.js.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

/** Clicks `button` (in `within`, else anywhere on the page) and reads the file the page hands to the browser's downloads. */
async function downloaded(page: Page, button: string, within: Page | Locator = page): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), within.getByRole('button', { name: button }).click()]);
  const bytes = await readFile((await download.path())!);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height, from its first chunk (IHDR). */
function pngSize(png: Buffer): number[] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** An SVG document's width and height, from its root element. */
function svgSize(svg: string): number[] {
  const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  return [Number(width), Number(height)];
}

/** What a PNG shows, decoded by the browser: its pixels in the chart's bar blue (#0072B2) and in dark text. */
async function inkIn(page: Page, png: Buffer): Promise<{ bar: number; text: number }> {
  return page.evaluate(async (source) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [image.naturalWidth, image.naturalHeight];
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let [bar, text] = [0, 0];
    for (let at = 0; at < data.length; at += 4) {
      const [red, green, blue] = [data[at]!, data[at + 1]!, data[at + 2]!];
      if (red < 16 && Math.abs(green - 0x72) < 16 && Math.abs(blue - 0xb2) < 16) bar++;
      else if (Math.max(red, green, blue) < 80) text++;
    }
    return { bar, text };
  }, `data:image/png;base64,${png.toString('base64')}`);
}

/** The text of each page of a PDF, and the pages' size in points. */
async function pdfPages(pdf: Buffer): Promise<{ texts: string[]; sizes: number[][] }> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const texts: string[] = [];
  const sizes: number[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const { width, height } = page.getViewport({ scale: 1 });
    sizes.push([Math.round(width), Math.round(height)]);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return { texts, sizes };
}

describe('the session report page', () => {
  it('shows what the room said, downloads it, saves charts as SVG and PNG and prints to A4', { timeout: 90_000 }, async () => {
    const { room } = await harbourSession(fixture);
    const moderator = await device({ ...LAPTOP, acceptDownloads: true });
    await moderator.goto(room.session.urls.moderate);
    await moderator.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
    await moderator.getByRole('link', { name: 'Report' }).click();
    // The console has the same heading (and the tables' notes): wait for the report itself, not the page left.
    await moderator.waitForURL(/\/report$/);
    await moderator.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();

    // Notes reach the server over Yjs: the report is read again until it has them.
    await eventually(async () => {
      await moderator.reload();
      return moderator.getByRole('article', { name: 'North' }).getByText('We want more benches.').isVisible();
    }, 'the table notes in the report');
    const attendance = moderator.getByRole('region', { name: 'Attendance' });
    expect(await attendance.getByRole('definition').allInnerTexts()).toEqual(['3', '2', '1', '2', '3']);
    const agenda = moderator.getByRole('region', { name: 'The agenda as it ran' });
    expect(await agenda.getByRole('rowheader').allInnerTexts()).toEqual(['Talk', 'Vote']);
    await moderator.getByRole('region', { name: '1. Open the harbour on Sundays?' }).getByText('3 voters', { exact: false }).first().waitFor();
    await moderator.getByRole('region', { name: '2. One word for the harbour' }).waitFor();
    const contributions = moderator.getByRole('region', { name: 'Contributions' });
    await contributions.getByText('A Sunday market, "by the water"').waitFor();
    expect(await contributions.getByText('Still waiting').count()).toBe(0);

    const ballots = await downloaded(moderator, 'Ballots (CSV)');
    expect(ballots.name).toBe('harbour-assembly-ballots.csv');
    expect(ballots.text.split('\r\n')[0]).toBe('question_id,question,voter,cast_by,table,channel,answer,cast_at');
    const session = await downloaded(moderator, 'Whole session (JSON)');
    expect(JSON.parse(session.text)).toMatchObject({ format: 'pnyx-session', agenda: { format: 'pnyx-agenda' } });

    const cloud = await downloaded(moderator, 'Save chart (SVG)', moderator.getByRole('region', { name: '2. One word for the harbour' }));
    expect(cloud.name).toBe('harbour-assembly-question-2.svg');
    // The words attendees typed are in the image as text, escaped (the cloud keeps them normalised); "boats" leads with two.
    expect(cloud.text).toContain('>hyperlink(&#34;x</text>');
    expect(cloud.text).toMatch(/>boats<\/text>.*>2<\/text>/s);

    // For slide tools without SVG: the same chart as a PNG at twice its size, bars and text drawn.
    const single = moderator.getByRole('region', { name: '1. Open the harbour on Sundays?' });
    const singleSvg = await downloaded(moderator, 'Save chart (SVG)', single);
    const singlePng = await downloaded(moderator, 'Save chart (PNG)', single);
    expect(singlePng.name).toBe('harbour-assembly-question-1.png');
    expect(pngSize(singlePng.bytes)).toEqual(svgSize(singleSvg.text).map((side) => side * 2));
    const ink = await inkIn(moderator, singlePng.bytes);
    // Two bars (2 and 1 of 3 voters), 480 and 240 wide, 28 high at 1×: four times that area at 2×.
    expect(ink.bar).toBeGreaterThan(4 * 720 * 28 * 0.9);
    expect(ink.text).toBeGreaterThan(5_000);

    // Printed: A4 pages, no buttons, and every section there to read.
    await moderator.emulateMedia({ media: 'print' });
    expect(await moderator.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    const pdf = await moderator.pdf({ format: 'A4', preferCSSPageSize: true });
    const { texts, sizes } = await pdfPages(pdf);
    expect(sizes.every(([width, height]) => width === 595 && height === 842)).toBe(true);
    const all = texts.join(' ');
    for (const expected of ['Harbour assembly', 'Attendance', 'Open the harbour on Sundays?', 'One word for the harbour', 'by the water', 'We want more benches.']) {
      expect(all).toContain(expected);
    }
    expect(all).not.toContain('Ballots (CSV)');
    expect(all).not.toContain('Save chart');
    expect(all).not.toContain('Share a read-only link');
    expect(pageErrors).toEqual([]);
  });

  it('publishes a read-only link that shows the report without any moderator control, until it is withdrawn', { timeout: 60_000 }, async () => {
    const { room } = await harbourSession(fixture);
    const moderator = await device(LAPTOP);
    await moderator.goto(`${server.url}/moderate/${room.session.id}/report#token=${room.session.moderatorToken}`);
    const publish = moderator.getByRole('region', { name: 'Publish' });
    await publish.getByRole('button', { name: 'Share a read-only link' }).click();
    const link = (await publish.getByRole('status').locator('code').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`/report/${room.session.id}#key=`));

    const reader = await device(LAPTOP);
    await reader.goto(link);
    await reader.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
    await reader.getByRole('region', { name: '1. Open the harbour on Sundays?' }).waitFor();
    expect(await reader.getByRole('button', { name: /Save chart|Ballots|Share/ }).count()).toBe(0);
    expect(await reader.getByRole('link', { name: 'Back to the console' }).count()).toBe(0);

    await publish.getByRole('button', { name: 'Stop sharing' }).click();
    await publish.getByRole('status').filter({ hasText: 'The report is not shared' }).waitFor();
    await reader.reload();
    await reader.getByRole('alert').filter({ hasText: 'This report link does not open the report' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows the questions in the reader’s language, and in another one chosen, charts included', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: 'Assemblée du port' });
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr', 'de'], projectorSecond: null }));
    // French for the question and its first option only: the second falls back to English.
    const [questionId, optionIds] = ['harbour', ['yes', 'no']] as const;
    addQuestion(room.doc.doc, questionId, [...optionIds], {
      text: 'Open the harbour on Sundays?',
      labels: ['Yes', 'No'],
      translations: { fr: { text: 'Ouvrir le port le dimanche ?', options: { yes: 'Oui' } } },
    });
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'question:open', { questionId })));
    const voter = await joinPhone(fixture, room.session.code);
    expectOk(await request(voter.socket, 'ballot:cast', { questionId, ballotId: 'b1', answer: { optionId: 'yes' } }));

    const reader = await device({ ...LAPTOP, locale: 'fr-FR', acceptDownloads: true });
    await reader.goto(`${server.url}/moderate/${room.session.id}/report#token=${room.session.moderatorToken}`);
    const french = reader.getByRole('region', { name: '1. Ouvrir le port le dimanche ?' });
    await french.waitFor();
    expect(await french.getByRole('heading', { level: 3 }).locator('[lang="fr"]').textContent()).toBe('Ouvrir le port le dimanche ?');
    await french.locator('[lang="fr"]', { hasText: 'Oui' }).first().waitFor();
    await french.locator('[lang="en"]', { hasText: 'No' }).first().waitFor();

    const [svgDownload] = await Promise.all([reader.waitForEvent('download'), french.getByRole('button', { name: /SVG/ }).click()]);
    expect(await readFile((await svgDownload.path())!, 'utf8')).toContain('Oui');

    await reader.getByLabel('Questions en', { exact: false }).selectOption({ label: 'anglais' });
    await reader.getByRole('region', { name: '1. Open the harbour on Sundays?' }).waitFor();
    // German is a language of the session without a translation of this question: English shows.
    await reader.getByLabel('Questions en', { exact: false }).selectOption({ label: 'allemand' });
    await reader.getByRole('region', { name: '1. Open the harbour on Sundays?' }).locator('h3 [lang="en"]').waitFor();
    expect(pageErrors).toEqual([]);
  });
});


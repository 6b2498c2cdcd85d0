import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
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

/** Clicks `button` and reads the file the page hands to the browser's downloads. */
async function downloaded(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
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
  it('shows what the room said, downloads it, saves a chart and prints to A4', { timeout: 90_000 }, async () => {
    const { room } = await harbourSession(fixture);
    const moderator = await device({ ...LAPTOP, acceptDownloads: true });
    await moderator.goto(room.session.urls.moderate);
    await moderator.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
    await moderator.getByRole('link', { name: 'Report' }).click();
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

    const chart = moderator.getByRole('region', { name: '2. One word for the harbour' });
    const [svgDownload] = await Promise.all([moderator.waitForEvent('download'), chart.getByRole('button', { name: 'Save chart (SVG)' }).click()]);
    const svg = await readFile((await svgDownload.path())!, 'utf8');
    expect(svgDownload.suggestedFilename()).toBe('harbour-assembly-question-2.svg');
    // The words attendees typed are in the image as text, escaped (the cloud keeps them normalised); "boats" leads with two.
    expect(svg).toContain('>hyperlink(&#34;x</text>');
    expect(svg).toMatch(/>boats<\/text>.*>2<\/text>/s);

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


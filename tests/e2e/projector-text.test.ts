import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { Answer } from '@pnyx/shared';
import { addQuestion } from '@pnyx/shared/session-doc';
import { PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request, type TestSocket } from '../utils/clients.js';
import { untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { joinPhone, openQuestion, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The projector's text as the back of the room and a low-vision operator read it (WCAG 1.4.4): on a 1280 × 720
 * projector no text of a chart is under 14 px, however many questions share the screen, and none is cut off
 * (long option labels wrap, crowded results flow onto more rows); browser zoom and the browser's text size
 * make the text larger, and the page reflows rather than cutting or overlapping.
 */

/** With PNYX_SCREENSHOTS=<dir>, each screen measured is saved there. */
const SCREENSHOTS = process.env.PNYX_SCREENSHOTS;

const fixture = useTestServer({ web: true });
const { pageErrors, device } = useChromium();

const LONG_LABELS = [
  'Build protected bike lanes along every main road in the city',
  'Run trams every five minutes from early morning until midnight',
  'Turn the old car parks into small parks with trees and benches',
  'Let buses use their own lanes and give them priority at traffic lights',
  'Keep the streets as they are today and spend the money on schools',
];

/** Chrome at 200 % zoom on a 1280 × 720 projector: half the CSS pixels, each drawn twice as large. */
const ZOOMED: BrowserContextOptions = { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2, reducedMotion: 'reduce' };

let ballots = 0;

/**
 * A session on mobility: a vote on one question with five long options, then the results of four questions
 * (that one, a scale, a ranking and a multiple choice, each with five options) on one screen.
 */
async function mobilityEvening(): Promise<{ room: Room; phones: TestSocket[] }> {
  const room = await roomWithTables(fixture, 2, { title: 'Mobility evening' });
  const doc = room.doc.doc;
  const ids = ['a', 'b', 'c', 'd', 'e'];
  addQuestion(doc, 'first', ids, { text: 'What should the city do first about getting around?', labels: LONG_LABELS });
  addQuestion(doc, 'cars', ids, {
    kind: 'scale',
    text: 'Cars should leave the old town',
    labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  });
  addQuestion(doc, 'money', ids, {
    kind: 'ranking',
    text: 'What should get the money first?',
    labels: ['Trams and light rail', 'Protected bike lanes', 'Buses in their own lanes', 'Wider pavements', 'Park and ride'],
  });
  addQuestion(doc, 'also', ids, { kind: 'multi', maxChoices: 2, text: 'What else would help?', labels: LONG_LABELS });
  writePhase(doc, { kind: 'vote', title: 'First vote', durationMs: 5 * 60_000, questionIds: ['first'] });
  writePhase(doc, { kind: 'vote', title: 'Then three more', durationMs: 5 * 60_000, questionIds: ['cars', 'money', 'also'] });
  writePhase(doc, { kind: 'results', title: 'What the room said', durationMs: 5 * 60_000, questionIds: ['first', 'cars', 'money', 'also'] });
  const phones: TestSocket[] = [];
  for (const tableId of ['t1', 't1', 't2']) phones.push((await joinPhone(fixture, room.session.code, { tableId })).socket);
  return { room, phones };
}

async function nextPhase(room: Room): Promise<void> {
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
}

async function cast(phone: TestSocket, questionId: string, answer: Answer): Promise<void> {
  expectOk(await request(phone, 'ballot:cast', { questionId, ballotId: `text${ballots++}`, answer }));
}

interface TextReading {
  /** Every visible text inside a question's region: the smallest font size, in CSS px, and which text it is. */
  smallest: { px: number; text: string };
  /** Texts cut off by a box that hides its overflow, or past the screen's sides. */
  cut: string[];
}

/**
 * What a viewer of `page` could not read: every text node on the page is measured where it is drawn, against
 * each box around it that hides its overflow and against the sides of the screen (a scrolling box is fine: the
 * operator scrolls it). Texts hidden for everyone but screen readers are left out.
 */
function readText(page: Page): Promise<TextReading> {
  return page.evaluate(() => {
    const hidden = (element: Element): boolean => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.display === 'none' || style.visibility === 'hidden' || style.clip === 'rect(0px, 0px, 0px, 0px)') return true;
      }
      return false;
    };
    const smallest = { px: Infinity, text: '' };
    const cut: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const element = node.parentElement;
      if (!text || !element || hidden(element)) continue;
      const px = parseFloat(getComputedStyle(element).fontSize);
      if (element.closest('section[aria-labelledby]') && px < smallest.px) Object.assign(smallest, { px, text });
      const range = document.createRange();
      range.selectNodeContents(node);
      const name = `“${text.slice(0, 40)}” (${Math.round(px)} px)`;
      for (const line of range.getClientRects()) {
        if (line.width === 0) continue;
        // A glyph's box is a little taller than a tight line: a cut line is a whole line past the edge.
        const slack = px * 0.3;
        if (line.left < -1 || line.right > innerWidth + 1) cut.push(`${name} reaches past the screen's side`);
        // Up to the first box that scrolls, in each direction: past it, the text is there to scroll to.
        let [across, down] = [true, true];
        for (let box = element as Element | null; box && (across || down); box = box.parentElement) {
          const style = getComputedStyle(box);
          const edges = box.getBoundingClientRect();
          const where = `<${box.tagName.toLowerCase()} class="${box.className}">`;
          if (across && /hidden|clip/.test(style.overflowX) && (line.left < edges.left - 1 || line.right > edges.right + 1)) {
            cut.push(`${name} is cut at the side of ${where}`);
          } else if (down && /hidden|clip/.test(style.overflowY) && (line.top < edges.top - slack || line.bottom > edges.bottom + slack)) {
            cut.push(`${name} is cut at the top or bottom of ${where}`);
          } else {
            across &&= !/auto|scroll/.test(style.overflowX);
            down &&= !/auto|scroll/.test(style.overflowY);
            continue;
          }
          break;
        }
      }
    }
    return { smallest, cut: [...new Set(cut)] };
  });
}

/**
 * The page's text once nothing is cut off, or the reading that still had something cut when the poll gave up:
 * a chart fits itself to its box a frame after it is drawn.
 */
async function readableText(page: Page, name: string): Promise<TextReading> {
  let reading: TextReading | undefined;
  await expect.poll(async () => (reading = await readText(page)).cut).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/projector-text-${name}.png` });
  return reading!;
}

/** The font size of the stage's question, in the device's pixels (what the room sees). */
function questionSize(page: Page, name: string): Promise<number> {
  return page
    .getByRole('heading', { name })
    .evaluate((heading) => parseFloat(getComputedStyle(heading).fontSize) * devicePixelRatio);
}

describe('the projector’s text stays readable when crowded, and follows zoom and the text size', () => {
  it('five long options, then four questions on one screen: 14 px or more, nothing cut off, larger when zoomed', { timeout: 120_000 }, async () => {
    const { room, phones } = await mobilityEvening();
    const code = room.session.code;
    const QUESTION = 'What should the city do first about getting around?';
    const open = async (options: BrowserContextOptions) => {
      const page = await device(options);
      await page.goto(`${fixture.server.url}/screen/${code}`);
      return page;
    };

    await nextPhase(room);
    for (const [index, phone] of phones.entries()) await cast(phone, 'first', { optionId: ['a', 'c', 'a'][index]! });

    const projector = await open(PROJECTOR);
    const votes = projector.getByRole('table', { name: 'Votes per option' });
    await votes.getByRole('row', { name: /^Build protected bike lanes/ }).getByText('67%').waitFor();
    expect((await readableText(projector, 'one-question')).smallest.px).toBeGreaterThanOrEqual(14);
    const sizeAtFull = await questionSize(projector, QUESTION);

    // Chrome's zoom at 200 %: the question is larger on the screen, and nothing is cut or pushed sideways.
    const zoomed = await open(ZOOMED);
    await zoomed.getByRole('table', { name: 'Votes per option' }).getByRole('row', { name: /^Build protected bike lanes/ }).getByText('67%').waitFor();
    expect(await questionSize(zoomed, QUESTION)).toBeGreaterThan(sizeAtFull * 1.5);
    await readableText(zoomed, 'one-question-zoomed');

    // The reader's text size doubled, at 100 % zoom: twice the root size the page sets (18 px; a root of '200%'
    // would be twice the browser's 16 px, less than double).
    await projector.evaluate(() => {
      const root = document.documentElement;
      root.style.fontSize = `${parseFloat(getComputedStyle(root).fontSize) * 2}px`;
    });
    expect(await questionSize(projector, QUESTION)).toBeGreaterThan(sizeAtFull * 1.5);
    await readableText(projector, 'one-question-large-text');

    // Four questions of five options on one 1280 × 720 screen.
    await nextPhase(room);
    await cast(phones[0]!, 'cars', { optionId: 'd' });
    await cast(phones[0]!, 'money', { optionIds: ['b', 'a', 'c', 'd', 'e'] });
    await cast(phones[0]!, 'also', { optionIds: ['a', 'e'] });
    await nextPhase(room);
    const results = await open(PROJECTOR);
    await results.getByRole('heading', { level: 1, name: 'What the room said' }).waitFor();
    await results.getByRole('list', { name: 'Ranking, by Borda points' }).getByRole('listitem').first().getByText('avg. rank 1.0', { exact: false }).waitFor();
    await results.getByText('Mean 4.0 of 5', { exact: true }).waitFor();
    expect((await readableText(results, 'four-questions')).smallest.px).toBeGreaterThanOrEqual(14);

    const crowdedZoomed = await open(ZOOMED);
    await crowdedZoomed.getByText('Mean 4.0 of 5', { exact: true }).waitFor();
    await readableText(crowdedZoomed, 'four-questions-zoomed');
    expect(pageErrors).toEqual([]);
  });

  it('one small chart per table for twelve tables: 14 px or more, nothing cut off', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 12, { title: 'Mobility evening' });
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Trams', 'Bike lanes', 'Buses', 'Not sure'] });
    for (let table = 1; table <= 12; table++) {
      const phone = (await joinPhone(fixture, room.session.code, { tableId: `t${table}` })).socket;
      await cast(phone, questionId, { optionId: optionIds[table % optionIds.length]! });
    }
    expectOk(await request(room.moderator, 'screen:show', { mode: 'tables' }));

    const projector = await device(PROJECTOR);
    await projector.goto(`${fixture.server.url}/screen/${room.session.code}`);
    const byTable = projector.getByRole('list', { name: 'Results by table' });
    await byTable.getByRole('region', { name: 'Table 12' }).getByText('1 voter', { exact: true }).waitFor();
    expect((await readableText(projector, 'twelve-tables')).smallest.px).toBeGreaterThanOrEqual(14);
    expect(pageErrors).toEqual([]);
  });
});

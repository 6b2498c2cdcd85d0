import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { tableNotesDocumentName, tableNotesText, type Answer } from '@pnyx/shared';
import { addQuestion } from '@pnyx/shared/session-doc';
import { PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request, type TestSocket } from '../utils/clients.js';
import { openModeratorDoc, untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { joinPhone, openQuestion, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The projector's text as the back of the room and a low-vision operator read it (WCAG 1.4.4): on a 1280 × 720
 * projector no text of a chart is under 14 px, however many questions share the screen, and none is cut off
 * (long option labels wrap, crowded results flow onto more rows, long contributions and notes wrap and
 * scroll); browser zoom and the browser's text size make the text larger, and the page reflows rather than
 * cutting or overlapping.
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

/** Proposals from the floor, posted in this order; the projector shows the five newest (none has upvotes). */
const PROPOSALS = [
  'A bus stop at the new school',
  'Close the old town to cars on Sundays',
  'Benches in the shade along the river',
  // Near the longest a contribution may be (500 characters), with an address that has no space to break at.
  'Make the whole ring road a boulevard: two lanes for cars instead of four, a protected bike lane on each ' +
    'side, a tram in the middle from the station to the hospital, trees every ten metres and crossings at ' +
    'every street, so that people can walk from the old town to the new quarters without waiting at lights ' +
    'for long. The plan of the architects is at https://city.example/plans/ring-road-boulevard-2026-final ' +
    'and it was shown at the meeting in May. Please put it on the agenda before the budget vote.',
  'More night buses at the weekend',
  'Safe parking for bicycles at every station',
];
const LONG_PROPOSAL = PROPOSALS[3]!;

/** What one table wrote during the evening: more than a short note, less than a full page. */
const TABLE_NOTES = [
  'Table 1 talked about getting to work and to school without a car.',
  '- The trams are too full before eight; everyone agrees more trams in the morning would help most.',
  '- Two of us cycle every day but do not feel safe on the ring road. Protected lanes, not painted lines!',
  '- Parents want a bus stop in front of the new school, and a crossing with lights at the corner.',
  '- Older people at the table said the pavements in the old town are too narrow for a walker or a pram.',
  '- Nobody wanted to close the whole old town to cars, but Sundays without cars got five votes of six.',
  'Questions for the council: who pays for the trams, and when would the works on the ring road start? ' +
    'Link someone shared: https://city.example/mobility/consultation-2026/table-answers-and-minutes',
].join('\n');

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
 * operator scrolls it; so is a text shortened on purpose to a few lines with an ellipsis, whose whole is on the
 * phones). Texts hidden for everyone but screen readers are left out.
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
          } else if (
            down &&
            /hidden|clip/.test(style.overflowY) &&
            style.getPropertyValue('-webkit-line-clamp') === 'none' &&
            (line.top < edges.top - slack || line.bottom > edges.bottom + slack)
          ) {
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

/** The font size of a text, in the device's pixels (what the room sees). */
function deviceSize(text: Locator): Promise<number> {
  return text.evaluate((element) => parseFloat(getComputedStyle(element).fontSize) * devicePixelRatio);
}

/** The font size of the stage's question, in the device's pixels. */
function questionSize(page: Page, name: string): Promise<number> {
  return deviceSize(page.getByRole('heading', { name }));
}

/**
 * The reader's text size doubled, at 100 % zoom: twice the root size the page sets (18 px; a root of '200%'
 * would be twice the browser's 16 px, less than double).
 */
function doubleTextSize(page: Page): Promise<void> {
  return page.evaluate(() => {
    const root = document.documentElement;
    root.style.fontSize = `${parseFloat(getComputedStyle(root).fontSize) * 2}px`;
  });
}

/**
 * The projector at `url` as the room and a low-vision operator read it, `find` being its main text: on a
 * 1280 × 720 projector no text under 14 px and none cut off; at 200 % zoom, and with the reader's text size
 * doubled, that text is larger on the screen and still nothing is cut off. Resolves with the projector, its
 * text size doubled.
 */
async function readableAtEverySize(url: string, find: (page: Page) => Locator, name: string): Promise<Page> {
  const open = async (options: BrowserContextOptions) => {
    const page = await device(options);
    await page.goto(url);
    await find(page).waitFor();
    return page;
  };
  const projector = await open(PROJECTOR);
  expect((await readableText(projector, name)).smallest.px).toBeGreaterThanOrEqual(14);
  const sizeAtFull = await deviceSize(find(projector));

  const zoomed = await open(ZOOMED);
  expect(await deviceSize(find(zoomed))).toBeGreaterThan(sizeAtFull * 1.5);
  await readableText(zoomed, `${name}-zoomed`);

  await doubleTextSize(projector);
  expect(await deviceSize(find(projector))).toBeGreaterThan(sizeAtFull * 1.5);
  await readableText(projector, `${name}-large-text`);
  return projector;
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

    await doubleTextSize(projector);
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

  it('the contributions, five in a list then one in the spotlight, and a table’s long notes: 14 px or more, nothing cut off, larger when zoomed', { timeout: 120_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'Mobility evening' });
    const { code, id: sessionId, moderatorToken } = room.session;
    const url = `${fixture.server.url}/screen/${code}`;
    // Table 1's facilitator, who posts for the table: the projector names it beside each proposal.
    const phone = (await joinPhone(fixture, code, { tableId: 't1' })).socket;
    expectOk(await request(phone, 'facilitator:claim', { facilitatorCode: room.roster.tables[0]!.facilitatorCode }));
    let longId = '';
    for (const text of PROPOSALS) {
      const { contribution } = expectOk(await request(phone, 'contribution:post', { kind: 'proposal', text, forTable: true }));
      expectOk(await request(room.moderator, 'contribution:moderate', { contributionId: contribution.id, status: 'approved' }));
      if (text === LONG_PROPOSAL) longId = contribution.id;
    }
    expectOk(await request(room.moderator, 'screen:show', { mode: 'contributions' }));

    const board = (page: Page) => page.getByRole('region', { name: 'Contributions' });
    const projector = await readableAtEverySize(url, (page) => board(page).getByRole('listitem').getByText(LONG_PROPOSAL), 'contributions');
    expect(await board(projector).getByRole('listitem').count()).toBe(5);
    // At 100 % the room sees all five at once (nobody scrolls a projector), the long one shortened to three lines.
    const atFull = await device(PROJECTOR);
    await atFull.goto(url);
    const items = board(atFull).getByRole('listitem');
    await items.nth(4).waitFor();
    for (const item of await items.all()) {
      const box = (await item.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(PROJECTOR.viewport!.height);
    }
    expect(await board(atFull).getByText(LONG_PROPOSAL).evaluate((text) => text.scrollHeight > text.clientHeight + 1)).toBe(true);

    expectOk(await request(room.moderator, 'contribution:spotlight', { contributionId: longId }));
    await readableAtEverySize(url, (page) => board(page).getByRole('figure').getByText(LONG_PROPOSAL), 'spotlight');

    const notes = await openModeratorDoc(fixture.server.url, tableNotesDocumentName(sessionId, 't1'), moderatorToken);
    fixture.docs.push(notes);
    tableNotesText(notes.doc).insert(0, TABLE_NOTES);
    expectOk(await request(room.moderator, 'screen:show', { mode: 'notes', tableId: 't1' }));
    await readableAtEverySize(url, (page) => page.getByRole('region', { name: 'Table 1' }).getByText('Questions for the council'), 'notes');
    expect(pageErrors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tableNotesDocumentName, type Answer, type ScreenMode } from '@pnyx/shared';
import { addQuestion } from '@pnyx/shared/session-doc';
import { expectAccessible } from '../utils/axe.js';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { joinPhone, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * WCAG 2.2 AA on every page, in the states people meet: axe-core runs in real Chromium on the home and join
 * pages, the phone before, during and after a vote, with its table's notes, its PIN form and once the session
 * ended, the console with tables, questions, contributions, notes and translations, the table sheets, the
 * projector in each of its modes, and the error pages. A serious or critical violation fails the test. Then
 * what axe cannot see: a vote and the agenda's controls with the keyboard alone (focus shown, never under a
 * sticky bar), no motion on the projector for who asks for less, the phone at 320 px and with twice the text
 * size, and live results said politely, not on every tally.
 */

const fixture = useTestServer({ web: true });
const { server, docs } = fixture;
const { pageErrors, device } = useChromium();

let ballots = 0;
async function cast(phone: TestSocket, questionId: string, answer: Answer): Promise<void> {
  expectOk(await request(phone, 'ballot:cast', { questionId, ballotId: `a11y${ballots++}`, answer }));
}

interface Assembly {
  room: Room;
  phones: TestSocket[];
}

/**
 * A session in full swing: three tables, a single choice with a reference and a word cloud, an agenda
 * (vote, results, a discussion with a timer), phones at every table that answered, a contribution shown to
 * the room, and notes at the first table.
 */
async function assembly(title: string): Promise<Assembly> {
  const room = await roomWithTables(fixture, 3, { title, names: ['Oak', 'Birch', 'Maple'] });
  const doc = room.doc.doc;
  addQuestion(doc, 'way', ['tram', 'bike', 'bus'], {
    text: 'Which way forward?',
    labels: ['Trams', 'Bike lanes', 'Buses'],
    reference: { label: 'National survey 2024', shares: { tram: 40, bike: 35, bus: 25 } },
  });
  addQuestion(doc, 'words', [], { kind: 'wordcloud', text: 'One word for a good street' });
  addQuestion(doc, 'again', ['tram', 'bike', 'bus'], { text: 'Which way forward, after talking?', labels: ['Trams', 'Bike lanes', 'Buses'], comparesWith: 'way' });
  writePhase(doc, { kind: 'vote', title: 'First vote', durationMs: 5 * 60_000, questionIds: ['way', 'words'] });
  writePhase(doc, { kind: 'results', title: 'What the room said', durationMs: 5 * 60_000, questionIds: ['way', 'words'] });
  writePhase(doc, { kind: 'discussion', title: 'Talk at your table', text: 'What would make the street better for you?', durationMs: 10 * 60_000 });

  const phones: TestSocket[] = [];
  for (const tableId of ['t1', 't1', 't2', 't3']) {
    phones.push((await joinPhone(fixture, room.session.code, { tableId, ...(tableId === 't3' ? { channel: 'online' as const } : {}) })).socket);
  }
  const { contribution } = expectOk(await request(phones[0]!, 'contribution:post', { kind: 'proposal', text: 'Close the square to cars on Sundays' }));
  expectOk(await request(room.moderator, 'contribution:moderate', { contributionId: contribution.id, status: 'approved' }));
  expectOk(await request(phones[1]!, 'contribution:post', { kind: 'question', text: 'Who pays for the trams?' }));

  const notes = await openModeratorDoc(server.url, tableNotesDocumentName(room.session.id, 't1'), room.session.moderatorToken);
  docs.push(notes);
  notes.doc.getText('notes').insert(0, 'Oak wants shade and benches.\nAsk the council about trees.');
  return { room, phones };
}

/** Moves the agenda on one phase, once the server has the moderator's agenda. */
async function nextPhase(room: Room): Promise<void> {
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
}

async function vote({ phones }: Assembly): Promise<void> {
  for (const [index, optionId] of ['tram', 'bike', 'tram', 'bus'].entries()) await cast(phones[index]!, 'way', { optionId });
  for (const [index, words] of [['Shade', 'trees'], ['trees'], ['benches'], ['Shade']].entries()) await cast(phones[index]!, 'words', { words });
}

describe('every page meets WCAG 2.2 AA (axe-core: no serious or critical violation)', () => {
  it('the home and join pages, and the error pages', { timeout: 60_000 }, async () => {
    const page = await device(PHONE);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();
    await expectAccessible(page, 'home: the create form');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give the session a title.' }).waitFor();
    await expectAccessible(page, 'home: the create form refusing an empty title');
    await page.getByLabel('Session title').fill('Street design evening');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: 'Street design evening' }).waitFor();
    await expectAccessible(page, 'home: the session just created, with its code and links');

    await page.goto(`${server.url}/join`);
    await page.getByRole('heading', { level: 1, name: 'Join a session' }).waitFor();
    await expectAccessible(page, '/join: the code entry');
    await page.getByLabel('Session code').fill('12');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('alert').filter({ hasText: 'A session code has' }).waitFor();
    await expectAccessible(page, '/join: a code too short');

    await page.goto(`${server.url}/join/ZZZZZZ`);
    await page.getByRole('heading', { level: 1, name: 'Could not join' }).waitFor();
    await expectAccessible(page, 'the phone: an unknown code');
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'This page does not exist' }).waitFor();
    await expectAccessible(page, 'the error page (404)');

    const projector = await device(PROJECTOR);
    await projector.goto(`${server.url}/screen/ZZZZZZ`);
    await projector.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(projector, 'the projector: an unknown code');
    expect(pageErrors).toEqual([]);
  });

  it('the phone before, during and after a vote, with its table notes, and once the session ended', { timeout: 120_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    const code = room.session.code;

    const newcomer = await device(PHONE);
    await newcomer.goto(`${server.url}/join/${code}`);
    await newcomer.getByRole('heading', { name: 'Which table are you at?' }).waitFor();
    await expectAccessible(newcomer, 'the phone: choosing a table');

    const page = await device(PHONE);
    await page.goto(`${server.url}/join/${code}?table=t1`);
    await page.getByRole('region', { name: 'Your table' }).getByText('Oak', { exact: true }).waitFor();
    await page.getByText('Waiting for the moderator…').waitFor();
    await expectAccessible(page, 'the phone: seated, before the first phase');

    await nextPhase(room);
    await page.getByRole('region', { name: 'Which way forward?' }).getByRole('button', { name: 'Trams' }).waitFor();
    await page.getByRole('region', { name: 'One word for a good street' }).waitFor();
    await expectAccessible(page, 'the phone: a vote phase with a single choice and a word cloud open');
    await page.getByRole('region', { name: 'Which way forward?' }).getByRole('button', { name: 'Bike lanes' }).click();
    await page.getByRole('region', { name: 'Which way forward?' }).getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    await expectAccessible(page, 'the phone: a vote received');

    await page.getByRole('button', { name: 'Table notes' }).click();
    await page.getByRole('textbox', { name: /notes/i }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: /notes/i }).inputValue()).toContain('Oak wants shade');
    await expectAccessible(page, 'the phone: its table notes open');
    await page.getByRole('button', { name: 'Table notes' }).click();

    await vote(session);
    await nextPhase(room);
    await page.getByRole('region', { name: 'Which way forward?' }).getByRole('table', { name: 'Votes per option' }).waitFor();
    await expectAccessible(page, 'the phone: a results phase');

    expectOk(await request(room.moderator, 'session:end', {}));
    await page.getByText('This session has ended. Thank you for taking part.').waitFor();
    await expectAccessible(page, 'the phone: the session ended');
    expect(pageErrors).toEqual([]);
  });

  it('the phone and the projector with a scale, a ranking, a multiple choice and a free answer open', { timeout: 90_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'Park futures' });
    const doc = room.doc.doc;
    addQuestion(doc, 'night', ['s1', 's2', 's3', 's4', 's5'], {
      kind: 'scale',
      text: 'The park should stay open at night',
      labels: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
    });
    addQuestion(doc, 'pets', ['cats', 'dogs', 'birds'], { kind: 'ranking', text: 'Which pet first?', labels: ['Cats', 'Dogs', 'Birds'] });
    addQuestion(doc, 'add', ['lights', 'toilets', 'fountain'], { kind: 'multi', maxChoices: 2, text: 'What should the park add?', labels: ['Lights', 'Toilets', 'Fountain'] });
    addQuestion(doc, 'else', [], { kind: 'open', text: 'Anything else?' });
    writePhase(doc, { kind: 'vote', title: 'The park', durationMs: 5 * 60_000, questionIds: ['night', 'pets', 'add', 'else'] });
    const phones: TestSocket[] = [];
    for (const tableId of ['t1', 't2']) phones.push((await joinPhone(fixture, room.session.code, { tableId })).socket);
    await nextPhase(room);
    for (const [index, phone] of phones.entries()) {
      await cast(phone, 'night', { optionId: `s${index + 3}` });
      await cast(phone, 'pets', { optionIds: index === 0 ? ['dogs', 'cats', 'birds'] : ['birds', 'dogs', 'cats'] });
      await cast(phone, 'add', { optionIds: index === 0 ? ['lights'] : ['lights', 'fountain'] });
      const { contribution } = expectOk(await request(phone, 'contribution:post', { kind: 'question', text: `Question ${index + 1} about the park` }));
      expectOk(await request(room.moderator, 'contribution:moderate', { contributionId: contribution.id, status: 'approved' }));
    }
    await cast(phones[0]!, 'else', { text: 'More shade, please' });

    const page = await device(PHONE);
    await page.goto(`${server.url}/join/${room.session.code}?table=t1`);
    await page.getByRole('region', { name: 'Anything else?' }).getByLabel('Your answer').waitFor();
    await page.getByText('I facilitate this table').click();
    await page.getByText(/^Contributions/).click();
    await page.getByText('Question 2 about the park').waitFor();
    await expectAccessible(page, 'the phone: a scale, a ranking, a multiple choice and a free answer, its contributions and the facilitator form open');

    const screen = await device(PROJECTOR);
    await screen.goto(`${server.url}/screen/${room.session.code}`);
    await screen.getByRole('list', { name: 'Ranking, by Borda points' }).waitFor();
    await screen.getByRole('table', { name: 'Answers per point of the scale' }).waitFor();
    await expectAccessible(screen, 'the projector: four questions of four kinds');
    expect(pageErrors).toEqual([]);
  });

  it('the phone and the projector with a question in two languages, one written right to left', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: 'Harbour assembly' });
    addQuestion(room.doc.doc, 'harbour', ['yes', 'no'], {
      text: 'Open the harbour on Sundays?',
      labels: ['Yes', 'No'],
      translations: { ar: { text: 'هل نفتح الميناء أيام الأحد؟', options: { yes: 'نعم' } } },
    });
    writePhase(room.doc.doc, {
      kind: 'vote',
      title: 'The harbour vote',
      durationMs: 5 * 60_000,
      questionIds: ['harbour'],
      translations: { ar: { title: 'تصويت الميناء', text: '' } },
    });
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['ar'], projectorSecond: 'ar' }));
    await nextPhase(room);

    const page = await device(PHONE);
    await page.goto(`${server.url}/join/${room.session.code}`);
    await page.getByRole('combobox', { name: 'Questions in' }).selectOption({ label: 'Arabic' });
    await page.getByRole('region', { name: 'هل نفتح الميناء أيام الأحد؟' }).getByRole('button', { name: 'نعم' }).click();
    await page.getByText('Vote received').waitFor();
    await expectAccessible(page, 'the phone: a question in Arabic under English buttons');

    const screen = await device(PROJECTOR);
    await screen.goto(`${server.url}/screen/${room.session.code}`);
    await screen.getByRole('heading', { level: 2, name: 'Open the harbour on Sundays? هل نفتح الميناء أيام الأحد؟' }).waitFor();
    await expectAccessible(screen, 'the projector: English with Arabic beside it');
    expect(pageErrors).toEqual([]);
  });

  it('the phone asked for the join PIN', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'Budget assembly' });
    expectOk(await request(room.moderator, 'join-pin:set', { pin: '2468' }));
    const page = await device(PHONE);
    await page.goto(`${server.url}/join/${room.session.code}`);
    await page.getByRole('heading', { level: 1, name: 'Enter the PIN' }).waitFor();
    await expectAccessible(page, 'the phone: the PIN form');
    await page.getByLabel('PIN').fill('1111');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('alert').filter({ hasText: /PIN/ }).waitFor();
    await expectAccessible(page, 'the phone: a wrong PIN');
    expect(pageErrors).toEqual([]);
  });

  it('the console with tables, questions, contributions and notes, and the table sheets', { timeout: 120_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    await nextPhase(room);
    await vote(session);
    expectOk(await request(room.moderator, 'join-pin:set', { pin: '2468' }));
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr', 'ar'], projectorSecond: null }));

    const page = await device(LAPTOP);
    await page.goto(room.session.urls.moderate);
    await page.getByRole('heading', { level: 1, name: 'Street design evening' }).waitFor();
    await page.getByRole('region', { name: 'Tables', exact: true }).getByRole('article', { name: 'Maple', exact: true }).waitFor();
    await page.getByRole('article', { name: 'Question 1', exact: true }).getByRole('table', { name: 'Votes per option' }).waitFor();
    await page.getByText('Oak wants shade and benches.', { exact: false }).first().waitFor();
    await page.getByText('Who pays for the trams?').first().waitFor();
    await page.getByRole('region', { name: 'Access' }).waitFor();
    // Translations open (an opened question's, a draft's, a phase's), in French and in Arabic, right to left.
    for (const name of ['Question 1', 'Question 3', 'Phase 3']) {
      await page.getByRole('article', { name, exact: true }).getByText('Translations (French, Arabic)').click();
    }
    expect(await page.getByRole('textbox', { name: 'Title of phase 3 in Arabic' }).getAttribute('dir')).toBe('rtl');
    await page.getByRole('region', { name: 'Languages', exact: true }).getByLabel('Add a language').selectOption({ label: 'Another language, by its tag…' });
    await expectAccessible(page, 'the console: a vote phase with results, tables, contributions, notes, a PIN and translations');

    await page.goto(`${server.url}/moderate/${room.session.id}/tables`);
    await page.getByRole('heading', { name: 'Maple' }).first().waitFor();
    await expectAccessible(page, 'the table sheets');

    await page.goto(room.session.urls.moderate);
    expectOk(await request(room.moderator, 'session:end', {}));
    await page.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
    await expectAccessible(page, 'the console: the session ended');
    expect(pageErrors).toEqual([]);
  });

  it('the projector: the invitation, results, comparisons, contributions, notes and a discussion', { timeout: 120_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    const screen = await device(PROJECTOR);
    await screen.goto(`${server.url}/screen/${room.session.code}`);
    await screen.getByText('Join on your phone at').waitFor();
    await expectAccessible(screen, 'the projector: the invitation to join');

    await nextPhase(room);
    await vote(session);
    await nextPhase(room);
    const cloud = screen.getByRole('list', { name: 'Words, most frequent first' });
    await cloud.getByRole('listitem').filter({ hasText: 'trees' }).waitFor();
    await screen.getByRole('table', { name: 'Votes per option' }).waitFor();
    await expectAccessible(screen, 'the projector: room results of a single choice and a word cloud');

    const show = async (mode: ScreenMode, waitFor: () => Promise<void>) => {
      expectOk(await request(room.moderator, 'screen:show', mode === 'table' || mode === 'notes' ? { mode, tableId: 't1' } : { mode }));
      await waitFor();
      await expectAccessible(screen, `the projector: ${mode}`);
    };
    await show('tables', () => screen.getByRole('list', { name: 'Results by table' }).first().waitFor());
    await show('channels', () => screen.getByRole('list', { name: 'Results by channel' }).first().waitFor());
    await show('reference', () => screen.getByRole('table', { name: 'This room compared with National survey 2024' }).waitFor());
    await show('table', () => screen.getByRole('region', { name: /^Oak/ }).first().waitFor());
    await show('contributions', () => screen.getByText('Close the square to cars on Sundays').waitFor());
    await show('notes', () => screen.getByText('Oak wants shade and benches.', { exact: false }).waitFor());

    expectOk(await request(room.moderator, 'screen:show', { mode: 'room' }));
    await nextPhase(room);
    await screen.getByRole('heading', { level: 1, name: 'Talk at your table' }).waitFor();
    expectOk(await request(room.moderator, 'timer:control', { action: 'start' }));
    await screen.getByRole('timer', { name: 'Time left' }).waitFor();
    await expectAccessible(screen, 'the projector: a discussion with its timer');

    // Asked again during the discussion: before and after.
    expectOk(await request(room.moderator, 'question:open', { questionId: 'again' }));
    for (const [index, optionId] of ['tram', 'tram', 'bike', 'tram'].entries()) await cast(session.phones[index]!, 'again', { optionId });
    await show('shift', () => screen.getByText('changed their answer', { exact: false }).waitFor());

    expectOk(await request(room.moderator, 'session:end', {}));
    await screen.getByText('Session ended').first().waitFor();
    await expectAccessible(screen, 'the projector: the session ended');
    expect(pageErrors).toEqual([]);
  });
});

/** Where the keyboard is: the focused element's name as a screen reader says it, its outline, and whether
 * something else (a sticky bar) covers it (WCAG 2.4.11). */
function focused(page: Page): Promise<{ name: string; outline: string; covered: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: '', outline: '', covered: false };
    const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).labels?.[0]?.textContent;
    // Otherwise the visible text, without what is hidden from screen readers (the arrow of "Next phase").
    const copy = element.cloneNode(true) as HTMLElement;
    for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    const box = element.getBoundingClientRect();
    const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const style = getComputedStyle(element);
    return {
      name: (label ?? copy.textContent ?? '').replace(/\s+/g, ' ').trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      covered: atCentre !== null && atCentre !== element && !element.contains(atCentre),
    };
  });
}

/**
 * Presses `key` (Tab or Shift+Tab) until `name` has focus; resolves with the names of the stops on the way,
 * `name` last. Fails when a stop was hidden under something else.
 */
async function tabTo(page: Page, name: string, key: 'Tab' | 'Shift+Tab' = 'Tab', most = 200): Promise<string[]> {
  const stops: string[] = [];
  for (let step = 0; step < most; step++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    stops.push(now.name);
    if (now.covered) throw new Error(`“${now.name}” has focus but is covered; the stops: ${stops.join(' | ')}`);
    if (now.name === name) return stops;
  }
  throw new Error(`${key} never reached “${name}”; it stopped at: ${stops.join(' | ')}`);
}

describe('keyboard, motion, text size and live results', () => {
  it('a phone votes with the keyboard alone, and the console moves the agenda with it', { timeout: 90_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    await nextPhase(room);

    const page = await device(PHONE);
    await page.goto(`${server.url}/join/${room.session.code}?table=t1`);
    const ballot = page.getByRole('region', { name: 'Which way forward?' });
    await ballot.getByRole('button', { name: 'Trams' }).waitFor();
    // The seat comes first, then the notes, then the ballot's options in their order.
    const stops = await tabTo(page, 'Bike lanes');
    expect(stops.indexOf('Change table')).toBeLessThan(stops.indexOf('Table notes'));
    expect(stops.indexOf('Table notes')).toBeLessThan(stops.indexOf('Trams'));
    expect(stops.slice(-2)).toEqual(['Trams', 'Bike lanes']);
    // Where the focus is shows (WCAG 2.4.7): the page's focus ring, not the browser's faint default.
    expect((await focused(page)).outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await ballot.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    expect(await ballot.getByRole('button', { name: 'Bike lanes' }).getAttribute('aria-pressed')).toBe('true');
    // Space changes it, as on any button.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).name).toBe('Trams');
    await page.keyboard.press(' ');
    await expect.poll(() => ballot.getByRole('button', { name: 'Trams' }).getAttribute('aria-pressed')).toBe('true');
    await ballot.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    // On to the end of the page and back: the sticky phase bar never hides the focus.
    await tabTo(page, 'Contributions (1)');
    await tabTo(page, 'Change table', 'Shift+Tab');
    await eventually(async () => {
      const { tally } = expectOk(await request(room.moderator, 'moderator:join', { sessionId: room.session.id, moderatorToken: room.session.moderatorToken }));
      const way = tally.results.find((result) => result.questionId === 'way')!;
      return way.room.counts.tram === 1 && way.room.voters === 1;
    }, 'the keyboard vote to count');

    const console = await device(LAPTOP);
    await console.goto(room.session.urls.moderate);
    await console.getByRole('heading', { level: 1, name: 'Street design evening' }).waitFor();
    await console.getByRole('button', { name: 'Next phase' }).waitFor();
    // The flow controls come before everything the moderator edits.
    const consoleStops = await tabTo(console, 'Next phase');
    expect(consoleStops).not.toContain('Add question');
    expect(consoleStops).toContain('Start');
    await console.keyboard.press('Enter');
    await console.getByRole('heading', { name: /Now: phase 2 of 3/ }).waitFor();
    expect((await focused(console)).name).toBe('Next phase');
    await console.keyboard.press('Shift+Tab');
    expect((await focused(console)).name).toBe('Start');
    await console.keyboard.press('Enter');
    await console.getByRole('button', { name: 'Pause' }).waitFor();
    expect((await focused(console)).name).toBe('Pause');
    // Down through the agenda and the questions and back up: the sticky flow controls never hide the focus.
    await tabTo(console, 'Add question');
    await tabTo(console, 'Next phase', 'Shift+Tab');
    expect(pageErrors).toEqual([]);
  });

  it('nothing on the projector moves when the viewer asks for reduced motion', { timeout: 90_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    await nextPhase(room);

    /** The longest transition or animation of any element on the page, in seconds, and what is running. */
    const motion = (page: Page) =>
      page.evaluate(() => {
        const seconds = (value: string) => Math.max(...value.split(',').map((part) => (part.trim().endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part))));
        let longest = 0;
        for (const element of document.querySelectorAll('*')) {
          const style = getComputedStyle(element);
          const transition = style.transitionProperty === 'none' ? 0 : seconds(style.transitionDuration);
          const animation = style.animationName === 'none' ? 0 : seconds(style.animationDuration);
          longest = Math.max(longest, transition, animation);
        }
        const running = document
          .getAnimations()
          .filter((animation) => Number(animation.effect?.getComputedTiming().duration ?? 0) > 10)
          .map((animation) => (animation as CSSTransition).transitionProperty ?? (animation as CSSAnimation).animationName ?? 'animation');
        return { longest, running };
      });

    const bars = async (options: typeof PROJECTOR) => {
      const page = await device(options);
      await page.goto(`${server.url}/screen/${room.session.code}`);
      await page.getByRole('table', { name: 'Votes per option' }).waitFor();
      return page;
    };
    const still = await bars(PROJECTOR);
    const moving = await bars({ ...PROJECTOR, reducedMotion: 'no-preference' });
    // The bars grow as the votes arrive: look while they would be moving.
    await vote(session);
    await still.getByRole('table', { name: 'Votes per option' }).getByRole('row', { name: /^Trams/ }).getByText('50%').waitFor();
    await moving.getByRole('table', { name: 'Votes per option' }).getByRole('row', { name: /^Trams/ }).getByText('50%').waitFor();
    const reduced = await motion(still);
    expect(reduced.longest).toBeLessThanOrEqual(0.01);
    expect(reduced.running).toEqual([]);
    // Without the preference the bars do glide: the check above would see it.
    expect((await motion(moving)).longest).toBeGreaterThan(0.1);
    expect(pageErrors).toEqual([]);
  });

  it('the phone’s vote page reflows at 320 px, and takes twice the text size', { timeout: 90_000 }, async () => {
    const session = await assembly('Street design evening');
    const { room } = session;
    await nextPhase(room);

    /**
     * What a reader at `width` CSS px would have to scroll sideways for or could not read: the page wider than
     * the screen, an element of its content past its edge, text cut off inside its box. (A desktop window, not
     * a phone: a phone's browser would widen its layout to fit what overflows, and hide the very thing measured.)
     */
    const reflow = async (page: Page, width: number) => {
      const found = await page.evaluate((width) => {
        const problems: string[] = [];
        if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
        for (const element of document.querySelectorAll('main :is(button, input, textarea, select, h1, h2, h3, p, label, a, summary, th, td)')) {
          const box = element.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) continue;
          const name = `${element.tagName.toLowerCase()} “${(element.textContent ?? '').trim().slice(0, 30)}”`;
          if (box.left < -1 || box.right > width + 1) problems.push(`${name} reaches past the screen (${Math.round(box.left)}–${Math.round(box.right)} px)`);
          else if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') problems.push(`${name} is cut off`);
        }
        return problems;
      }, width);
      for (const name of ['Trams', 'Bike lanes', 'Buses']) {
        const button = page.getByRole('region', { name: 'Which way forward?' }).getByRole('button', { name });
        await button.scrollIntoViewIfNeeded();
        expect(await button.isVisible()).toBe(true);
      }
      return found;
    };
    const votePage = async (width: number, height: number) => {
      const page = await device({ viewport: { width, height } });
      await page.goto(`${server.url}/join/${room.session.code}?table=t1`);
      await page.getByRole('region', { name: 'Which way forward?' }).getByRole('button', { name: 'Trams' }).waitFor();
      return page;
    };

    // 320 px: a 1280 px window zoomed to 400 % (WCAG 1.4.10).
    const narrow = await votePage(320, 640);
    expect(await reflow(narrow, 320)).toEqual([]);
    await expectAccessible(narrow, 'the phone at 320 px');

    // The reader's own text size doubled on a phone-wide screen (WCAG 1.4.4): twice the root size the page
    // sets, through the CSSOM, which the page's policy allows.
    const large = await votePage(390, 844);
    const height = () => large.getByRole('button', { name: 'Bike lanes' }).evaluate((element) => element.getBoundingClientRect().height);
    const before = await height();
    await large.evaluate(() => {
      const root = document.documentElement;
      root.style.fontSize = `${parseFloat(getComputedStyle(root).fontSize) * 2}px`;
    });
    // The text did grow with the root (sizes are in rem), so the check below means something.
    expect(await height()).toBeGreaterThan(before * 1.5);
    expect(await reflow(large, 390)).toEqual([]);
    await expectAccessible(large, 'the phone with twice the text size');
    expect(pageErrors).toEqual([]);
  });

  it('live results are said politely, and not again on every tally', { timeout: 90_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'Street design evening' });
    addQuestion(room.doc.doc, 'way', ['tram', 'bike', 'bus'], { text: 'Which way forward?', labels: ['Trams', 'Bike lanes', 'Buses'] });
    await eventually(async () => (await request(room.moderator, 'question:open', { questionId: 'way' })).ok, 'the question to open');
    const phones: TestSocket[] = [];
    for (let index = 0; index < 12; index++) phones.push((await joinPhone(fixture, room.session.code, { tableId: index % 2 ? 't1' : 't2' })).socket);

    const screen = await device(PROJECTOR);
    // Every text a polite status region of the page ever holds, from the first, timed by the page.
    await screen.addInitScript(() => {
      const said: { at: number; text: string }[] = [];
      (window as unknown as { said: typeof said }).said = said;
      new MutationObserver(() => {
        const region = document.querySelector('[role="status"][aria-live="polite"][aria-atomic="true"]');
        const text = region?.textContent ?? '';
        if (region && text !== (said.at(-1)?.text ?? '')) said.push({ at: performance.now(), text });
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await screen.goto(`${server.url}/screen/${room.session.code}`);
    const region = screen.getByRole('status').filter({ hasText: 'Which way forward?' });
    await region.waitFor({ state: 'attached' });
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.textContent()).toBe('Which way forward?: no votes yet.');

    const chart = screen.getByRole('table', { name: 'Votes per option' });
    await chart.evaluate((element) => {
      const drawn: string[] = [];
      new MutationObserver(() => drawn.push(element.textContent ?? '')).observe(element, { subtree: true, childList: true, characterData: true });
      (window as unknown as { drawn: typeof drawn }).drawn = drawn;
    });

    // Twelve ballots, paced so that the projector draws most of them one by one.
    for (const [index, phone] of phones.entries()) {
      await cast(phone, 'way', { optionId: index < 7 ? 'tram' : 'bike' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await chart.getByRole('row', { name: /^Trams/ }).getByText('58%').waitFor();
    await expect.poll(() => region.textContent(), { timeout: 20_000 }).toBe('Which way forward?: 12 votes. Most chosen: Trams, 58%.');

    const said = await screen.evaluate(() => (window as unknown as { said: { at: number; text: string }[] }).said);
    const drawn = new Set(await screen.evaluate(() => (window as unknown as { drawn: string[] }).drawn));
    // The chart followed the tallies one by one; the announcement said the standing far less often, and
    // never twice within 10 s.
    expect(drawn.size).toBeGreaterThanOrEqual(4);
    expect(said[0]?.text).toBe('Which way forward?: no votes yet.');
    expect(said.length).toBeLessThan(drawn.size);
    for (let index = 1; index < said.length; index++) expect(said[index]!.at - said[index - 1]!.at).toBeGreaterThanOrEqual(9_990);
    expect(pageErrors).toEqual([]);
  });
});

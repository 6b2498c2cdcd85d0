import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LiveView, QuestionResults, Roster, TallyUpdate } from '@pnyx/shared';
import { addQuestion, readQuestions } from '@pnyx/shared/session-doc';
import { LAPTOP, useChromium } from '../utils/browser.js';
import { connect, createSession, expectOk, followTallies, followViews, request, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { openModeratorDoc } from '../utils/moderator-doc.js';
import { joinAsModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The moderator console in real Chromium: tables set up, renamed and shown with their facilitator codes and
 * join links; a phone seated from its table link, moved and made facilitator; questions turned into a scale
 * (from a preset) and a multiple choice (with a maximum and an imported reference), as the server's copy of the
 * document shows; the projector's mode chosen; and the printable table sheets, without the secret codes.
 */

const fixture = useTestServer({ web: true });
const { server, sockets, docs } = fixture;
const { pageErrors, device } = useChromium();

async function moderatorPage(session: CreatedSession): Promise<Page> {
  const page = await device(LAPTOP);
  await page.goto(session.urls.moderate);
  await page.getByRole('heading', { level: 1, name: session.title }).waitFor();
  return page;
}

/** A moderator's socket beside the browser, to read what the server holds (roster, view). */
async function watcher(session: CreatedSession): Promise<{ socket: TestSocket; latestView: () => LiveView }> {
  const socket = await connect(server.url, sockets);
  const views = followViews(socket, [(await joinAsModerator(socket, session)).view]);
  return { socket, latestView: () => views.at(-1)! };
}

async function roster(socket: TestSocket): Promise<Roster> {
  return expectOk(await request(socket, 'roster:get', {})).roster;
}

function tablePanel(page: Page, name: string) {
  return page.getByRole('region', { name: 'Tables', exact: true }).getByRole('article', { name, exact: true });
}

function questionCard(page: Page, number: number) {
  return page.getByRole('article', { name: `Question ${number}`, exact: true });
}

describe('the moderator console', () => {
  it('sets up tables and seats people, edits question kinds and a reference, and chooses what the projector shows', { timeout: 120_000 }, async () => {
    const session = await createSession(server.url, 'Citizens on AI');
    const moderator = await moderatorPage(session);
    const { socket: moderatorSocket, latestView } = await watcher(session);

    // Three tables; the first one renamed.
    await moderator.getByLabel('Number of tables to add').fill('3');
    await moderator.getByRole('button', { name: 'Add tables' }).click();
    await tablePanel(moderator, 'Table 3').waitFor();
    await moderator.getByLabel('Name of table 1').fill('By the window');
    await moderator.getByLabel('Name of table 1').press('Tab');
    await tablePanel(moderator, 'By the window').waitFor();
    const tables = await roster(moderatorSocket);
    expect(tables.tables.map((table) => table.name)).toEqual(['By the window', 'Table 2', 'Table 3']);

    // Each table shows its facilitator code and its own join link (with its QR code).
    for (const table of tables.tables) {
      const panel = tablePanel(moderator, table.name);
      await panel.getByText(table.facilitatorCode, { exact: true }).waitFor();
      await panel.getByRole('img', { name: `QR code to join ${table.name}` }).waitFor();
      const href = await panel.getByRole('link').first().getAttribute('href');
      expect(href).toBe(`${server.url}/join/${session.code}?table=${table.id}`);
    }

    // A phone joins from table 2's link and gives a name: it appears under table 2.
    const { socket: phone } = await joinPhone(fixture, session.code, { tableId: 't2' });
    expectOk(await request(phone, 'participant:seat', { tableId: 't2', name: 'Ada' }));
    await tablePanel(moderator, 'Table 2').getByRole('list', { name: 'People at Table 2' }).getByText('Ada', { exact: true }).waitFor();

    // The moderator moves Ada to table 3 and makes her its facilitator; her phone is told.
    const meUpdates: { tableId: string | null; facilitator: boolean }[] = [];
    phone.on('me:update', (me) => meUpdates.push(me));
    await moderator.getByLabel('Move Ada to').selectOption({ label: 'Table 3' });
    await tablePanel(moderator, 'Table 3').getByText('Ada', { exact: true }).waitFor();
    await expect.poll(() => tablePanel(moderator, 'Table 2').getByText('Ada', { exact: true }).count()).toBe(0);
    await moderator.getByRole('button', { name: 'Make facilitator: Ada' }).click();
    await tablePanel(moderator, 'Table 3').getByText('Facilitator', { exact: true }).waitFor();
    await expect.poll(() => meUpdates.at(-1)).toMatchObject({ tableId: 't3', facilitator: true });
    const seated = (await roster(moderatorSocket)).tables.find((table) => table.id === 't3');
    expect(seated?.members).toMatchObject([{ name: 'Ada', facilitator: true, channel: 'onsite' }]);

    // Question 1 becomes a scale: a fresh scale gets agree/disagree points; a preset refills them; they stay editable.
    await moderator.getByRole('button', { name: 'Add question' }).click();
    await moderator.getByRole('button', { name: 'Add question' }).click();
    const first = questionCard(moderator, 1);
    await first.getByLabel('Question', { exact: true }).fill('How far do you trust AI with public services?');
    await first.getByLabel('Kind of question').selectOption({ label: 'Scale' });
    await expect.poll(() => first.getByRole('textbox', { name: 'Option 5', exact: true }).inputValue()).toBe('Strongly agree');
    await first.getByLabel('Fill the scale with').selectOption({ label: '1–7 as numbers' });
    await expect.poll(() => first.getByRole('textbox', { name: 'Option 7', exact: true }).inputValue()).toBe('7');
    await first.getByLabel('Fill the scale with').selectOption({ label: '1–5: Strongly disagree … Strongly agree' });
    await expect.poll(() => first.getByRole('textbox', { name: 'Option 6', exact: true }).count()).toBe(0);
    await first.getByRole('textbox', { name: 'Option 3', exact: true }).fill('Not sure');

    // Question 2: a multiple choice of at most 2 options.
    const second = questionCard(moderator, 2);
    await second.getByLabel('Question', { exact: true }).fill('Where should AI help first?');
    await second.getByLabel('Kind of question').selectOption({ label: 'Multiple choice' });
    await second.getByRole('textbox', { name: 'Option 1', exact: true }).fill('Health');
    await second.getByRole('textbox', { name: 'Option 2', exact: true }).fill('Transport');
    await second.getByRole('button', { name: 'Add option' }).click();
    await second.getByRole('textbox', { name: 'Option 3', exact: true }).fill('Schools');
    await second.getByLabel('Most choices per ballot').fill('2');
    await second.getByLabel('Most choices per ballot').press('Tab');

    // "Asks again" lists the other questions by their text; chosen, it links them in the document.
    const again = second.getByLabel('Asks again (before and after)');
    await again.selectOption({ label: 'Question 1: How far do you trust AI with public services?' });
    const doc = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(doc);
    await expect.poll(() => readQuestions(doc.doc)[1]?.comparesWith).toBe(readQuestions(doc.doc)[0]?.id);
    await again.selectOption({ label: 'No, a new question' });
    await expect.poll(() => readQuestions(doc.doc)[1]?.comparesWith).toBeNull();

    // A reference from CSV text: a wrong option is refused with the parser's message, then a good import.
    await second.getByText('Import CSV or JSON').click();
    const paste = second.getByLabel('Paste CSV or JSON');
    await paste.fill('option,share\nHealth,50\nSpace travel,10');
    await second.getByRole('button', { name: 'Import reference' }).click();
    await second.getByRole('alert').filter({ hasText: '"Space travel" is not one of the question\'s options.' }).waitFor();
    await paste.fill('option,share\nHealth,52%\nTransport,30\nschools,18');
    await second.getByRole('button', { name: 'Import reference' }).click();
    await second.getByRole('status').filter({ hasText: 'Imported shares for 3 of 3 options.' }).waitFor();
    await expect.poll(() => second.getByRole('spinbutton', { name: 'Reference share, per cent: Health' }).inputValue()).toBe('52');
    const label = 'Global results 2020, 5,000 citizens in 80 countries';
    await second.getByLabel('Reference label').fill(label);
    await second.getByLabel('Reference label').press('Tab');

    // The server's copy of the document (what opening a question reads) holds all of it.
    await expect
      .poll(() => {
        const [scale, multi] = readQuestions(doc.doc);
        return { scale, multi };
      })
      .toMatchObject({
        scale: {
          kind: 'scale',
          options: ['Strongly disagree', 'Disagree', 'Not sure', 'Agree', 'Strongly agree'].map((text) => ({ label: text })),
        },
        multi: { kind: 'multi', maxChoices: 2, reference: { label } },
      });
    const multi = readQuestions(doc.doc)[1]!;
    const [health, transport, schools] = multi.options.map((option) => option.id);
    expect(multi.reference?.shares).toEqual({ [health!]: 52, [transport!]: 30, [schools!]: 18 });

    // Opening question 2 puts it on the projector; "Room vs reference" is offered for it; "By table" is sent.
    await second.getByRole('button', { name: 'Open voting' }).click();
    await second.getByRole('button', { name: 'Close voting' }).waitFor();
    await expect.poll(() => latestView().screenQuestionId).toBe(multi.id);
    const shows = moderator.getByLabel('Projector shows');
    await expect.poll(() => shows.locator('option', { hasText: 'Room vs reference' }).count()).toBe(1);
    expect(await shows.locator('option', { hasText: 'Before and after' }).count()).toBe(0);
    await shows.selectOption({ label: 'By table' });
    await expect.poll(() => latestView().screen).toEqual({ mode: 'tables', tableId: null });
    await shows.selectOption({ label: 'One table' });
    await expect.poll(() => latestView().screen).toEqual({ mode: 'table', tableId: 't1' });
    await moderator.getByLabel('Table on the projector').selectOption({ label: 'Table 3' });
    await expect.poll(() => latestView().screen).toEqual({ mode: 'table', tableId: 't3' });

    // A moderator on a phone (the console as a remote) gets the same page without sideways scrolling.
    await moderator.setViewportSize({ width: 390, height: 800 });
    await expect.poll(() => moderator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The print route: one sheet per table, each with its QR code, and no facilitator code on any sheet.
    const sheets = await moderator.context().newPage();
    await sheets.goto(`${server.url}/moderate/${session.id}/tables`);
    await sheets.getByRole('heading', { level: 1, name: session.title }).waitFor();
    for (const table of tables.tables) {
      const sheet = sheets.getByRole('region', { name: table.name, exact: true });
      await sheet.getByRole('img', { name: `QR code to join ${table.name}` }).waitFor();
      expect(await sheet.innerText()).toContain(session.code);
    }
    expect(await sheets.getByRole('img', { name: /^QR code to join/ }).count()).toBe(3);
    const printed = await sheets.locator('main').innerText();
    for (const table of tables.tables) expect(printed).not.toContain(table.facilitatorCode);
    // The slips for the moderator, on request only.
    await sheets.getByLabel(/Add facilitator slips/).check();
    const slips = sheets.getByRole('region', { name: 'Facilitator slips' });
    for (const table of tables.tables) await slips.getByText(table.facilitatorCode, { exact: true }).waitFor();

    expect(pageErrors).toEqual([]);
  });

  it('moderates a word cloud and open answers, and enters a table\'s paper ballots', { timeout: 90_000 }, async () => {
    const session = await createSession(server.url, 'Open forum');
    const { socket: moderatorSocket } = await watcher(session);
    expectOk(await request(moderatorSocket, 'tables:add', { count: 2 }));

    // Three questions written as a co-moderator would, then opened.
    const doc = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(doc);
    addQuestion(doc.doc, 'qWords', [], { kind: 'wordcloud', text: 'One word for the internet you want' });
    addQuestion(doc.doc, 'qOpen', [], { kind: 'open', text: 'What should we ask the panel?' });
    addQuestion(doc.doc, 'qVote', ['oYes', 'oNo'], { text: 'Should platforms be audited?', labels: ['Yes', 'No'] });
    for (const questionId of ['qWords', 'qOpen', 'qVote']) {
      await expect.poll(async () => (await request(moderatorSocket, 'question:open', { questionId })).ok).toBe(true);
    }

    // The projector's feed, to see what the room gets.
    const screen = await connect(server.url, sockets);
    const audience = followTallies(screen, expectOk(await request(screen, 'screen:join', { code: session.code })).tally);
    const resultsOf = (questionId: string): QuestionResults | undefined =>
      audience.at(-1)?.results.find((result) => result.questionId === questionId);

    // Three phones answer.
    const answers = [
      { words: ['Trust'], text: '<b>Who</b> pays for moderation?' },
      { words: ['trust ', 'Jobs'], text: 'How do we keep it open?' },
      { words: ['Open'], text: 'Spam please' },
    ];
    for (const [index, answer] of answers.entries()) {
      const { socket: phone } = await joinPhone(fixture, session.code);
      expectOk(await request(phone, 'ballot:cast', { questionId: 'qWords', ballotId: `w${index}`, answer: { words: answer.words } }));
      expectOk(await request(phone, 'ballot:cast', { questionId: 'qOpen', ballotId: `a${index}`, answer: { text: answer.text } }));
    }

    const moderator = await moderatorPage(session);
    const words = moderator.getByRole('article', { name: 'Question 1', exact: true });
    await words.getByText('3 words on the projector; most given: trust (2)').waitFor();
    await words.getByRole('button', { name: 'Hide the word jobs' }).click();
    await words.getByRole('button', { name: 'Show the word jobs' }).waitFor();
    await expect.poll(() => resultsOf('qWords')?.room.words?.map((entry) => entry.word)).toEqual(['trust', 'open']);

    // Open answers wait; approved ones reach the projector, hidden ones never; attendee text stays text.
    const open = moderator.getByRole('article', { name: 'Question 2', exact: true });
    await open.getByRole('heading', { name: 'Answers: 3 waiting for approval' }).waitFor();
    await open.getByText('<b>Who</b> pays for moderation?', { exact: true }).waitFor();
    expect(await open.locator('b').count()).toBe(0);
    await open.getByRole('button', { name: 'Approve answer 1' }).click();
    await open.getByRole('button', { name: 'Hide answer 3' }).click();
    await open.getByRole('heading', { name: 'Answers: 1 waiting for approval' }).waitFor();
    await expect.poll(() => resultsOf('qOpen')?.room.answers?.map((answer) => answer.text)).toEqual(['<b>Who</b> pays for moderation?']);

    // Paper ballots of table 2 for the yes/no question count in the room and in the channel "paper".
    const vote = moderator.getByRole('article', { name: 'Question 3', exact: true });
    await vote.getByLabel('Paper ballots of table').selectOption({ label: 'Table 2' });
    await vote.getByText('Enter paper ballots for Table 2').click();
    await vote.getByLabel('Yes', { exact: true }).fill('5');
    await vote.getByLabel('No', { exact: true }).fill('2');
    await vote.getByRole('button', { name: 'Save paper ballots' }).click();
    await vote.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await vote.getByText('0 of 3 voted, and 7 on paper').waitFor();
    await expect.poll(() => resultsOf('qVote')?.byChannel.paper).toMatchObject({ voters: 7, counts: { oYes: 5, oNo: 2 } });
    expect(resultsOf('qVote')?.byTable.find((table) => table.tableId === 't2')?.tally.voters).toBe(7);

    expect(pageErrors).toEqual([]);
  });
});

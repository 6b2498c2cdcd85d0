import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { connect, createSession, expectOk, request, type CreatedSession } from '../utils/clients.js';
import { openModeratorDoc, untilAgendaSynced, writePhase, writeQuestion } from '../utils/moderator-doc.js';
import { joinAsModerator } from '../utils/rooms.js';
import { useServerProcesses, type ServerProcess } from '../utils/server-process.js';

/**
 * pnyx on the networks of real venues, in real Chromium against `node server/dist/main.js` on the embedded
 * store (as `npm start` runs it): a server killed in the middle of a timed vote and started again, and a
 * network that lets no WebSocket through. The pages are read as a screen reader would, by role and name.
 */

// Registered before the server processes, so it runs after they are killed (after-hooks run in reverse).
const dataDirs: string[] = [];
afterEach(async () => {
  for (const dir of dataDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const { pageErrors, device } = useChromium();
const { sockets, docs, start } = useServerProcesses();

const TITLE = 'Riverside town meeting';
const QUESTION = 'Should the riverbank be car-free?';
const VOTE_PHASE = 'Vote on the riverbank';
const TALK_PHASE = 'Talk it over at your table';

/** A server process on a data directory of its own, removed after the test. */
async function startServer(): Promise<ServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'pnyx-bad-networks-'));
  dataDirs.push(dir);
  return start({ DATA_DIR: dir });
}

/**
 * A session whose agenda is a ten-minute vote on one question and a talk at the tables, with two tables;
 * the moderator (Socket.IO and Yjs from Node) has started the vote and its timer.
 */
async function votingRoom(server: ServerProcess) {
  const session = await createSession(server.url, TITLE);
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  const { questionId, optionIds } = writeQuestion(editor.doc, QUESTION, ['Yes', 'No']);
  writePhase(editor.doc, { kind: 'vote', title: VOTE_PHASE, text: '', durationMs: 10 * 60_000, questionIds: [questionId] });
  writePhase(editor.doc, { kind: 'discussion', title: TALK_PHASE, text: 'What would change for you?', durationMs: 15 * 60_000 });
  const moderator = await connect(server.url, sockets);
  await joinAsModerator(moderator, session);
  expectOk(await request(moderator, 'tables:add', { count: 2 }));
  expectOk(await untilAgendaSynced(() => request(moderator, 'phase:go', { to: 'next' })));
  expectOk(await request(moderator, 'timer:control', { action: 'start' }));
  const [yes] = optionIds as [string, string];
  return { session, editor, moderator, questionId, yes };
}

/**
 * The "Reconnecting…" or "Live" line every page keeps, as a screen reader finds it (the projector's is out of
 * the room's sight while live, and still there to be read).
 */
function connectionLine(page: Page, text: 'Reconnecting…' | 'Live') {
  return page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) });
}

/** The seconds a countdown shows ("09:58" is 598). */
async function secondsShown(scope: Page | Locator): Promise<number> {
  const reading = await scope.getByRole('timer', { name: 'Time left' }).innerText();
  return reading.split(':').reduce((seconds, part) => seconds * 60 + Number(part), 0);
}

/** The cells of one option's row on the projector: [votes, percent]. */
function projectedCells(projector: Page, label: string): Promise<string[]> {
  return projector.getByRole('table', { name: 'Votes per option' }).getByRole('row', { name: label }).getByRole('cell').allInnerTexts();
}

/** Opens the session's phone page, gives a name and sits at Table 1. */
async function sitDown(phone: Page, session: CreatedSession, name: string): Promise<void> {
  await phone.goto(session.urls.join);
  await phone.getByRole('heading', { name: 'Which table are you at?' }).waitFor();
  await phone.getByLabel('Your name (optional)').fill(name);
  await phone.getByRole('group', { name: 'Which table are you at?' }).getByRole('button', { name: 'Table 1' }).click();
  await phone.getByRole('region', { name: 'Your table' }).getByText('Table 1', { exact: true }).waitFor();
}

/** Votes on the phone and waits until the server has acknowledged it. */
async function vote(phone: Page, label: string): Promise<void> {
  const card = phone.getByRole('region', { name: QUESTION });
  await card.getByRole('button', { name: label }).click();
  await card.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
}

/**
 * Lets no WebSocket out of the page's browser context, as some venue networks do: each attempt is closed at
 * once and counted here.
 */
async function blockWebSockets(page: Page): Promise<{ attempts: string[] }> {
  const blocked = { attempts: [] as string[] };
  await page.context().routeWebSocket(/.*/, (socket) => {
    blocked.attempts.push(socket.url());
    void socket.close();
  });
  return blocked;
}

/**
 * What the page sent and received over Engine.IO's long polling: the bodies of its polling POSTs, and of the
 * answers to its polling GETs.
 */
function pollingTraffic(page: Page): { sent: string[]; received: Promise<string>[] } {
  const traffic = { sent: [] as string[], received: [] as Promise<string>[] };
  const isPolling = (url: string) => url.includes('/socket.io/?EIO=4&transport=polling');
  page.on('request', (req) => {
    if (isPolling(req.url()) && req.method() === 'POST') traffic.sent.push(req.postData() ?? '');
  });
  page.on('response', (response) => {
    if (isPolling(response.url()) && response.request().method() === 'GET') traffic.received.push(response.text().catch(() => ''));
  });
  return traffic;
}

describe('a server restart in the middle of a timed vote', () => {
  it('the phone, the projector and the console say they are reconnecting and come back by themselves', { timeout: 120_000 }, async () => {
    const server = await startServer();
    const { session, editor, moderator, questionId, yes } = await votingRoom(server);

    const moderatorConsole = await device(LAPTOP);
    await moderatorConsole.goto(session.urls.moderate);
    await moderatorConsole.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const projector = await device(PROJECTOR);
    await projector.goto(session.urls.screen);
    await projector.getByRole('heading', { level: 1, name: VOTE_PHASE }).waitFor();
    const phone = await device(PHONE);
    await sitDown(phone, session, 'Ana');
    await vote(phone, 'Yes');
    await expect.poll(() => projectedCells(projector, 'Yes')).toEqual(['1', '100%']);
    await moderatorConsole.getByText('1 of 1 voted').waitFor();

    const before = await joinAsModerator(moderator, session);
    const endsAt = before.view.timer?.endsAt;
    if (typeof endsAt !== 'number') throw new Error('the vote phase’s timer is not running');
    const { roster } = expectOk(await request(moderator, 'roster:get', {}));
    const [ana] = roster.tables[0]!.members;
    expect(ana).toMatchObject({ name: 'Ana' });

    editor.close();
    await server.kill();
    for (const page of [phone, projector, moderatorConsole]) await connectionLine(page, 'Reconnecting…').waitFor();
    // The room still sees the time run out while the server is away.
    const whileAway = await secondsShown(projector);
    await expect.poll(() => secondsShown(projector)).toBeLessThan(whileAway);

    // Same port and data directory; nobody touches the pages.
    await server.start();
    for (const page of [phone, projector, moderatorConsole]) await connectionLine(page, 'Live').waitFor({ state: 'attached', timeout: 20_000 });
    // Back to normal, the room no longer sees the projector's line: no wider than its one-pixel clip.
    expect((await connectionLine(projector, 'Live').boundingBox())?.width).toBeLessThanOrEqual(1);
    await moderatorConsole.getByRole('status').filter({ hasText: 'Agenda and questions are saved as you type.' }).waitFor({ timeout: 20_000 });

    // The phone is the same participant: still Ana at Table 1, its ballot still marked as received.
    const seat = phone.getByRole('region', { name: 'Your table' });
    await seat.getByText('Table 1', { exact: true }).waitFor();
    await seat.getByRole('button', { name: 'Change table' }).click();
    expect(await phone.getByLabel('Your name (optional)').inputValue()).toBe('Ana');
    await phone.getByRole('button', { name: 'Cancel' }).click();
    const card = phone.getByRole('region', { name: QUESTION });
    await card.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    expect(await card.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');

    // The same phase everywhere.
    await phone.getByRole('heading', { level: 2, name: VOTE_PHASE }).waitFor();
    await projector.getByRole('heading', { level: 1, name: VOTE_PHASE }).waitFor();
    const flow = moderatorConsole.getByRole('region', { name: /^Now: phase/ });
    await flow.getByText(VOTE_PHASE, { exact: true }).waitFor();
    await flow.getByText('1 connected').waitFor();

    // The server counts one participant and one ballot, and the console lists Ana once.
    const again = await connect(server.url, sockets);
    const after = await joinAsModerator(again, session);
    expect(after.view.phase?.title).toBe(VOTE_PHASE);
    expect(after.view.timer?.endsAt).toBe(endsAt);
    expect(after.tally.participants).toBe(1);
    expect(after.tally.results.find((result) => result.questionId === questionId)?.room).toMatchObject({ voters: 1, counts: { [yes]: 1 } });
    const { roster: rosterAfter } = expectOk(await request(again, 'roster:get', {}));
    expect(rosterAfter.tables[0]!.members).toEqual([ana]);
    expect(rosterAfter.unseated).toEqual([]);
    await moderatorConsole.getByText('1 of 1 voted').waitFor();
    await expect.poll(() => moderatorConsole.getByRole('list', { name: 'People at Table 1' }).getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Ana'),
    ]);
    await expect.poll(() => projectedCells(projector, 'Yes')).toEqual(['1', '100%']);

    // The countdown shows the server's second: the timer ran on while the server was down. This machine's
    // clock is the server's, so the expected time left is read from it.
    const readFrom = Date.now();
    const shown = await Promise.all([secondsShown(projector), secondsShown(phone), secondsShown(flow)]);
    const readUntil = Date.now();
    const earliest = Math.ceil((endsAt - readUntil) / 1000);
    const latest = Math.ceil((endsAt - readFrom) / 1000);
    for (const seconds of shown) {
      expect(seconds).toBeGreaterThanOrEqual(earliest - 1);
      expect(seconds).toBeLessThanOrEqual(latest + 1);
    }
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });
});

describe('a venue network that blocks WebSockets', () => {
  it('a phone joins, votes and follows the next phase over long polling alone', { timeout: 90_000 }, async () => {
    const server = await startServer();
    const { session, moderator, questionId, yes } = await votingRoom(server);

    const phone = await device(PHONE);
    const blocked = await blockWebSockets(phone);
    const traffic = pollingTraffic(phone);
    await sitDown(phone, session, 'Ben');
    await vote(phone, 'Yes');
    expect(await phone.getByRole('region', { name: QUESTION }).getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');

    expectOk(await untilAgendaSynced(() => request(moderator, 'phase:go', { to: 'next' })));
    await phone.getByRole('heading', { level: 2, name: TALK_PHASE }).waitFor();
    await phone.getByText('What would change for you?').waitFor();
    await connectionLine(phone, 'Live').waitFor();

    // It was polling: the page tried WebSockets and every try was refused, its ballot left in a polling
    // POST and the phase change came back in a polling answer.
    expect(blocked.attempts.filter((url) => url.includes('/socket.io/')).length).toBeGreaterThan(0);
    // A join on its way when the vote is cast (the one after sitting down) sends it again: same ballot id.
    const ballotIds = traffic.sent.flatMap((body) => [...body.matchAll(/"ballot:cast",\{.*?"ballotId":"([^"]+)"/g)].map(([, id]) => id));
    expect(ballotIds.length).toBeGreaterThan(0);
    expect(new Set(ballotIds).size).toBe(1);
    const received = await Promise.all(traffic.received);
    expect(received.some((body) => body.includes('"view:update"') && body.includes(TALK_PHASE))).toBe(true);

    const { tally } = await joinAsModerator(moderator, session);
    expect(tally.participants).toBe(1);
    expect(tally.results.find((result) => result.questionId === questionId)?.room).toMatchObject({ voters: 1, counts: { [yes]: 1 } });
    expect(pageErrors).toEqual([]);
  });

  it('the projector shows the vote as it comes in and follows the next phase over long polling alone', { timeout: 90_000 }, async () => {
    const server = await startServer();
    const { session, moderator, questionId, yes } = await votingRoom(server);

    const projector = await device(PROJECTOR);
    const blocked = await blockWebSockets(projector);
    const traffic = pollingTraffic(projector);
    await projector.goto(session.urls.screen);
    await projector.getByRole('heading', { level: 1, name: VOTE_PHASE }).waitFor();
    await expect.poll(() => projectedCells(projector, 'Yes')).toEqual(['0', '0%']);

    const phone = await connect(server.url, sockets);
    expectOk(await request(phone, 'session:join', { code: session.code }));
    expectOk(await request(phone, 'ballot:cast', { questionId, answer: { optionId: yes }, ballotId: 'from-the-room' }));
    await expect.poll(() => projectedCells(projector, 'Yes')).toEqual(['1', '100%']);

    expectOk(await untilAgendaSynced(() => request(moderator, 'phase:go', { to: 'next' })));
    await projector.getByRole('heading', { level: 1, name: TALK_PHASE }).waitFor();
    await connectionLine(projector, 'Live').waitFor({ state: 'attached' });

    expect(blocked.attempts.filter((url) => url.includes('/socket.io/')).length).toBeGreaterThan(0);
    expect(traffic.sent.some((body) => body.includes('"screen:join"'))).toBe(true);
    const received = await Promise.all(traffic.received);
    expect(received.some((body) => body.includes('"tally:update"'))).toBe(true);
    expect(received.some((body) => body.includes('"view:update"') && body.includes(TALK_PHASE))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('the console runs the session over long polling and says why the agenda editor cannot connect', { timeout: 90_000 }, async () => {
    const server = await startServer();
    const { session } = await votingRoom(server);

    const moderatorPage = await device(LAPTOP);
    const blocked = await blockWebSockets(moderatorPage);
    await moderatorPage.goto(session.urls.moderate);
    await moderatorPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await connectionLine(moderatorPage, 'Live').waitFor();
    await moderatorPage.getByRole('status').filter({ hasText: 'This network seems to block WebSockets' }).waitFor({ timeout: 30_000 });
    // Driving the session does not need the editor: the next phase goes over long polling.
    await moderatorPage.getByRole('button', { name: 'Next phase' }).click();
    await moderatorPage.getByRole('heading', { name: /Now: phase 2 of 2/ }).waitFor();
    await moderatorPage.getByText(TALK_PHASE).first().waitFor();
    expect(blocked.attempts.filter((url) => url.includes('/yjs/')).length).toBeGreaterThan(3);
    expect(pageErrors).toEqual([]);
  });
});

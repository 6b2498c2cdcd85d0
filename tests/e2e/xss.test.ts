import { expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { CONTRIBUTION_KINDS, CONTRIBUTION_LIMITS, normaliseWord, QUESTION_LIMITS, TABLE_LIMITS } from '@pnyx/shared';
import { addQuestion } from '@pnyx/shared/session-doc';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { createSession, expectOk, request } from '../utils/clients.js';
import { untilAgendaSynced } from '../utils/moderator-doc.js';
import { joinPhone, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Fifty script injections written by attendees, as names, contributions and word cloud answers, reach the
 * moderator console, the projector and a phone through the real server, and none runs: no dialog, no call
 * of the function the payloads call (`__xss`), no `window.__pwned`, no element they describe. Each is shown
 * literally, as text. And no page reports a Content-Security-Policy violation: one
 * would mean a payload became markup (its inline handler blocked by the policy), or that the policy blocks
 * something pnyx itself needs (WebSockets, QR codes, styles): every page is loaded once for that alone.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

/** Participant names: at most 40 characters, one line. */
const NAMES = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '"><img src=x onerror=__xss(4)>',
  "'><svg/onload=__xss(5)>",
  'javascript:__xss(6)',
  "{@html '<img src=x onerror=__xss(7)>'}",
  '</textarea><script>__xss(8)</script>',
  '<iframe src=javascript:__xss(9)>',
  '\\u003cimg src=x onerror=__xss(10)\\u003e',
  '<body onload=alert(11)>',
  '<details open ontoggle=__xss(12)>',
  '${alert(13)}',
  '{{$on.constructor("alert(14)")()}}',
  '<a href="javascript:alert(15)">me</a>',
];

/** Contributions: up to 500 characters. */
const CONTRIBUTIONS = [
  '<script>window.__pwned=16</script>',
  '<img src=x onerror="window.__pwned=17;__xss(17)">',
  '<svg><script>__xss(18)</script></svg>',
  '"><script>__xss(19)</script>',
  `'"><img src=x onerror=alert(20)>`,
  '</textarea><img src=x onerror=__xss(21)>',
  '</title><script>__xss(22)</script>',
  '</style><script>__xss(23)</script>',
  '<iframe srcdoc="<script>parent.__xss(24)</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(25)>',
  '<object data="javascript:__xss(26)"></object>',
  '<embed src="javascript:__xss(27)">',
  '<input autofocus onfocus=__xss(28)>',
  '<video><source onerror=__xss(29)></video>',
  '<marquee onstart=__xss(30)>pnyx</marquee>',
  '{@html "<img src=x onerror=__xss(31)>"}',
  '<!--<img src="--><img src=x onerror=__xss(32)//">',
  '<base href="javascript:__xss(33)//"><a href="/">home</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(34)">',
  '<form action="javascript:__xss(35)"><button autofocus>go</button></form>',
];

/**
 * Word cloud entries: at most 40 characters, and the cloud counts an entry by its normalised spelling
 * (lower case, punctuation around it dropped), so these start and end with letters to arrive whole. The
 * full-width one normalises into real angle brackets.
 */
const WORDS = [
  'a<script>__xss(36)</script>b',
  'a<img src=x onerror=__xss(37)>b',
  'a<svg onload=__xss(38)>b',
  'a"><img src=x onerror=__xss(39)>b',
  'javascript:alert(40)//a',
  'a</textarea><svg onload=alert(41)>b',
  "a{@html '<b onclick=__xss(42)>'}b",
  'a\\u003csvg onload=__xss(43)\\u003eb',
  'a<details open ontoggle=__xss(44)>b',
  "a'><svg/onload=__xss(45)>b",
  'a<body onload=__xss(46)>b',
  'a<iframe src=javascript:__xss(47)>b',
  'a<input autofocus onfocus=__xss(48)>b',
  'a${__xss(49)}b',
  'ａ＜img src=x onerror=__xss(50)＞ｂ',
];

/** What one page saw: dialogs, calls of `__xss`, and the WebSockets that carried frames to it. */
interface Watched {
  page: Page;
  dialogs: string[];
  calls: unknown[];
  webSockets: Set<string>;
}

/** A device whose page reports every way a payload could show that it ran, set up before it loads. */
async function watchedDevice(options: BrowserContextOptions): Promise<Watched> {
  const page = await device(options);
  const watched: Watched = { page, dialogs: [], calls: [], webSockets: new Set() };
  page.on('websocket', (socket) => socket.on('framereceived', () => watched.webSockets.add(new URL(socket.url()).pathname)));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.context().exposeBinding('__xss', (_source, marker: unknown) => void watched.calls.push(marker));
  await page.context().addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`),
    );
  });
  return watched;
}

async function expectNothingRan({ page, dialogs, calls }: Watched): Promise<void> {
  expect(dialogs, page.url()).toEqual([]);
  expect(calls, page.url()).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // Svelte attaches its handlers with addEventListener: an on* attribute could only come from a payload.
  expect(await page.locator('[onerror], [onload], [onfocus], [ontoggle], [onstart], [onclick], iframe, object, embed').count(), page.url()).toBe(0);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations, page.url()).toEqual([]);
}

it('the policy blocks markup that slips into a page, and the watch sees what runs', async () => {
  // The canary for the watch below: an inline handler forced into the DOM is blocked, and seen.
  const session = await createSession(server.url, 'Canary');
  const canary = await watchedDevice(LAPTOP);
  await canary.page.goto(session.urls.screen);
  await canary.page.getByRole('heading', { level: 1, name: 'Canary' }).waitFor();
  await canary.page.evaluate(() => {
    const box = document.createElement('div');
    box.innerHTML = '<img src="data:," onerror="__xss(0)">';
    document.body.append(box);
  });
  await expect
    .poll(() => canary.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))
    .toEqual([expect.stringMatching(/^script-src-attr blocked inline/)]);
  expect(canary.calls).toEqual([]);
  // Script that does run (here the test's own) is seen calling the binding and opening a dialog.
  await canary.page.evaluate(() => {
    (window as unknown as { __xss: (marker: number) => void }).__xss(0);
    alert('canary');
  });
  await expect.poll(() => canary.calls).toEqual([0]);
  expect(canary.dialogs).toEqual(['canary']);
});

it('every page loads and draws under the policy without a violation', async () => {
  const room = await roomWithTables(fixture, 2, { title: 'Every page' });
  const { session } = room;
  const token = `#token=${session.moderatorToken}`;
  const pages: [string, string][] = [
    [`${server.url}/`, 'Create a session'],
    [`${server.url}/join`, 'Join a session'],
    [session.urls.join, 'Every page'],
    [session.urls.moderate, 'Every page'],
    // The print sheets draw a QR code per table.
    [`${server.url}/moderate/${session.id}/tables${token}`, 'Every page'],
    [session.urls.screen, 'Every page'],
  ];
  for (const [url, heading] of pages) {
    const watched = await watchedDevice(LAPTOP);
    await watched.page.goto(url);
    await watched.page.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (url.includes('/tables')) expect(await watched.page.getByRole('img', { name: /^QR code to join/ }).count()).toBe(2);
    await expectNothingRan(watched);
  }

  // Creating a session posts to the API and draws the join QR code.
  const home = await watchedDevice(LAPTOP);
  await home.page.goto(`${server.url}/`);
  await home.page.getByLabel('Session title').fill('Made under the policy');
  await home.page.getByRole('button', { name: 'Create session' }).click();
  await home.page.getByRole('heading', { level: 1, name: 'Made under the policy' }).waitFor();
  await home.page.getByRole('img', { name: /^QR code to join session/ }).waitFor();
  await expectNothingRan(home);
  expect(pageErrors).toEqual([]);
});

it('fifty payloads as names, contributions and words run nowhere and show as text', { timeout: 180_000 }, async () => {
  for (const name of NAMES) expect(name.length, name).toBeLessThanOrEqual(TABLE_LIMITS.participantNameMaxLength);
  for (const text of CONTRIBUTIONS) expect(text.length, text).toBeLessThanOrEqual(CONTRIBUTION_LIMITS.textMaxLength);
  for (const word of WORDS) expect(word.length, word).toBeLessThanOrEqual(QUESTION_LIMITS.wordMaxLength);
  expect(new Set([...NAMES, ...CONTRIBUTIONS, ...WORDS]).size).toBe(50);
  const shownWords = WORDS.map(normaliseWord);
  // Apart from the full-width one, every entry arrives exactly as written.
  expect(shownWords.filter((word, index) => word !== WORDS[index])).toEqual(['a<img src=x onerror=__xss(50)>b']);

  const room = await roomWithTables(fixture, 3, { title: 'Open town hall', names: ['North', 'Centre', 'South'] });
  const { session, moderator } = room;
  addQuestion(room.doc.doc, 'qWords', [], { kind: 'wordcloud', text: 'One word for this town' });

  const [moderatorConsole, projector, phone] = await Promise.all([watchedDevice(LAPTOP), watchedDevice(PROJECTOR), watchedDevice(PHONE)]);
  await Promise.all([
    moderatorConsole.page.goto(session.urls.moderate),
    projector.page.goto(session.urls.screen),
    phone.page.goto(session.urls.join),
  ]);
  await moderatorConsole.page.getByRole('heading', { level: 1, name: 'Open town hall' }).waitFor();
  await projector.page.getByRole('heading', { level: 1, name: 'Open town hall' }).waitFor();

  // Fifteen attendees, each named with a payload, sit at the three tables.
  const tableIds = room.roster.tables.map((table) => table.id);
  const attendees = [];
  for (const [index, name] of NAMES.entries()) {
    const tableId = tableIds[index % tableIds.length]!;
    const { socket } = await joinPhone(fixture, session.code, { tableId });
    expectOk(await request(socket, 'participant:seat', { tableId, name }));
    attendees.push(socket);
  }

  // Each gives one word to the open word cloud.
  expect((await untilAgendaSynced(() => request(moderator, 'question:open', { questionId: 'qWords' }))).ok).toBe(true);
  for (const [index, word] of WORDS.entries()) {
    expectOk(await request(attendees[index]!, 'ballot:cast', { questionId: 'qWords', ballotId: `w${index}`, answer: { words: [word] } }));
  }

  // Twenty contributions, stored as written.
  for (const [index, text] of CONTRIBUTIONS.entries()) {
    const kind = CONTRIBUTION_KINDS[index % CONTRIBUTION_KINDS.length]!;
    const { contribution } = expectOk(await request(attendees[index % attendees.length]!, 'contribution:post', { kind, text }));
    expect(contribution.text).toBe(text);
  }

  // The console: every name in the tables, every word in the word moderation.
  const consolePage = moderatorConsole.page;
  const tablesRegion = consolePage.getByRole('region', { name: 'Tables', exact: true });
  for (const name of NAMES) await tablesRegion.getByText(name, { exact: true }).waitFor();
  const wordList = consolePage.getByRole('article', { name: 'Question 1', exact: true }).getByRole('region', { name: `Words (${WORDS.length})` });
  for (const word of shownWords) await wordList.getByText(word, { exact: true }).waitFor();

  // The moderation queue: each approved by its own button, named after the text.
  const queue = consolePage.getByRole('list', { name: 'Waiting for approval' });
  await expect.poll(() => queue.getByRole('listitem').count()).toBe(CONTRIBUTIONS.length);
  for (const text of CONTRIBUTIONS) {
    await queue.getByText(text, { exact: true }).waitFor();
    await queue.getByRole('button', { name: `Approve: ${text}`, exact: true }).click();
  }
  const shown = consolePage.getByRole('list', { name: 'Shown to the room' });
  await expect.poll(() => shown.getByRole('listitem').count()).toBe(CONTRIBUTIONS.length);
  // Bylines name the authors, payloads again.
  const shownText = await shown.innerText();
  for (const name of NAMES) expect(shownText).toContain(name);

  // The projector: the word cloud, then each contribution in the spotlight in turn.
  const screen = projector.page;
  const cloud = screen.getByRole('list', { name: 'Words, most frequent first' });
  // Each entry reads "<word>: <count>" (the count for screen readers).
  await expect
    .poll(async () => (await cloud.getByRole('listitem').allInnerTexts()).map((item) => item.replace(/\s*: 1$/, '')).sort())
    .toEqual([...shownWords].sort());

  await consolePage.getByRole('button', { name: 'Show contributions on the projector' }).click();
  const spotlight = screen.getByRole('figure').getByRole('blockquote');
  for (const text of CONTRIBUTIONS) {
    await shown.getByRole('button', { name: `Spotlight: ${text}`, exact: true }).click();
    await expect.poll(() => spotlight.innerText()).toBe(text);
  }
  await consolePage.getByRole('button', { name: 'End the spotlight' }).click();
  const top = screen.getByRole('region', { name: 'Contributions' }).getByRole('listitem');
  await expect.poll(() => top.count()).toBe(5);
  for (const item of await top.allInnerTexts()) expect(CONTRIBUTIONS.some((text) => item.includes(text)), item).toBe(true);

  // A phone lists the room's contributions too.
  const board = phone.page.getByRole('list', { name: 'Contributions of the room' });
  await phone.page.getByText(`Contributions (${CONTRIBUTIONS.length})`, { exact: true }).click();
  for (const text of CONTRIBUTIONS) await board.getByText(text, { exact: true }).waitFor();

  for (const watched of [moderatorConsole, projector, phone]) await expectNothingRan(watched);
  // The policy's connect-src 'self' lets WebSockets to the same host through: Socket.IO on every page, Yjs on the console.
  expect([...moderatorConsole.webSockets].sort()).toEqual(['/socket.io/', `/yjs/${session.id}`]);
  expect([...projector.webSockets]).toEqual(['/socket.io/']);
  expect([...phone.webSockets]).toEqual(['/socket.io/']);
  expect(pageErrors).toEqual([]);
});

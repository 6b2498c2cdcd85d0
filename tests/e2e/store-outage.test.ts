import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PHONE, useChromium } from '../utils/browser.js';
import { connect, createSession, expectOk, followTallies, request } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writeQuestion } from '../utils/moderator-doc.js';
import { useRedisServer } from '../utils/redis-server.js';
import { useServerProcesses } from '../utils/server-process.js';

/**
 * A real phone in Chromium keeps its vote through a Redis outage: two server processes share one real Redis,
 * the phone votes on B while Redis is down, sees that the vote is not stored yet, and once Redis is back
 * sees it received without touching anything; the moderator on A counts it once.
 */

const redis = useRedisServer();
const { pageErrors, device } = useChromium();
const { sockets, docs, start } = useServerProcesses();

/**
 * How many times the store's refusal reached the page over its WebSocket: proof that the page was answered
 * `store_unavailable` and sent again, rather than merely waiting on a slow answer.
 */
function storeRefusalsSeenBy(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (String(payload).includes('"store_unavailable"')) seen.count++;
    }),
  );
  return seen;
}

/** The line under a ballot that tells the attendee where their vote is. */
const statusOf = (card: Locator): Locator => card.getByRole('status');

describe('a Redis outage seen from a real phone', () => {
  it('keeps the vote while Redis is down, sends it once Redis is back, and it is counted once', { timeout: 60_000 }, async () => {
    const [a, b] = await Promise.all([start({ REDIS_URL: redis.url }), start({ REDIS_URL: redis.url })]);

    // The moderator on A writes and opens one question.
    const session = await createSession(a.url, 'Library consultation');
    const editor = await openModeratorDoc(a.url, session.id, session.moderatorToken);
    docs.push(editor);
    const moderator = await connect(a.url, sockets);
    expectOk(await request(moderator, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    const tallies = followTallies(moderator);
    const { questionId, optionIds } = writeQuestion(editor.doc, 'Should the library open on Sundays?', ['Yes', 'No']);
    const [yes, no] = optionIds as [string, string];
    expectOk(await untilAgendaSynced(() => request(moderator, 'question:open', { questionId })));

    // The browser phone joins on B and sees the question.
    const page = await device(PHONE);
    const refusals = storeRefusalsSeenBy(page);
    await page.goto(`${b.url}/join/${session.code}`);
    const card = page.getByRole('region', { name: 'Should the library open on Sundays?' });
    await statusOf(card).filter({ hasText: 'Tap an option to vote' }).waitFor();

    // Another phone on A votes while all is well.
    const other = await connect(a.url, sockets);
    expectOk(await request(other, 'session:join', { code: session.code }));
    expectOk(await request(other, 'ballot:cast', { questionId, answer: { optionId: yes }, ballotId: 'before-the-outage' }));

    await redis.stop();
    await card.getByRole('button', { name: 'No' }).click();
    // The page keeps the choice and says it is not stored yet, through a first refusal and the retry after
    // it; at no moment does it claim the vote was received.
    await eventually(async () => {
      expect(['Sending…', 'Not stored yet: it will be sent again']).toContain(await statusOf(card).innerText());
      return refusals.count >= 2;
    }, 'the page to be refused twice while Redis is down', 20_000);
    expect(await statusOf(card).innerText()).toBe('Not stored yet: it will be sent again');
    expect(await card.getByRole('button', { name: 'No' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Live', { exact: true }).waitFor();

    // Redis is back: the page's own retry stores the vote, with no tap.
    await redis.start();
    await statusOf(card).filter({ hasText: 'Vote received' }).waitFor({ timeout: 20_000 });
    expect(await card.getByRole('button', { name: 'No' }).getAttribute('aria-pressed')).toBe('true');

    await expect.poll(() => tallies.at(-1)?.results.find((tally) => tally.questionId === questionId)?.room.voters).toBe(2);
    const watcher = await connect(a.url, sockets);
    const { tally } = expectOk(await request(watcher, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    expect(tally.participants).toBe(2);
    expect(tally.results.find((result) => result.questionId === questionId)?.room).toMatchObject({ voters: 2, counts: { [yes]: 1, [no]: 1 } });
    expect(pageErrors).toEqual([]);
  });
});

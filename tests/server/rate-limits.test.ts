import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { YJS_CLOSE, YJS_PATH, yjsSubprotocols } from '@pnyx/shared';
import { clientAddress, limitKey } from '@pnyx/server/limits/client-address';
import { DEFAULT_RATE_LIMITS, rateLimitsScaled, type RateLimits } from '@pnyx/server/limits/rate-limits';
import { KeyedRateLimiter, TokenBucket } from '@pnyx/server/limits/token-bucket';
import { connect, createSession, expectOk, request, requestRaw } from '../utils/clients.js';
import { connectModerator, joinPhone, openQuestion, resultsOf, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

describe('token buckets', () => {
  it('give a burst, then a token per 1/rate seconds, and say how long to wait', () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(500);
    // A refusal takes nothing: the wait shrinks with time, not with retries.
    expect(bucket.take(100)).toBe(400);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(500)).toBe(500);
    expect(bucket.isFull(2_000)).toBe(true);
  });

  it('are kept per key only while a key used part of its burst', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter({ burst: 2, perSecond: 1 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a') > 0]).toEqual([0, 0, true]);
    expect(limiter.take('b')).toBe(0);
    expect(limiter.peek('a')).toBeGreaterThan(0);
    expect(limiter.peek('never-seen')).toBe(0);
    for (let key = 0; key < 5_000; key++) limiter.take(`k${key}`);
    now = 10_000;
    for (let call = 0; call < 4_096; call++) limiter.take('c');
    // The sweep dropped every bucket that had refilled; only the busy one is left.
    expect(limiter.size).toBeLessThan(10);
  });
});

describe('client addresses', () => {
  it('believe X-Forwarded-For only as far as the trusted proxies go', () => {
    expect(clientAddress('10.0.0.9', '203.0.113.7', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', '203.0.113.7', 1)).toBe('203.0.113.7');
    // A client's own header comes first; the proxy appends what it saw.
    expect(clientAddress('10.0.0.9', '1.2.3.4, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.9', ['1.2.3.4', '203.0.113.7'], 2)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });

  it('count an IPv6 /64 as one client and IPv4 written as IPv6 as IPv4', () => {
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(limitKey('::1')).toBe('0:0:0:0::/64');
    expect(limitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(limitKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('scale for a venue behind one address', () => {
    const scaled = rateLimitsScaled(10);
    expect(scaled.address.join).toEqual({ burst: 20_000, perSecond: 1_000 });
    expect(scaled.connection).toEqual(DEFAULT_RATE_LIMITS.connection);
  });
});

/** Small limits, so a test reaches them in a few messages. */
const SMALL: RateLimits = {
  connection: { ...DEFAULT_RATE_LIMITS.connection, message: { burst: 40, perSecond: 1 }, ballot: { burst: 3, perSecond: 0.01 }, yjsMessage: { burst: 30, perSecond: 1 } },
  address: { ...DEFAULT_RATE_LIMITS.address, ballot: { burst: 5, perSecond: 0.01 }, sessionCreate: { burst: 4, perSecond: 0.01 } },
};

describe('rate limits on a real server', () => {
  const fixture = useTestServer({ rateLimits: SMALL });
  const { sockets } = fixture;

  it('refuse ballots past a connection\'s limit and past the address\'s, with a clear error; nothing refused counts', async () => {
    const room = await roomWithTables(fixture, 1);
    const { questionId, optionIds } = await openQuestion(room, { labels: ['Yes', 'No'] });
    const eager = await joinPhone(fixture, room.session.code);
    const answers = [0, 1, 0].map((option, index) => ({ questionId, ballotId: `b${index}`, answer: { optionId: optionIds[option]! } }));
    for (const ballot of answers) expectOk(await request(eager.socket, 'ballot:cast', ballot));
    const refused = await request(eager.socket, 'ballot:cast', { questionId, ballotId: 'b3', answer: { optionId: optionIds[1]! } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/Too many votes from this device; try again in \d+ s/) } });
    expect(refused.ok === false && refused.error.retryAfterMs).toBeGreaterThan(0);

    // Two more phones on the same address: the address has 2 of its 5 left.
    const second = await joinPhone(fixture, room.session.code);
    const third = await joinPhone(fixture, room.session.code);
    expectOk(await request(second.socket, 'ballot:cast', { questionId, ballotId: 's', answer: { optionId: optionIds[1]! } }));
    expectOk(await request(third.socket, 'ballot:cast', { questionId, ballotId: 't', answer: { optionId: optionIds[1]! } }));
    const fromNetwork = await request(third.socket, 'ballot:cast', { questionId, ballotId: 't2', answer: { optionId: optionIds[0]! } });
    expect(fromNetwork).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('from this network') } });

    const results = await resultsOf(room, questionId);
    // The eager phone's last accepted ballot (Yes) and the two others (No); nothing refused was counted.
    expect(results.room.voters).toBe(3);
    expect(results.room.counts).toEqual({ [optionIds[0]!]: 1, [optionIds[1]!]: 2 });
  });

  it('answer a flood of messages with rate_limited after the burst, and keep serving everyone else', async () => {
    const session = await createSession(fixture.server.url);
    const moderator = await connectModerator(fixture, session);
    const flooder = await connect(fixture.server.url, sockets);
    const answers = await Promise.all(Array.from({ length: 200 }, () => requestRaw(flooder, 'roster:get', 'not an object')));
    const codes = answers.map((answer) => (answer.ok ? 'ok' : answer.error.code));
    expect(codes.slice(0, 40).every((code) => code === 'invalid_input')).toBe(true);
    expect(codes.slice(40).every((code) => code === 'rate_limited')).toBe(true);
    expectOk(await request(moderator, 'roster:get', {}));
  });

  it('close a Yjs connection that sends past its limit with "try again later"', async () => {
    const session = await createSession(fixture.server.url);
    const url = `${fixture.server.url.replace('http', 'ws')}${YJS_PATH}/${session.id}`;
    const ws = new WebSocket(url, yjsSubprotocols(session.moderatorToken));
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    // Awareness queries (message type 3): harmless alone, a flood in numbers.
    for (let message = 0; message < 100; message++) ws.send(Uint8Array.of(3));
    expect(await closed).toBe(YJS_CLOSE.tooManyMessages);
  });

  it('answer 429 with Retry-After to session creation past the address\'s limit', async () => {
    const create = () => fetch(`${fixture.server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Flood' }) });
    const statuses: number[] = [];
    let last: Response | undefined;
    // Last in this file: four are left of the burst at most (the other tests created sessions).
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await create();
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});

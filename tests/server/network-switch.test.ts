import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createSession, expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced, writeQuestion } from '../utils/moderator-doc.js';
import { connectModerator, joinAsModerator } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * A phone that walks out of the venue's Wi-Fi onto mobile data comes back from another address. Two loopback
 * addresses stand for the two networks (Linux answers on all of 127.0.0.0/8): the server sees the second
 * connection come from elsewhere, and only the participant token the phone kept says who it is.
 */

const WIFI = '127.0.0.1';
const MOBILE_DATA = '127.0.0.2';

const fixture = useTestServer();
const { server, sockets, docs } = fixture;

/** A phone's connection whose packets leave from `localAddress` (engine.io-client hands it to `ws`). */
async function connectFrom(localAddress: string): Promise<TestSocket> {
  // Not in socket.io-client's types: engine.io-client passes it to `ws` in Node only.
  const options: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress,
  };
  const socket: TestSocket = io(server.url, options);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The address the server sees a connection come from, or undefined once it holds no such connection. */
function sourceSeenByServer(socket: TestSocket): string | undefined {
  return server.app.io.of('/').sockets.get(socket.id!)?.handshake.address;
}

/**
 * Ends the connection under Socket.IO without a goodbye (no Socket.IO disconnect, no WebSocket close frame),
 * as the server sees a connection whose network went away.
 */
function dropNetwork(socket: TestSocket): void {
  const transport = socket.io.engine.transport as unknown as { ws?: WebSocket };
  if (!transport.ws) throw new Error('the phone is not on a WebSocket');
  transport.ws.terminate();
}

/** A session with one open question, its moderator connected. */
async function openRoom() {
  const session = await createSession(server.url, 'Harbour district assembly');
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  const { questionId, optionIds } = writeQuestion(editor.doc, 'Should the ferry run at night?', ['Yes', 'No']);
  const moderator = await connectModerator(fixture, session);
  expectOk(await untilAgendaSynced(() => request(moderator, 'question:open', { questionId })));
  const [yes, no] = optionIds as [string, string];
  return { session, moderator, questionId, yes, no };
}

describe('a phone that switches from Wi-Fi to mobile data', () => {
  it('comes back from another address as the same participant, with its ballot, counted once', async () => {
    const { session, moderator, questionId, yes } = await openRoom();

    const onWifi = await connectFrom(WIFI);
    expect(sourceSeenByServer(onWifi)).toBe(WIFI);
    const first = expectOk(await request(onWifi, 'session:join', { code: session.code }));
    expectOk(await request(onWifi, 'ballot:cast', { questionId, answer: { optionId: yes }, ballotId: 'cast-on-wifi' }));

    dropNetwork(onWifi);
    await eventually(() => sourceSeenByServer(onWifi) === undefined, 'the server to let the Wi-Fi connection go');

    const onMobile = await connectFrom(MOBILE_DATA);
    expect(sourceSeenByServer(onMobile)).toBe(MOBILE_DATA);
    const again = expectOk(await request(onMobile, 'session:join', { code: session.code, participantToken: first.participantToken }));
    expect(again.participantId).toBe(first.participantId);
    expect(again.me).toEqual(first.me);
    expect(again.ballots).toMatchObject([{ questionId, answer: { optionId: yes } }]);
    // The phone never knew whether its ballot arrived before the drop, so it sends it again: counted once.
    const resent = expectOk(await request(onMobile, 'ballot:cast', { questionId, answer: { optionId: yes }, ballotId: 'cast-on-wifi' }));
    expect(resent.duplicate).toBe(true);

    const { tally } = await joinAsModerator(moderator, session);
    expect(tally.participants).toBe(1);
    expect(tally.attendance).toEqual({ onsite: 1, online: 0 });
    expect(tally.results.find((result) => result.questionId === questionId)?.room).toMatchObject({ voters: 1, counts: { [yes]: 1 } });
    const { roster } = expectOk(await request(moderator, 'roster:get', {}));
    expect(roster.unseated.map((member) => member.participantId)).toEqual([first.participantId]);
  });

  it('is one participant while the server still holds its Wi-Fi connection, and stays present when that one dies', async () => {
    const { session, moderator, questionId, yes, no } = await openRoom();

    const onWifi = await connectFrom(WIFI);
    const first = expectOk(await request(onWifi, 'session:join', { code: session.code }));
    expectOk(await request(onWifi, 'ballot:cast', { questionId, answer: { optionId: yes }, ballotId: 'cast-on-wifi' }));

    // A Wi-Fi that vanishes says nothing: the server keeps its connection until a heartbeat goes missing,
    // and the phone is back on mobile data long before that.
    const onMobile = await connectFrom(MOBILE_DATA);
    const again = expectOk(await request(onMobile, 'session:join', { code: session.code, participantToken: first.participantToken }));
    expect(sourceSeenByServer(onWifi)).toBe(WIFI);
    expect(sourceSeenByServer(onMobile)).toBe(MOBILE_DATA);
    expect(again.participantId).toBe(first.participantId);
    expect(again.ballots).toMatchObject([{ questionId, answer: { optionId: yes } }]);

    // The attendee changes their mind on mobile data: the change replaces the Wi-Fi ballot.
    expectOk(await request(onMobile, 'ballot:cast', { questionId, answer: { optionId: no }, ballotId: 'change-on-mobile' }));
    dropNetwork(onWifi);
    await eventually(() => sourceSeenByServer(onWifi) === undefined, 'the server to let the Wi-Fi connection go');

    const { tally } = await joinAsModerator(moderator, session);
    expect(tally.participants).toBe(1);
    // The connection that died was the Wi-Fi one: the attendee on mobile data is still in the room.
    expect(tally.attendance).toEqual({ onsite: 1, online: 0 });
    expect(tally.results.find((result) => result.questionId === questionId)?.room).toMatchObject({ voters: 1, counts: { [yes]: 0, [no]: 1 } });
    const rejoined = expectOk(await request(onMobile, 'session:join', { code: session.code, participantToken: first.participantToken }));
    expect(rejoined.ballots).toMatchObject([{ questionId, answer: { optionId: no } }]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAgenda } from '@pnyx/shared/session-doc';
import { connect, createSession, expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, writePhase, writeQuestion, type ModeratorDoc } from '../utils/moderator-doc.js';
import { startServerProcess, type ServerProcess } from '../utils/server-process.js';

/** The embedded store, as `npm start` runs it: a crashed server comes back with everything it acknowledged. */

const sockets: TestSocket[] = [];
const docs: ModeratorDoc[] = [];
let server: ServerProcess | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const doc of docs.splice(0)) doc.close();
  await server?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a server on the embedded store', () => {
  it('comes back after kill -9 with the session, its documents and every acknowledged ballot', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pnyx-restart-'));
    server = await startServerProcess({ DATA_DIR: dataDir });
    const session = await createSession(server.url, 'Budget assembly');
    const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(editor);
    const { questionId, optionIds } = writeQuestion(editor.doc, 'Fund the library?', ['Yes', 'No']);
    writePhase(editor.doc, { kind: 'vote', title: 'Vote', text: '', durationMs: 600_000, questionIds: [questionId] });
    const moderator = await connect(server.url, sockets);
    expectOk(await request(moderator, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    await eventually(async () => (await request(moderator, 'phase:go', { to: 'next' })).ok, 'the vote phase to start');
    expectOk(await request(moderator, 'timer:control', { action: 'start' }));

    const phones = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const socket = await connect(server!.url, sockets);
        return { socket, joined: expectOk(await request(socket, 'session:join', { code: session.code })) };
      }),
    );
    // Every ballot is acknowledged before the crash: the server may not lose one of them.
    const acks = await Promise.all(
      phones.map(({ socket }, n) => request(socket, 'ballot:cast', { questionId, answer: { optionId: optionIds[n % 4 === 0 ? 1 : 0]! }, ballotId: `b${n}` })),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const { view: before } = expectOk(await request(moderator, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    editor.close();
    await server.kill();
    await server.start();

    const again = await connect(server.url, sockets);
    const joined = expectOk(await request(again, 'moderator:join', { sessionId: session.id, moderatorToken: session.moderatorToken }));
    expect(joined.tally.results[0]!.room).toMatchObject({ voters: 40, counts: { [optionIds[0]!]: 30, [optionIds[1]!]: 10 } });
    expect(joined.view.phase?.title).toBe('Vote');
    // The timer ran on while the server was down: same end as before.
    expect(joined.view.timer?.endsAt).toBe(before.timer?.endsAt);
    const phone = await connect(server.url, sockets);
    const rejoined = expectOk(await request(phone, 'session:join', { code: session.code, participantToken: phones[0]!.joined.participantToken }));
    expect(rejoined.participantId).toBe(phones[0]!.joined.participantId);
    expect(rejoined.ballots).toMatchObject([{ questionId, answer: { optionId: optionIds[1] } }]);
    const reopened = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(reopened);
    expect(readAgenda(reopened.doc).questions.map((question) => question.text)).toEqual(['Fund the library?']);
  });

  it('refuses to start on a data directory another live server holds, with a clear message', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pnyx-restart-'));
    server = await startServerProcess({ DATA_DIR: dataDir });
    await expect(startServerProcess({ DATA_DIR: dataDir })).rejects.toThrow(/pnyx cannot start: .*in use|pnyx cannot start: .*lock/i);
  });
});

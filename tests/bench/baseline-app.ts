import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { CoalescingPublisher } from '@pnyx/server/realtime/coalescing-publisher';

/**
 * The floor for this stack: a bare Socket.IO 4.8 server that only does what the bench measures, with pnyx's
 * event names so the bench drives both with the same client code. Phones join one room; a moderator moves
 * the phase and the timer (one broadcast each); ballots are counted in memory by ballot id (no durability)
 * and acknowledged; the count reaches watchers coalesced like pnyx's tallies (pnyx's own CoalescingPublisher).
 * It sends only the fields of pnyx's messages that the bench reads.
 */

export const BASELINE_SESSION = {
  code: 'BASELINE',
  moderatorJoin: { sessionId: 'baseline', moderatorToken: 'baseline' },
  questionId: 'q1',
  optionIds: ['o1', 'o2', 'o3'],
} as const;

const ROOM = 'session';
const WATCHERS = 'watchers';
const PHASES = ['info', 'vote'] as const;

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

type Ack = (result: object) => void;

export async function startBaseline(port: number): Promise<Baseline> {
  const http = createServer((_request, response) => response.end('ok'));
  const io = new Server(http, { serveClient: false, transports: ['websocket'] });
  const ballots = new Map<string, string>();
  let phaseIndex = -1;
  let running = false;
  let joined = 0;

  const view = () => ({
    serverTime: Date.now(),
    phase: phaseIndex < 0 ? null : { kind: PHASES[phaseIndex], index: phaseIndex },
    timer: { running },
  });
  const tally = (seq: number) => {
    const counts = Object.fromEntries(BASELINE_SESSION.optionIds.map((optionId) => [optionId, 0]));
    for (const optionId of ballots.values()) counts[optionId] = (counts[optionId] ?? 0) + 1;
    const room = { questionId: BASELINE_SESSION.questionId, voters: ballots.size, counts };
    return { seq, complete: true, results: [{ questionId: BASELINE_SESSION.questionId, room }], participants: joined, attendance: { onsite: joined, online: 0 } };
  };
  const tallies = new CoalescingPublisher({ publish: (_key, seq) => io.to(WATCHERS).emit('tally:update', tally(seq)) });
  const broadcastView = () => io.to(ROOM).emit('view:update', view());

  io.on('connection', (socket: Socket) => {
    socket.on('session:join', (_payload: unknown, ack: Ack) => {
      void socket.join(ROOM);
      joined += 1;
      ack({ ok: true, participantId: socket.id, view: view() });
    });
    for (const watcher of ['moderator:join', 'screen:join']) {
      socket.on(watcher, (_payload: unknown, ack: Ack) => {
        void socket.join([ROOM, WATCHERS]);
        ack({ ok: true, view: view(), tally: tally(0) });
      });
    }
    socket.on('phase:go', (_payload: unknown, ack: Ack) => {
      phaseIndex = Math.min(phaseIndex + 1, PHASES.length - 1);
      broadcastView();
      ack({ ok: true });
    });
    socket.on('timer:control', ({ action }: { action: string }, ack: Ack) => {
      running = action === 'start' || action === 'resume';
      broadcastView();
      ack({ ok: true });
    });
    socket.on('ballot:cast', ({ ballotId, answer }: { ballotId: string; answer: { optionId: string } }, ack: Ack) => {
      const duplicate = ballots.has(ballotId);
      ballots.set(ballotId, answer.optionId);
      tallies.markChanged(ROOM);
      ack({ ok: true, duplicate });
    });
  });

  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      tallies.close();
      await io.close();
    },
  };
}

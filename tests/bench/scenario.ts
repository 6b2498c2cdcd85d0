import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Ack, LiveViewUpdate } from '@pnyx/shared';
import { connect, expectOk, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { mulberry32 } from '../utils/random.js';
import { Phone, type CastOutcome } from './phones.js';
import { totalCpuSeconds, totalResidentKB } from './process-stats.js';
import { ScreenCount } from './screen-count.js';
import type { ProfileWindow } from './profile-summary.js';
import { percentile } from './stats.js';
import type { RunningTarget } from './targets.js';

export interface ScenarioOptions {
  phones: number;
  /** Phones connecting at the same time (a SYN flood would measure the kernel's backlog instead). */
  concurrency: number;
  /** Broadcasts measured: entering the vote phase, then the timer started and paused in turn. */
  fanouts: number;
  /** Every phone votes once at a random moment within this window. */
  burstMs: number;
  seed: number;
  log: (line: string) => void;
}

/** The figures of one target, in milliseconds unless named otherwise. */
export interface TargetFigures {
  phones: number;
  connectMs: number;
  /** The first phone of a broadcast (median over the broadcasts): the server's part before delivery starts. */
  fanoutFirstMs: number;
  fanoutP50Ms: number;
  fanoutP95Ms: number;
  fanoutMaxMs: number;
  ackP50Ms: number;
  ackP95Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** From the last ballot sent until the projector showed every acknowledged one; null if it never did. */
  lastBallotToScreenMs: number | null;
  /** Acknowledged but not counted, or counted without an ack (twice), by a moderator joining afterwards. */
  lostBallots: number;
  /** Every option counts exactly the acknowledged ballots for it. */
  optionCountsMatch: boolean;
  /** Ballots refused or never answered: a broken run. */
  ballotsFailed: number;
  /** The bench client's longest event-loop delay during the burst: what of the ack latency may be its own. */
  clientLoopDelayMaxMs: number;
  rssBeforePhonesMB: number;
  rssPerPhoneKB: number;
  /** Server CPU from before the phones connect until the count is checked. */
  cpuSeconds: number;
  /** The JSON size of the view a phone got when the vote phase began. */
  viewBytes: number;
  /** When each part ran, to read a server's CPU profile part by part. */
  windows: ProfileWindow[];
}

/** Waiting this long for anything the bench expects means the run is broken, not slow. */
const STALL_MS = 60_000;
/**
 * How long the projector's and a later moderator's count may take to reach the acknowledged ballots (with two
 * instances, one may still be applying the other's last entries).
 */
const COUNT_SETTLE_MS = 10_000;
/** Quiet time between broadcasts, so one does not overlap the next. */
const SETTLE_MS = 200;

/** Runs the scenario on a started target: connect, broadcasts, a ballot burst, then the count. */
export async function runScenario(target: RunningTarget, options: ScenarioOptions): Promise<TargetFigures> {
  const { session, pids } = target;
  const sockets: TestSocket[] = [];
  try {
    const moderator = await connect(target.moderatorUrl, sockets);
    expectOk(await request(moderator, 'moderator:join', session.moderatorJoin));
    const projector = await connect(target.projectorUrl, sockets);
    const watched = expectOk(await request(projector, 'screen:join', { code: session.code }));
    const screen = new ScreenCount(projector, watched.tally, session.questionId);
    // The server's copy of the agenda follows the editor over Yjs: the first move (into the welcome phase)
    // waits for it, so every measured broadcast finds the agenda there.
    await eventually(async () => (await request(moderator, 'phase:go', { to: 'next' })).ok, 'the server to see the agenda', 15_000);

    const windows: ProfileWindow[] = [];
    const timed = async <T>(label: string, part: () => Promise<T>): Promise<T> => {
      const fromMicros = monotonicMicros();
      const result = await part();
      windows.push({ label, fromMicros, toMicros: monotonicMicros() });
      return result;
    };
    const rssBefore = totalResidentKB(pids);
    const cpuBefore = totalCpuSeconds(pids);
    const { phones, connectMs } = await timed('phones connecting', () => connectPhones(target, options, sockets));
    const rssPerPhoneKB = (totalResidentKB(pids) - rssBefore) / options.phones;
    options.log(`${target.mode}: ${options.phones} phones joined in ${Math.round(connectMs)} ms`);

    const fanout = await timed('broadcasts', () => measureFanout(moderator, phones, options.fanouts));
    options.log(`${target.mode}: ${options.fanouts} broadcasts measured`);
    // The bench client shares the machine: a stall of its own event loop delays acks it then reports.
    const clientLoop = monitorEventLoopDelay({ resolution: 5 });
    clientLoop.enable();
    const { cast, lastSentAt } = await timed('ballot burst', () => castBallots(phones, target, options));
    clientLoop.disable();
    const acked = cast.filter((outcome) => outcome.outcome.ok);
    const failed = cast.filter((outcome) => !outcome.outcome.ok);
    if (failed.length > 0) options.log(`${target.mode}: ${failed.length} ballots failed, first: ${failed[0]!.outcome.error}`);
    const shownAt = await screen.firstShowing(acked.length, COUNT_SETTLE_MS);
    const lost = await countAfterwards(target, acked.map((ballot) => ballot.optionId), sockets);
    const cpuSeconds = totalCpuSeconds(pids) - cpuBefore;
    const acks = acked.map(({ outcome }) => outcome.ackedAt - outcome.sentAt);

    return {
      phones: options.phones,
      connectMs,
      fanoutFirstMs: percentile(fanout.firsts, 50),
      fanoutP50Ms: percentile(fanout.latencies, 50),
      fanoutP95Ms: percentile(fanout.latencies, 95),
      fanoutMaxMs: percentile(fanout.latencies, 100),
      ackP50Ms: percentile(acks, 50),
      ackP95Ms: percentile(acks, 95),
      ackP99Ms: percentile(acks, 99),
      ackMaxMs: percentile(acks, 100),
      lastBallotToScreenMs: shownAt === null ? null : shownAt - lastSentAt,
      lostBallots: lost.lostBallots,
      optionCountsMatch: lost.optionCountsMatch,
      ballotsFailed: failed.length,
      clientLoopDelayMaxMs: clientLoop.max / 1e6,
      rssBeforePhonesMB: rssBefore / 1024,
      rssPerPhoneKB,
      cpuSeconds,
      viewBytes: fanout.viewBytes,
      windows,
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

async function connectPhones(target: RunningTarget, options: ScenarioOptions, sockets: TestSocket[]) {
  const phones: Phone[] = new Array(options.phones);
  let next = 0;
  const started = performance.now();
  const connectInTurn = async () => {
    for (let index = next++; index < options.phones; index = next++) {
      phones[index] = await Phone.join(target.phoneUrl(index), target.session.code, sockets).catch((error: unknown) => {
        throw new Error(`phone ${index} could not join ${target.mode}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.phones) }, connectInTurn));
  return { phones, connectMs: performance.now() - started };
}

interface Broadcast {
  send: (moderator: TestSocket) => Promise<Ack>;
  /** The view phones get from it. */
  shows: (view: LiveViewUpdate) => boolean;
}

const ENTER_VOTE: Broadcast = {
  send: (moderator) => request(moderator, 'phase:go', { to: 'next' }),
  shows: (view) => view.phase?.kind === 'vote',
};
const timerBroadcast = (action: 'start' | 'pause'): Broadcast => ({
  send: (moderator) => request(moderator, 'timer:control', { action }),
  shows: (view) => view.timer?.running === (action === 'start'),
});

/** Each broadcast: from the moderator's emit until each phone has the view (every phone's latency). */
async function measureFanout(moderator: TestSocket, phones: Phone[], count: number) {
  const broadcasts = [ENTER_VOTE, ...Array.from({ length: count - 1 }, (_, n) => timerBroadcast(n % 2 === 0 ? 'start' : 'pause'))];
  const latencies: number[] = [];
  const firsts: number[] = [];
  let viewBytes = 0;
  const measureView = (view: LiveViewUpdate) => {
    if (!ENTER_VOTE.shows(view)) return;
    viewBytes = JSON.stringify(view).length;
    moderator.off('view:update', measureView);
  };
  moderator.on('view:update', measureView);
  for (const broadcast of broadcasts) {
    const arrivals = phones.map((phone) => phone.nextView(broadcast.shows));
    const sentAt = performance.now();
    const [acked, arrivedAt] = await withinStall(Promise.all([broadcast.send(moderator), Promise.all(arrivals)]), 'every phone to get a broadcast');
    expectOk(acked);
    for (const at of arrivedAt) latencies.push(at - sentAt);
    firsts.push(Math.min(...arrivedAt) - sentAt);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  return { latencies, firsts, viewBytes };
}

/** Every phone casts one ballot at a random moment of the burst window. */
async function castBallots(phones: Phone[], target: RunningTarget, options: ScenarioOptions) {
  const random = mulberry32(options.seed);
  const { questionId, optionIds } = target.session;
  const cast = await Promise.all(
    phones.map(
      (phone, index) =>
        new Promise<{ optionId: string; outcome: CastOutcome }>((resolve) => {
          const optionId = optionIds[index % optionIds.length]!;
          setTimeout(
            () => void phone.cast({ questionId, ballotId: `bench-${index}`, answer: { optionId } }).then((outcome) => resolve({ optionId, outcome })),
            random() * options.burstMs,
          );
        }),
    ),
  );
  return { cast, lastSentAt: Math.max(...cast.map(({ outcome }) => outcome.sentAt)) };
}

/**
 * What a moderator joining afterwards counts, against the acknowledged ballots. With two instances the
 * moderator's instance may still be applying the other's last entries: it is asked again until it agrees
 * or COUNT_SETTLE_MS pass.
 */
async function countAfterwards(target: RunningTarget, ackedOptions: string[], sockets: TestSocket[]) {
  const expected = new Map<string, number>();
  for (const optionId of ackedOptions) expected.set(optionId, (expected.get(optionId) ?? 0) + 1);
  const checker = await connect(target.moderatorUrl, sockets);
  const deadline = Date.now() + COUNT_SETTLE_MS;
  for (;;) {
    const { tally } = expectOk(await request(checker, 'moderator:join', target.session.moderatorJoin));
    const room = tally.results.find((results) => results.questionId === target.session.questionId)?.room;
    const voters = room?.voters ?? 0;
    const optionCountsMatch = target.session.optionIds.every((optionId) => (room?.counts[optionId] ?? 0) === (expected.get(optionId) ?? 0));
    const lostBallots = Math.max(0, ackedOptions.length - voters) + Math.max(0, voters - ackedOptions.length);
    if ((lostBallots === 0 && optionCountsMatch) || Date.now() > deadline) return { lostBallots, optionCountsMatch };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The monotonic clock V8's CPU profiles use too (CLOCK_MONOTONIC, in microseconds). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

function withinStall<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${STALL_MS} ms for ${what}`)), STALL_MS);
  });
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
}

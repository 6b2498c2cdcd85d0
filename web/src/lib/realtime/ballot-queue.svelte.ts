import type { Answer, OwnBallot } from '@pnyx/shared';
import { newId } from '$lib/ids';
import { safeStorage, storageKeys } from '$lib/storage';
import type { BallotCast, ConnectionError, Joined, SessionConnection } from './session-connection.svelte';

/**
 * A phone's choice on one question: `pending` until the server acknowledged it, `received` after,
 * `refused` when the server said no (its error says why; the page words it in its language).
 */
export interface Vote {
  /** What the phone shows as its answer: the newest sent, or the counted one after a refusal (null: none). */
  answer: Answer | null;
  state: 'pending' | 'received' | 'refused';
  error?: ConnectionError;
  /** Pending after the server said "not now" (its store was away): it is being sent again. */
  retrying?: boolean;
}

const RETRY_DELAY_MS = 3_000;

/**
 * The phone's ballots that the server has not acknowledged yet, one per question (the newest choice wins),
 * kept in memory and in localStorage so a reload or a dead battery does not lose them. Each keeps its
 * ballotId across retries: the server counts a ballot id once, so resending after a lost ack is safe.
 */
export class BallotQueue {
  #votes = $state.raw<Record<string, Vote>>({});
  readonly #connection: SessionConnection;
  readonly #storageKey: string;
  readonly #pending = new Map<string, BallotCast>();
  /** The ballot the server counts, per question: what the phone falls back to when a newer one is refused. */
  readonly #counted = new Map<string, OwnBallot>();
  /** Ballot ids sent on the current connection and not answered yet, so a flush does not send them twice. */
  readonly #inFlight = new Set<string>();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(connection: SessionConnection, code: string) {
    this.#connection = connection;
    this.#storageKey = storageKeys.pendingBallots(code);
    for (const ballot of this.#load()) {
      this.#pending.set(ballot.questionId, ballot);
      this.#setVote(ballot.questionId, { answer: ballot.answer, state: 'pending' });
    }
  }

  /** The phone's choice on a question, or undefined before it voted. */
  voteOf(questionId: string): Vote | undefined {
    return this.#votes[questionId];
  }

  /** Starts sending after every (re)join; the returned function stops it. */
  start(): () => void {
    const stopListening = this.#connection.onJoined((joined) => this.#resume(joined));
    // A table's facilitator answered for the table: every member's phone shows it.
    const stopTableBallots = this.#connection.on('ballot:counted', (ballot) => this.#takeCounted(ballot));
    return () => {
      stopListening();
      stopTableBallots();
      clearTimeout(this.#retryTimer);
    };
  }

  /** Casts (or changes) the phone's ballot on a question; it is sent now or as soon as the phone is back. */
  cast(questionId: string, answer: Answer): void {
    const current = this.#votes[questionId];
    if (current && sameAnswer(current.answer, answer) && current.state !== 'refused') return;
    const ballot: BallotCast = { questionId, answer, ballotId: newId() };
    this.#pending.set(questionId, ballot);
    this.#save();
    this.#setVote(questionId, { answer, state: 'pending' });
    void this.#send(ballot);
  }

  #resume({ ballots, newConnection }: Joined): void {
    // A new connection: whatever was in flight on the old one is unanswered and must go again. A join again on
    // the same connection (the seat changed) still gets those answers: sending again would only be a duplicate.
    if (newConnection) this.#inFlight.clear();
    // The join lists every ballot that counts: an answer shown as received that is not among them no longer
    // counts (the phone moved to another table, or the server lost it), unless a newer one waits to be sent.
    const counted = new Set(ballots.map((ballot) => ballot.questionId));
    const stale = (questionId: string) => !counted.has(questionId) && !this.#pending.has(questionId);
    for (const questionId of Object.keys(this.#votes).filter(stale)) this.#counted.delete(questionId);
    this.#votes = Object.fromEntries(Object.entries(this.#votes).filter(([questionId]) => !stale(questionId)));
    for (const ballot of ballots) this.#takeCounted(ballot);
    this.#flush();
  }

  /** The server counts `ballot` for this phone (or its table): shown unless a newer choice waits to be sent. */
  #takeCounted(ballot: OwnBallot): void {
    this.#counted.set(ballot.questionId, ballot);
    const pending = this.#pending.get(ballot.questionId);
    if (pending?.ballotId === ballot.ballotId) {
      this.#pending.delete(ballot.questionId);
      this.#save();
    }
    if (!this.#pending.has(ballot.questionId)) this.#setVote(ballot.questionId, { answer: ballot.answer, state: 'received' });
  }

  #flush(): void {
    for (const ballot of this.#pending.values()) void this.#send(ballot);
  }

  async #send(ballot: BallotCast): Promise<void> {
    if (this.#connection.status !== 'online' || this.#inFlight.has(ballot.ballotId)) return;
    this.#inFlight.add(ballot.ballotId);
    const result = await this.#connection.castBallot(ballot);
    this.#inFlight.delete(ballot.ballotId);
    // A newer choice replaced this ballot while it travelled: the newer one decides what the phone shows.
    if (this.#pending.get(ballot.questionId)?.ballotId !== ballot.ballotId) return;

    if (result.ok) {
      this.#pending.delete(ballot.questionId);
      this.#save();
      // A retry counted earlier: what counts now may be a newer answer from the table's other facilitator.
      const counted = result.duplicate && result.counted ? result.counted : ballot;
      this.#counted.set(ballot.questionId, counted);
      this.#setVote(ballot.questionId, { answer: counted.answer, state: 'received' });
    } else if (result.retryable) {
      this.#setVote(ballot.questionId, { answer: ballot.answer, state: 'pending', retrying: true });
      this.#scheduleRetry();
    } else {
      this.#pending.delete(ballot.questionId);
      this.#save();
      const counted = this.#counted.get(ballot.questionId);
      this.#setVote(ballot.questionId, {
        answer: counted?.answer ?? null,
        state: 'refused',
        error: result.error,
      });
    }
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer);
    // Offline, the next join flushes anyway; online, the server asked us to try again later.
    this.#retryTimer = setTimeout(() => this.#flush(), RETRY_DELAY_MS);
  }

  #setVote(questionId: string, vote: Vote): void {
    this.#votes = { ...this.#votes, [questionId]: vote };
  }

  #load(): BallotCast[] {
    try {
      const stored: unknown = JSON.parse(safeStorage.get(this.#storageKey) ?? '[]');
      return Array.isArray(stored) ? stored.filter(isBallotCast) : [];
    } catch {
      return [];
    }
  }

  #save(): void {
    if (this.#pending.size === 0) safeStorage.remove(this.#storageKey);
    else safeStorage.set(this.#storageKey, JSON.stringify([...this.#pending.values()]));
  }
}

function isBallotCast(value: unknown): value is BallotCast {
  if (typeof value !== 'object' || value === null) return false;
  const ballot = value as Record<string, unknown>;
  return typeof ballot.questionId === 'string' && typeof ballot.answer === 'object' && ballot.answer !== null && typeof ballot.ballotId === 'string';
}

function sameAnswer(a: Answer | null, b: Answer): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

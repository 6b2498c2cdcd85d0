import {
  createSessionState,
  decide,
  evolve,
  fail,
  ok,
  type Channel,
  type Decision,
  type Result,
  type SessionCommand,
  type SessionEvent,
  type SessionInfo,
  type SessionState,
} from '@pnyx/shared';
import { JoinCodeTakenError, type Store } from '../stores/store.js';
import { hashSecret, newJoinCode, newSecret, secretMatches } from './secrets.js';

/** Told after events are durable and applied, so it can publish what changed. */
export interface SessionObserver {
  (sessionId: string, events: readonly SessionEvent[]): void;
}

export interface CreatedSession {
  info: SessionInfo;
  moderatorToken: string;
}

interface LoadedSession {
  state: SessionState;
  moderatorTokenHash: string;
}

const JOIN_CODE_ATTEMPTS = 20;

/**
 * Load → decide → apply → persist → publish. The domain decides; this service only carries.
 *
 * Events are applied to the cached state as soon as they are decided (so concurrent commands never decide
 * on stale state) and acknowledged only once the store has them. If the store refuses, the cached state is
 * dropped and reloaded from the store on next use, so nothing unacknowledged survives in memory.
 */
export class SessionService {
  private readonly loaded = new Map<string, Promise<LoadedSession | null>>();
  private readonly observers: SessionObserver[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Server time, as the domain sees it. */
  now(): number {
    return this.clock();
  }

  onApplied(observer: SessionObserver): void {
    this.observers.push(observer);
  }

  async create(title: string): Promise<CreatedSession> {
    const moderatorToken = newSecret();
    for (let attempt = 0; attempt < JOIN_CODE_ATTEMPTS; attempt++) {
      const info: SessionInfo = { id: newSecret(12), code: newJoinCode(), title, createdAt: this.clock() };
      try {
        await this.store.createSession({ info, moderatorTokenHash: hashSecret(moderatorToken) });
        return { info, moderatorToken };
      } catch (error) {
        if (!(error instanceof JoinCodeTakenError)) throw error;
      }
    }
    throw new Error(`no free join code after ${JOIN_CODE_ATTEMPTS} attempts`);
  }

  /** The state of a session, loaded once and then kept; null for an unknown id. */
  async state(sessionId: string): Promise<SessionState | null> {
    return (await this.load(sessionId))?.state ?? null;
  }

  async sessionIdByCode(code: string): Promise<string | null> {
    return this.store.findSessionIdByCode(code);
  }

  async authenticateModerator(sessionId: string, moderatorToken: string): Promise<Result<{ state: SessionState }>> {
    const session = await this.load(sessionId);
    if (!session) return fail('unknown_session');
    if (!secretMatches(moderatorToken, session.moderatorTokenHash)) return fail('unauthorized');
    return ok({ state: session.state });
  }

  /** The participant a (resumable) participant token belongs to; it never makes one. */
  async authenticateParticipant(sessionId: string, participantToken: string): Promise<Result<{ participantId: string; state: SessionState }>> {
    const session = await this.load(sessionId);
    if (!session) return fail('unknown_session');
    const participantId = session.state.participantIdByCredential.get(hashSecret(participantToken));
    return participantId ? ok({ participantId, state: session.state }) : fail('unauthorized');
  }

  /**
   * Resumes the participant whose token is presented, or makes a new one (also when the token is not
   * known here: a phone that kept a token of a session the server no longer has simply starts afresh).
   * A resumed participant keeps the channel and seat they had.
   */
  async joinAttendee(
    sessionId: string,
    participantToken: string | undefined,
    channel: Channel,
    tableId: string | null,
  ): Promise<Result<{ participantId: string; participantToken: string; state: SessionState }>> {
    const session = await this.load(sessionId);
    if (!session) return fail('unknown_session');
    if (participantToken !== undefined) {
      const participantId = session.state.participantIdByCredential.get(hashSecret(participantToken));
      if (participantId) {
        // A table's QR seats someone not seated yet; it never undoes a move a moderator made.
        const unseated = session.state.participants.get(participantId)?.tableId === null;
        if (tableId !== null && unseated && session.state.tables.has(tableId)) {
          const seated = await this.execute(sessionId, { type: 'participant:seat', participantId, tableId });
          if (!seated.ok) return seated;
        }
        return ok({ participantId, participantToken, state: session.state });
      }
    }
    const token = newSecret();
    const participantId = newSecret(12);
    const joined = await this.execute(sessionId, {
      type: 'participant:join',
      participantId,
      credential: hashSecret(token),
      channel,
      tableId,
    });
    if (!joined.ok) return joined;
    return ok({ participantId, participantToken: token, state: session.state });
  }

  async execute(sessionId: string, command: SessionCommand): Promise<Result<Decision>> {
    const session = await this.load(sessionId);
    if (!session) return fail('unknown_session');
    const decision = decide(session.state, command, this.clock());
    if (!decision.ok || decision.events.length === 0) return decision;
    for (const event of decision.events) evolve(session.state, event);
    try {
      await this.store.appendEvents(sessionId, decision.events);
    } catch {
      this.loaded.delete(sessionId);
      return fail('store_unavailable');
    }
    for (const observer of this.observers) observer(sessionId, decision.events);
    return decision;
  }

  private load(sessionId: string): Promise<LoadedSession | null> {
    let loading = this.loaded.get(sessionId);
    if (!loading) {
      loading = this.readFromStore(sessionId);
      this.loaded.set(sessionId, loading);
      // An unknown id is not cached, so the map cannot be filled by probing random ids.
      loading.then(
        (session) => session ?? this.loaded.delete(sessionId),
        () => this.loaded.delete(sessionId),
      );
    }
    return loading;
  }

  private async readFromStore(sessionId: string): Promise<LoadedSession | null> {
    const stored = await this.store.loadSession(sessionId);
    if (!stored) return null;
    const state = createSessionState(stored.record.info);
    for (const event of stored.events) evolve(state, event);
    return { state, moderatorTokenHash: stored.record.moderatorTokenHash };
  }
}

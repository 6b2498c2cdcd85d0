import {
  admitsNewcomer,
  decide,
  fail,
  moderatorLinkOf,
  ok,
  sharesReport,
  type Channel,
  type Decision,
  type Result,
  type SessionCommand,
  type SessionEvent,
  type SessionInfo,
  type SessionState,
} from '@pnyx/shared';
import { JoinCodeTakenError, UnknownSessionError, type Store } from '../stores/store.js';
import { SessionReplica } from './session-replica.js';
import { hashSecret, newJoinCode, newSecret } from './secrets.js';

/** Told after a logged command's events are applied, so it can publish what changed. */
export interface SessionObserver {
  (sessionId: string, events: readonly SessionEvent[]): void;
}

export interface CreatedSession {
  info: SessionInfo;
  moderatorToken: string;
}

const JOIN_CODE_ATTEMPTS = 20;

/**
 * Load → decide → log → apply in log order → publish. The domain decides; this service only carries.
 *
 * A command is first decided on this process's replica, to refuse at once what cannot be done (and log
 * nothing). What may be done is appended to the store's log, which orders every process's commands; the
 * replica then decides each logged command in that order at the logged time, and the caller hears the
 * outcome of its own once it is applied. So an acknowledgement always follows durability, and every
 * process serving the session holds the same state.
 */
export class SessionService {
  private readonly replicas = new Map<string, Promise<SessionReplica | null>>();
  /** The loaded replicas and how to stop following their sessions, to let them go. */
  private readonly held = new Map<string, { replica: SessionReplica; unfollow: () => void }>();
  private readonly observers: SessionObserver[] = [];
  private readonly loadListeners: ((sessionId: string, state: SessionState) => void)[] = [];
  private readonly deleteListeners: ((sessionId: string) => void)[] = [];
  private readonly errorListeners: ((error: unknown, sessionId: string) => void)[] = [];

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

  /** Told when a session's state is loaded here (after a restart, its timer needs a wake-up again). */
  onLoaded(listener: (sessionId: string, state: SessionState) => void): void {
    this.loadListeners.push(listener);
  }

  /** Told when a session is deleted (here or by another process). */
  onDeleted(listener: (sessionId: string) => void): void {
    this.deleteListeners.push(listener);
  }

  /** Told what went wrong following a session: a store read that failed (and is tried again), or a bug. */
  onError(listener: (error: unknown, sessionId: string) => void): void {
    this.errorListeners.push(listener);
  }

  /** A new session; `language` is what its moderators write in (its main language), English when not said. */
  async create(title: string, language?: string): Promise<CreatedSession> {
    const moderatorToken = newSecret();
    for (let attempt = 0; attempt < JOIN_CODE_ATTEMPTS; attempt++) {
      const info: SessionInfo = { id: newSecret(12), code: newJoinCode(), title, createdAt: this.clock(), ...(language ? { language } : {}) };
      try {
        await this.store.createSession({ info, moderatorTokenHash: hashSecret(moderatorToken) });
        return { info, moderatorToken };
      } catch (error) {
        if (!(error instanceof JoinCodeTakenError)) throw error;
      }
    }
    throw new Error(`no free join code after ${JOIN_CODE_ATTEMPTS} attempts`);
  }

  /** Deletes a session with everything in it; its connections are told by the `onDeleted` listeners. */
  async delete(sessionId: string): Promise<void> {
    await this.store.deleteSession(sessionId);
    this.forget(sessionId);
  }

  /** The state of a session, loaded once and then kept current; null for an unknown id. */
  async state(sessionId: string): Promise<SessionState | null> {
    return (await this.replica(sessionId))?.state ?? null;
  }

  async sessionIdByCode(code: string): Promise<string | null> {
    return this.store.findSessionIdByCode(code);
  }

  /** The moderator link whose token is presented: its holder has moderator rights. */
  async authenticateModerator(sessionId: string, moderatorToken: string): Promise<Result<{ state: SessionState; linkId: string }>> {
    const state = await this.state(sessionId);
    if (!state) return fail('unknown_session');
    const link = moderatorLinkOf(state, hashSecret(moderatorToken));
    if (link) return ok({ state, linkId: link.id });
    return fail('unauthorized', 'This moderator link does not open the session: it was revoked or replaced, or it is incomplete. Ask a moderator of the session for a new one.');
  }

  /** The session whose report `shareToken` opens (a share link), read-only. */
  async authenticateReportReader(sessionId: string, shareToken: string): Promise<Result<{ state: SessionState }>> {
    const state = await this.state(sessionId);
    if (!state) return fail('unknown_session');
    return sharesReport(state, hashSecret(shareToken)) ? ok({ state }) : fail('unauthorized', 'This report link does not open the report: it was withdrawn or replaced.');
  }

  /** The participant a (resumable) participant token belongs to; it never makes one. */
  async authenticateParticipant(sessionId: string, participantToken: string): Promise<Result<{ participantId: string; state: SessionState }>> {
    const state = await this.state(sessionId);
    if (!state) return fail('unknown_session');
    const participantId = state.participantIdByCredential.get(hashSecret(participantToken));
    return participantId ? ok({ participantId, state }) : fail('unauthorized');
  }

  /**
   * Resumes the participant whose token is presented, or makes a new one (also when the token is not
   * known here: a phone that kept a token of a session the server no longer has simply starts afresh).
   * A resumed participant keeps the channel and seat they had (a language they now read is noted); only a
   * newcomer needs the session's PIN, if set.
   */
  async joinAttendee(
    sessionId: string,
    {
      participantToken,
      channel,
      tableId,
      pin,
      language,
    }: { participantToken: string | undefined; channel: Channel; tableId: string | null; pin: string | undefined; language?: string | undefined },
  ): Promise<Result<{ participantId: string; participantToken: string; state: SessionState }>> {
    const state = await this.state(sessionId);
    if (!state) return fail('unknown_session');
    if (participantToken !== undefined) {
      const participantId = state.participantIdByCredential.get(hashSecret(participantToken));
      if (participantId) {
        // A table's QR seats someone not seated yet; it never undoes a move a moderator made. An ended
        // session seats nobody, but still lets its participants back in to read.
        const unseated = state.participants.get(participantId)?.tableId === null;
        if (tableId !== null && unseated && state.tables.has(tableId) && state.endedAt === null) {
          const seated = await this.execute(sessionId, { type: 'participant:seat', participantId, tableId });
          if (!seated.ok) return seated;
        }
        // Only news is logged; an ended session takes none. The count it feeds never keeps a phone out: if
        // the store cannot note it now, the phone says it again at its next join.
        if (language !== undefined && state.participants.get(participantId)?.language !== language && state.endedAt === null) {
          await this.execute(sessionId, { type: 'participant:language', participantId, language });
        }
        return ok({ participantId, participantToken, state });
      }
    }
    const admitted = admitsNewcomer(state, pin);
    if (!admitted.ok) return admitted;
    const token = newSecret();
    const participantId = newSecret(12);
    const joined = await this.execute(sessionId, {
      type: 'participant:join',
      participantId,
      credential: hashSecret(token),
      channel,
      tableId,
      ...(language === undefined ? {} : { language }),
    });
    if (!joined.ok) return joined;
    return ok({ participantId, participantToken: token, state });
  }

  async execute(sessionId: string, command: SessionCommand): Promise<Result<Decision>> {
    const replica = await this.replica(sessionId);
    if (!replica) return fail('unknown_session');
    // Refused here, refused in any order: nothing is logged. Allowed here, the log's order decides.
    const preview = decide(replica.state, command, this.clock());
    if (!preview.ok || preview.events.length === 0) return preview;
    let logged = false;
    try {
      return await replica.submit(async () => {
        const entry = await this.store.append(sessionId, command);
        logged = true;
        return entry;
      });
    } catch (error) {
      if (logged) {
        // The domain threw applying a logged command: this replica may be half-changed; load it afresh.
        this.unload(sessionId);
        throw error;
      }
      if (!(error instanceof UnknownSessionError)) return fail('store_unavailable');
      this.forget(sessionId);
      return fail('unknown_session');
    }
  }

  /** Stops following every session (the store closes after). */
  close(): void {
    for (const sessionId of [...this.held.keys()]) this.unload(sessionId);
  }

  private replica(sessionId: string): Promise<SessionReplica | null> {
    let loading = this.replicas.get(sessionId);
    if (!loading) {
      loading = this.loadReplica(sessionId);
      this.replicas.set(sessionId, loading);
      // An unknown id is not kept, so the map cannot be filled by probing random ids.
      loading.then(
        (replica) => replica ?? this.replicas.delete(sessionId),
        () => this.replicas.delete(sessionId),
      );
    }
    return loading;
  }

  private async loadReplica(sessionId: string): Promise<SessionReplica | null> {
    const record = await this.store.readSession(sessionId);
    if (!record) return null;
    const reportError = (error: unknown) => {
      for (const listener of this.errorListeners) listener(error, sessionId);
    };
    const replica = new SessionReplica(record, {
      readLog: (afterSeq) => this.store.readLog(sessionId, afterSeq),
      applied: (events) => {
        for (const observer of this.observers) observer(sessionId, events);
      },
      onReadError: reportError,
    });
    // Followed before the log is read, so nothing appended in between is missed.
    const unfollow = this.store.follow(sessionId, {
      appended: (entry) => {
        try {
          replica.receive(entry);
        } catch (error) {
          // A bug in the domain: this replica may be half-changed; the next use loads it afresh.
          reportError(error);
          this.unload(sessionId);
        }
      },
      resync: () => replica.repair(),
      deleted: () => this.forget(sessionId),
    });
    const loading = this.replicas.get(sessionId);
    try {
      await replica.catchUp();
      // Deleted meanwhile (told, or before the follow began): nothing to hold.
      const deleted = this.replicas.get(sessionId) !== loading || !(await this.store.readSession(sessionId));
      if (deleted) {
        unfollow();
        replica.close();
        return null;
      }
    } catch (error) {
      unfollow();
      replica.close();
      throw error;
    }
    this.held.set(sessionId, { replica, unfollow });
    replica.announce();
    for (const listener of this.loadListeners) listener(sessionId, replica.state);
    return replica;
  }

  /** Lets go of a session's replica here; the next use loads it from the store again. */
  private unload(sessionId: string): void {
    const held = this.held.get(sessionId);
    held?.unfollow();
    held?.replica.close();
    this.held.delete(sessionId);
    this.replicas.delete(sessionId);
  }

  /** The session was deleted. */
  private forget(sessionId: string): void {
    this.unload(sessionId);
    for (const listener of this.deleteListeners) listener(sessionId);
  }
}

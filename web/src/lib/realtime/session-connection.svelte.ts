import { io, type Socket } from 'socket.io-client';
import {
  applyLiveViewUpdate,
  applyTallyUpdate,
  SOCKET_IO_PATH,
  type AccessView,
  type Ack,
  type ClientToServerEvents,
  type LiveView,
  type LiveViewUpdate,
  type Me,
  type OwnBallot,
  type Roster,
  type ServerToClientEvents,
  type TallyUpdate,
} from '@pnyx/shared';
import { safeStorage, storageKeys } from '$lib/storage';

/** `online` means connected and joined: only then does the server accept commands from this socket. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** Who this page is in the session; each role joins with its own event after every (re)connect. */
export type SessionRole =
  /** `readingLanguage`: the language the person reads best, asked at every join (it may have changed since). */
  | { kind: 'attendee'; code: string; channel?: Channel; tableId?: string; readingLanguage?: () => string | undefined }
  | { kind: 'moderator'; sessionId: string; moderatorToken: string }
  | { kind: 'screen'; code: string };

/** A refusal from the server or a failure on the way, as a person reads it. */
export interface ConnectionError {
  code: string;
  message: string;
}

/** The answer to a command; `retryable` says whether sending the same command again may succeed. */
export type CommandResult<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; error: ConnectionError; retryable: boolean };

/** What a (re)join tells the page besides the view: an attendee's own counted ballots. */
export interface Joined {
  ballots: OwnBallot[];
  /** False for a join again on the same connection (the seat changed): what is under way on it still is. */
  newConnection: boolean;
}

/** What `ballot:cast` carries; taken from the event map because the schemas module (zod) stays off phones. */
export type BallotCast = Parameters<ClientToServerEvents['ballot:cast']>[0];
/** Where an attendee follows the session from: in the room or online (from the join link or a choice). */
export type Channel = NonNullable<Parameters<ClientToServerEvents['session:join']>[0]['channel']>;
/** Next or previous phase, or a jump to one. */
export type PhaseTarget = Parameters<ClientToServerEvents['phase:go']>[0];
export type TimerAction = Parameters<ClientToServerEvents['timer:control']>[0]['action'];

/** Events answered with an ack, their payload, and what a successful ack carries. */
export type CommandEvent = keyof ClientToServerEvents;
export type CommandPayload<E extends CommandEvent> = Parameters<ClientToServerEvents[E]>[0];
type AckData<E extends CommandEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

type SessionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** The socket with acks that fail after a timeout, or at once when the connection drops. */
type TimedSocket = ReturnType<SessionSocket['timeout']>;

const JOIN_TIMEOUT_MS = 10_000;
const COMMAND_TIMEOUT_MS = 10_000;
/** A clock ping slower than this is useless for the offset estimate anyway. */
const PING_TIMEOUT_MS = 5_000;
const REJOIN_DELAY_MS = 2_000;

/** Refusals that say "not now" rather than "no": the same command may succeed later. */
const RETRYABLE_CODES = new Set(['not_joined', 'store_unavailable', 'rate_limited', 'internal']);
/** Refusals after which joining again cannot help: the page shows the message and stops (an ended session takes no new phones). */
const FATAL_JOIN_CODES = new Set(['unknown_session', 'unauthorized', 'forbidden', 'invalid_input', 'session_ended', 'pin_required', 'wrong_pin']);

const OFFLINE: ConnectionError = {
  code: 'offline',
  message: 'You are offline. This will work again once the connection is back.',
};
const NO_ANSWER: ConnectionError = { code: 'no_answer', message: 'The server did not answer in time.' };

/**
 * The one Socket.IO connection of a page, exposed as read-only reactive state.
 *
 * Correctness never depends on Socket.IO's connection-state recovery: after every connect the page joins
 * again and replaces its view and tally with the snapshot from the ack. Commands are sent only while
 * joined, so Socket.IO's send buffer never delivers one before the join on a new connection.
 */
export class SessionConnection {
  readonly role: SessionRole;

  #status = $state<ConnectionStatus>('connecting');
  #everOnline = $state(false);
  #view = $state.raw<LiveView | null>(null);
  /** This device's clock when the view arrived: with `view.serverTime`, a first guess of the clock offset. */
  #viewReceivedAt = 0;
  #tally = $state.raw<TallyUpdate | null>(null);
  #participants = $state(0);
  #me = $state.raw<Me | null>(null);
  /**
   * The updates heard while each join is on its way. The server computed them after that join's snapshot,
   * but they can be handled first (long polling delivers both in one response): they are applied on top of
   * the snapshot, never under it. One buffer per join, so a join started while another waits loses nothing.
   */
  readonly #pendingJoins = new Set<{ views: LiveViewUpdate[]; tallies: TallyUpdate[] }>();
  #roster = $state.raw<Roster | null>(null);
  #access = $state.raw<AccessView | null>(null);
  #moderatorLinkId = $state<string | null>(null);
  /** The PIN a newcomer typed, sent with every join until the server knows the phone. */
  #pin: string | undefined;
  #tableNotes = $state.raw<ReadonlyMap<string, string>>(new Map());
  #error = $state.raw<ConnectionError | null>(null);

  readonly #socket: SessionSocket;
  readonly #joinedListeners = new Set<(joined: Joined) => void>();
  /** Grows on every connect and disconnect, so the ack of a join sent on an older connection is ignored. */
  #generation = 0;
  /** The connection (generation) the last successful join was on. */
  #joinedGeneration = -1;

  constructor(role: SessionRole) {
    this.role = role;
    this.#socket = io({
      path: SOCKET_IO_PATH,
      autoConnect: false,
      // Phones on venue Wi-Fi drop often; a short ceiling brings them back within seconds.
      reconnectionDelayMax: 3_000,
    });
    this.#socket.on('connect', () => {
      this.#generation++;
      this.#status = 'connecting';
      void this.#join(this.#generation);
    });
    this.#socket.on('disconnect', (reason) => {
      this.#generation++;
      // Anything queued for the old connection would reach the new one before its join; the pages resend.
      this.#socket.sendBuffer = [];
      if (this.#error === null) this.#status = 'offline';
      // The server ended the connection on purpose; Socket.IO does not reconnect by itself then.
      if (reason === 'io server disconnect' && this.#error === null) this.#socket.connect();
    });
    this.#socket.on('connect_error', () => {
      if (this.#error === null) this.#status = 'offline';
    });
    this.#socket.on('view:update', (update) => {
      for (const pending of this.#pendingJoins) pending.views.push(update);
      // An update leaves out the lists that did not change, so it needs a view to merge onto; a join brings one.
      if (this.#view !== null) this.#setView(applyLiveViewUpdate(this.#view, update));
    });
    this.#socket.on('me:update', (me) => this.#setMe(me));
    this.#socket.on('roster:update', (roster) => {
      this.#roster = roster;
    });
    this.#socket.on('access:update', (access) => {
      this.#access = access;
    });
    this.#socket.on('notes:update', ({ tableId, text }) => {
      this.#tableNotes = new Map(this.#tableNotes).set(tableId, text);
    });
    this.#socket.on('tally:update', (update) => {
      for (const pending of this.#pendingJoins) pending.tallies.push(update);
      // Coalesced updates may overtake each other; the sequence number tells which is newer.
      if (this.#tally !== null && update.seq < this.#tally.seq) return;
      this.#tally = applyTallyUpdate(this.#tally, update);
      this.#participants = update.participants;
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** True once the first join succeeded: the page then says "Reconnecting…" rather than "Connecting…". */
  get everOnline(): boolean {
    return this.#everOnline;
  }

  get view(): LiveView | null {
    return this.#view;
  }

  /** Date.now() on this device when the current view arrived (0 before the first). */
  get viewReceivedAt(): number {
    return this.#viewReceivedAt;
  }

  get tally(): TallyUpdate | null {
    return this.#tally;
  }

  /** Participants in the session, from the latest tally (moderators and projectors only). */
  get participants(): number {
    return this.#participants;
  }

  /** An attendee's own seat, name and role (null before joining, and for moderators and projectors). */
  get me(): Me | null {
    return this.#me;
  }

  /** Who sits where (moderators only; null until the first roster arrives). */
  get roster(): Roster | null {
    return this.#roster;
  }

  /** Moderator links and the join PIN (moderators only; null before joining). */
  get access(): AccessView | null {
    return this.#access;
  }

  /** The moderator link this page came in with (moderators only). */
  get moderatorLinkId(): string | null {
    return this.#moderatorLinkId;
  }

  /** Joins again with the session's PIN, after the server asked for it (`pin_required`, `wrong_pin`). */
  joinWithPin(pin: string): void {
    this.#pin = pin;
    this.#error = null;
    this.#status = 'connecting';
    this.#socket.disconnect().connect();
  }

  /** Table notes as text, by table: every table's for moderators, the shown table's for projectors. */
  get tableNotes(): ReadonlyMap<string, string> {
    return this.#tableNotes;
  }

  /** A refusal that joining again cannot fix (unknown session, wrong token); the connection has stopped. */
  get error(): ConnectionError | null {
    return this.#error;
  }

  /** Called after every successful (re)join, after the snapshot has replaced the state. */
  onJoined(listener: (joined: Joined) => void): () => void {
    this.#joinedListeners.add(listener);
    return () => this.#joinedListeners.delete(listener);
  }

  /** Listens to a server event that no state here keeps (contributions, table ballots); the returned function stops. */
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): () => void {
    // Socket.IO's typed `on` cannot follow a generic event name; the event map above keeps callers typed.
    const socket = this.#socket as unknown as { on(name: E, listener: ServerToClientEvents[E]): void; off(name: E, listener: ServerToClientEvents[E]): void };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /** Opens the connection; the returned function closes it (for `$effect` and `onMount`). */
  connect(): () => void {
    // The browser knows about a lost network long before Socket.IO's heartbeat does.
    const onOffline = () => {
      if (this.#socket.connected) this.#socket.io.engine?.close();
    };
    // Back online: try now instead of waiting out the reconnection backoff.
    const onOnline = () => {
      if (!this.#socket.connected && this.#error === null) this.#socket.disconnect().connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    this.#socket.connect();
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      this.#socket.disconnect();
      this.#joinedListeners.clear();
    };
  }

  castBallot(ballot: BallotCast): Promise<CommandResult<{ duplicate: boolean; counted?: OwnBallot }>> {
    return this.#command((socket) => socket.emitWithAck('ballot:cast', ballot));
  }

  openQuestion(questionId: string): Promise<CommandResult> {
    return this.#command((socket) => socket.emitWithAck('question:open', { questionId }));
  }

  closeQuestion(questionId: string): Promise<CommandResult> {
    return this.#command((socket) => socket.emitWithAck('question:close', { questionId }));
  }

  goToPhase(target: PhaseTarget): Promise<CommandResult> {
    return this.#command((socket) => socket.emitWithAck('phase:go', target));
  }

  controlTimer(action: TimerAction): Promise<CommandResult> {
    return this.#command((socket) => socket.emitWithAck('timer:control', { action }));
  }

  /**
   * Any other command (tables, seats, paper ballots, moderation, the projector's choice): the event name
   * and its payload, typed from the event map. An ack that carries `me` updates `me`.
   */
  async send<E extends CommandEvent>(event: E, payload: CommandPayload<E>): Promise<CommandResult<AckData<E>>> {
    // Socket.IO's typed emit cannot follow a generic event name; the event map above keeps callers typed.
    const emit = (socket: TimedSocket) => (socket.emitWithAck as (name: E, body: CommandPayload<E>) => Promise<Ack<AckData<E>>>)(event, payload);
    const result = await this.#command(emit);
    if (result.ok && 'me' in result) this.#setMe(result.me as Me);
    return result;
  }

  /** The server's clock, for the offset estimate (see ServerClock). */
  pingClock(): Promise<CommandResult<{ serverTime: number }>> {
    return this.#command((socket) => socket.emitWithAck('clock:ping', {}), PING_TIMEOUT_MS);
  }

  async #command<T extends object>(
    send: (socket: TimedSocket) => Promise<Ack<T>>,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<CommandResult<T>> {
    if (this.#status !== 'online' || !this.#socket.connected) return { ok: false, error: OFFLINE, retryable: true };
    try {
      const ack = await send(this.#socket.timeout(timeoutMs));
      if (ack.ok) return ack;
      return { ok: false, error: ack.error, retryable: RETRYABLE_CODES.has(ack.error.code) };
    } catch {
      // A timeout, or the connection dropped before the ack: whether the server got it is unknown.
      return { ok: false, error: NO_ANSWER, retryable: true };
    }
  }

  async #join(generation: number): Promise<void> {
    let result: Ack<{
      view: LiveView;
      tally?: TallyUpdate;
      ballots?: OwnBallot[];
      participantToken?: string;
      me?: Me;
      access?: AccessView;
      moderatorLinkId?: string;
    }>;
    const heard = { views: [] as LiveViewUpdate[], tallies: [] as TallyUpdate[] };
    this.#pendingJoins.add(heard);
    try {
      result = await this.#sendJoin();
    } catch {
      // No answer: start over on a fresh connection rather than wait on a half-open one.
      this.#rejoinLater(generation);
      return;
    } finally {
      this.#pendingJoins.delete(heard);
    }
    if (generation !== this.#generation) return;

    if (!result.ok) {
      if (FATAL_JOIN_CODES.has(result.error.code)) {
        this.#error = result.error;
        this.#status = 'offline';
        this.#socket.disconnect();
        return;
      }
      this.#rejoinLater(generation);
      return;
    }

    if (this.role.kind === 'attendee' && result.participantToken) {
      safeStorage.set(storageKeys.participantToken(this.role.code), result.participantToken);
    }
    this.#setView(heard.views.reduce(applyLiveViewUpdate, result.view));
    if (result.me) this.#me = result.me;
    if (result.access) this.#access = result.access;
    if (result.moderatorLinkId) this.#moderatorLinkId = result.moderatorLinkId;
    // The snapshot replaces the tally even when its seq is lower: the server may have restarted.
    if (result.tally) {
      this.#tally = heard.tallies.reduce(applyTallyUpdate, result.tally);
      this.#participants = this.#tally.participants;
    }
    this.#error = null;
    this.#status = 'online';
    this.#everOnline = true;
    if (this.role.kind === 'moderator') void this.#refreshRoster();
    const joined: Joined = { ballots: result.ballots ?? [], newConnection: generation !== this.#joinedGeneration };
    this.#joinedGeneration = generation;
    for (const listener of this.#joinedListeners) listener(joined);
  }

  #setMe(me: Me): void {
    const moved = this.#me !== null && this.#me.tableId !== me.tableId;
    this.#me = me;
    // Another table has other table-scope answers: joining again brings the ballots that count now.
    if (moved && this.#status === 'online') void this.#join(this.#generation);
  }

  async #refreshRoster(): Promise<void> {
    const result = await this.send('roster:get', {});
    if (result.ok) this.#roster = result.roster;
  }

  #setView(view: LiveView): void {
    this.#viewReceivedAt = Date.now();
    this.#view = view;
  }

  /** Reconnects after a pause, unless the connection changed meanwhile; a pause, so a failing server is not hammered. */
  #rejoinLater(generation: number): void {
    setTimeout(() => {
      if (generation === this.#generation && this.#error === null) this.#socket.disconnect().connect();
    }, REJOIN_DELAY_MS);
  }

  #sendJoin() {
    const socket = this.#socket.timeout(JOIN_TIMEOUT_MS);
    switch (this.role.kind) {
      case 'attendee': {
        const { code, channel, tableId } = this.role;
        const participantToken = safeStorage.get(storageKeys.participantToken(code)) ?? undefined;
        const language = this.role.readingLanguage?.();
        return socket.emitWithAck('session:join', {
          code,
          ...(participantToken ? { participantToken } : {}),
          ...(channel ? { channel } : {}),
          ...(tableId ? { tableId } : {}),
          // Only a newcomer needs it; the server ignores it for a phone it knows.
          ...(this.#pin ? { pin: this.#pin } : {}),
          ...(language ? { language } : {}),
        });
      }
      case 'moderator':
        return socket.emitWithAck('moderator:join', {
          sessionId: this.role.sessionId,
          moderatorToken: this.role.moderatorToken,
        });
      case 'screen':
        return socket.emitWithAck('screen:join', { code: this.role.code });
    }
  }
}

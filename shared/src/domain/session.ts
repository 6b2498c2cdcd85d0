import { samePhase, type AgendaSnapshot, type PhaseDefinition, type PhasePosition } from './agenda.js';
import { fail, ok, type Result } from './errors.js';
import {
  checkQuestionDefinition,
  normaliseQuestionDefinition,
  type QuestionDefinition,
  type QuestionStatus,
} from './question.js';
import { adjustTimer, isRunning, newTimer, pauseTimer, remainingMs, runTimer, type TimerState } from './timer.js';

/**
 * The session core: commands are decided against the current state (pure, nothing is changed), the
 * resulting events are persisted by the server, then applied with `evolve`. Events are the unit the
 * stores keep, so replaying them rebuilds a session after a restart.
 *
 * `evolve` updates the state in place: a session holds thousands of ballots, and copying them for every
 * ballot would make a burst quadratic. Nothing else mutates state.
 */

/** Longest session title, after trimming. */
export const SESSION_TITLE_MAX_LENGTH = 120;

export interface SessionInfo {
  id: string;
  code: string;
  title: string;
  createdAt: number;
}

/** How a participant takes part: in the room or remotely. */
export type Channel = 'onsite' | 'online';

export interface Participant {
  id: string;
  channel: Channel;
  /** Opaque server-made proof of the participant's resumable token (the server stores a hash). */
  credential: string;
  joinedAt: number;
}

export interface Ballot {
  id: string;
  participantId: string;
  questionId: string;
  optionId: string;
  castAt: number;
}

export interface QuestionState {
  definition: QuestionDefinition;
  status: QuestionStatus;
  openedAt: number;
  closedAt: number | null;
  /** The ballot that counts, per participant: the last one accepted. */
  ballots: Map<string, Ballot>;
  /** Every ballot id accepted per participant, so a late retry of an older ballot never overrides a newer one. */
  acceptedBallotIds: Set<string>;
}

/** The phase the session is in, and its timer. Server-authoritative; never in Yjs. */
export interface PhaseRun {
  /** The phase as it was when entered, kept in step with the agenda while it runs. */
  phase: PhaseDefinition;
  position: PhasePosition;
  enteredAt: number;
  timer: TimerState;
  /**
   * The questions this phase opened when entered (a vote phase's questions). Leaving or auto-closing closes
   * these, even if moderators have since edited the phase to name other questions.
   */
  openedQuestionIds: string[];
  /** Time ran out and the automatic steps (auto-close, auto-advance) were taken. */
  expired: boolean;
}

/** The agenda as it actually ran, for the report. */
export interface PhaseRecord {
  phaseId: string;
  kind: PhaseDefinition['kind'];
  title: string;
  enteredAt: number;
  leftAt: number | null;
}

export interface SessionState {
  info: SessionInfo;
  run: PhaseRun | null;
  history: PhaseRecord[];
  participants: Map<string, Participant>;
  participantIdByCredential: Map<string, string>;
  /** Questions in the order they first opened. */
  questions: Map<string, QuestionState>;
  /** The question the projector shows: the one opened last. */
  screenQuestionId: string | null;
}

export type PhaseTarget = 'next' | 'previous' | { phaseId: string };

export type SessionCommand =
  | { type: 'participant:join'; participantId: string; credential: string; channel: Channel }
  | { type: 'question:open'; definition: QuestionDefinition }
  | { type: 'question:close'; questionId: string }
  | { type: 'ballot:cast'; participantId: string; questionId: string; ballotId: string; optionId: string }
  /** Moves to another phase of the agenda (read from the session document by the server). */
  | { type: 'phase:go'; target: PhaseTarget; agenda: AgendaSnapshot; startTimer: boolean }
  /** The agenda changed: the running phase follows edits to its text, duration or position. */
  | { type: 'phase:sync'; agenda: AgendaSnapshot }
  /** Starts or resumes the timer. */
  | { type: 'timer:start' }
  | { type: 'timer:pause' }
  | { type: 'timer:adjust'; deltaMs: number }
  | { type: 'timer:reset' }
  /** The server's wake-up when the timer may have run out: takes the phase's automatic steps once. */
  | { type: 'timer:expire'; agenda: AgendaSnapshot };

export type SessionEvent =
  | { type: 'participant:joined'; participantId: string; credential: string; channel: Channel; at: number }
  | { type: 'question:opened'; definition: QuestionDefinition; at: number }
  | { type: 'question:reopened'; questionId: string; at: number }
  | { type: 'question:closed'; questionId: string; at: number }
  | { type: 'ballot:accepted'; ballot: Ballot }
  | { type: 'phase:entered'; phase: PhaseDefinition; position: PhasePosition; startTimer: boolean; at: number }
  | { type: 'phase:updated'; phase: PhaseDefinition; position: PhasePosition; at: number }
  | { type: 'timer:started'; at: number }
  | { type: 'timer:paused'; at: number }
  | { type: 'timer:adjusted'; deltaMs: number; at: number }
  | { type: 'timer:reset'; at: number }
  | { type: 'timer:expired'; at: number };

export interface Decision {
  events: SessionEvent[];
  /** True when the command repeats one already applied (a retried ballot): acknowledged, nothing changes. */
  duplicate: boolean;
}

export function createSessionState(info: SessionInfo): SessionState {
  return {
    info,
    run: null,
    history: [],
    participants: new Map(),
    participantIdByCredential: new Map(),
    questions: new Map(),
    screenQuestionId: null,
  };
}

function ballotKey(participantId: string, ballotId: string): string {
  return `${participantId}\u0000${ballotId}`;
}

function changes(events: SessionEvent[]): Result<Decision> {
  return ok({ events, duplicate: false });
}

/** Decides what `command` does to `state` at time `now`; never changes `state`. */
export function decide(state: SessionState, command: SessionCommand, now: number): Result<Decision> {
  switch (command.type) {
    case 'participant:join': {
      if (state.participants.has(command.participantId)) return ok({ events: [], duplicate: true });
      const { participantId, credential, channel } = command;
      return changes([{ type: 'participant:joined', participantId, credential, channel, at: now }]);
    }
    case 'question:open': {
      const opening = decideOpen(state, command.definition, now);
      return opening.ok ? changes(opening.events) : opening;
    }
    case 'question:close': {
      if (!state.questions.has(command.questionId)) return fail('unknown_question');
      return changes(closeEvents(state, [command.questionId], now));
    }
    case 'ballot:cast': {
      if (!state.participants.has(command.participantId)) return fail('not_joined');
      const question = state.questions.get(command.questionId);
      if (!question) return fail('unknown_question');
      // A retry of an accepted ballot is acknowledged even after closing: the voter was counted.
      if (question.acceptedBallotIds.has(ballotKey(command.participantId, command.ballotId))) {
        return ok({ events: [], duplicate: true });
      }
      if (question.status === 'closed') return fail('question_closed');
      if (!question.definition.options.some((option) => option.id === command.optionId)) return fail('invalid_option');
      const ballot: Ballot = {
        id: command.ballotId,
        participantId: command.participantId,
        questionId: command.questionId,
        optionId: command.optionId,
        castAt: now,
      };
      return changes([{ type: 'ballot:accepted', ballot }]);
    }
    case 'phase:go': {
      const going = decidePhaseGo(state, command.target, command.agenda, command.startTimer, now);
      return going.ok ? changes(going.events) : going;
    }
    case 'phase:sync': {
      const run = state.run;
      const index = run ? command.agenda.phases.findIndex((phase) => phase.id === run.phase.id) : -1;
      const phase = command.agenda.phases[index];
      if (!run || !phase) return changes([]);
      const position = { index, total: command.agenda.phases.length };
      const moved = position.index !== run.position.index || position.total !== run.position.total;
      if (samePhase(phase, run.phase) && !moved) return changes([]);
      return changes([{ type: 'phase:updated', phase, position, at: now }]);
    }
    case 'timer:start':
    case 'timer:pause':
    case 'timer:adjust':
    case 'timer:reset': {
      const run = state.run;
      return run ? changes(timerEvents(run, command, now)) : fail('no_phase_running');
    }
    case 'timer:expire': {
      const run = state.run;
      if (!run || run.expired || !isRunning(run.timer) || remainingMs(run.timer, now) > 0) {
        return changes([]);
      }
      const events: SessionEvent[] = [{ type: 'timer:expired', at: now }];
      // A phase deleted from the agenda has no next one to advance to: restarting the agenda would surprise.
      if (run.phase.autoAdvance && command.agenda.phases.some((phase) => phase.id === run.phase.id)) {
        // Moving on closes the vote anyway. Without a next phase, or with one that cannot open, the session
        // stays, and the phase's own auto-close below still holds.
        const going = decidePhaseGo(state, 'next', command.agenda, true, now);
        if (going.ok) return changes([...events, ...going.events]);
      }
      if (run.phase.kind === 'vote' && run.phase.autoCloseVote) {
        events.push(...closeEvents(state, run.openedQuestionIds, now));
      }
      return changes(events);
    }
  }
}

function timerEvents(
  run: PhaseRun,
  command: Extract<SessionCommand, { type: 'timer:start' | 'timer:pause' | 'timer:adjust' | 'timer:reset' }>,
  now: number,
): SessionEvent[] {
  switch (command.type) {
    case 'timer:start':
      return isRunning(run.timer) ? [] : [{ type: 'timer:started', at: now }];
    case 'timer:pause':
      return isRunning(run.timer) ? [{ type: 'timer:paused', at: now }] : [];
    case 'timer:adjust':
      return command.deltaMs === 0 ? [] : [{ type: 'timer:adjusted', deltaMs: command.deltaMs, at: now }];
    case 'timer:reset':
      return [{ type: 'timer:reset', at: now }];
  }
}

/** Opening a question: first open freezes the definition; a reopen keeps the options ballots were cast for. */
function decideOpen(state: SessionState, definition: QuestionDefinition, now: number): Result<{ events: SessionEvent[] }> {
  const existing = state.questions.get(definition.id);
  if (existing?.status === 'open') return ok({ events: [] });
  if (existing && existing.ballots.size > 0) {
    return ok({ events: [{ type: 'question:reopened', questionId: existing.definition.id, at: now }] });
  }
  const problem = checkQuestionDefinition(definition);
  if (problem) return { ok: false, error: problem };
  return ok({ events: [{ type: 'question:opened', definition: normaliseQuestionDefinition(definition), at: now }] });
}

/** Closes those of `questionIds` that are open. */
function closeEvents(state: SessionState, questionIds: readonly string[], now: number): SessionEvent[] {
  return questionIds
    .filter((questionId) => state.questions.get(questionId)?.status === 'open')
    .map((questionId) => ({ type: 'question:closed', questionId, at: now }));
}

/**
 * Leaves the current phase (closing the questions a vote phase opened) and enters the target, opening the
 * questions of a vote phase. Refused as a whole when one of those questions cannot open.
 */
function decidePhaseGo(
  state: SessionState,
  target: PhaseTarget,
  agenda: AgendaSnapshot,
  startTimer: boolean,
  now: number,
): Result<{ events: SessionEvent[] }> {
  const { phases } = agenda;
  if (phases.length === 0) return fail('no_such_phase', 'The agenda has no phases yet.');
  const place = targetIndex(state.run, phases, target);
  if (!place.ok) return place;
  const { index } = place;
  const phase = phases[index]!;

  const events: SessionEvent[] = [];
  if (state.run) events.push(...closeEvents(state, state.run.openedQuestionIds, now));
  events.push({ type: 'phase:entered', phase, position: { index, total: phases.length }, startTimer, at: now });
  if (phase.kind === 'vote') {
    for (const questionId of phase.questionIds) {
      const definition = agenda.questions.find((question) => question.id === questionId);
      if (!definition) return fail('unknown_question', 'The vote phase names a question that no longer exists.');
      // A question this very move closed (the same question asked in two vote phases in a row) reopens.
      const opening = decideOpen(stateWithout(state, events), definition, now);
      if (!opening.ok) return opening;
      events.push(...opening.events);
    }
  }
  return ok({ events });
}

/**
 * Where `target` lies in `phases`. When the running phase was deleted from the agenda, its last known
 * position stands in for it: next is the phase that took its place, previous the one before.
 */
function targetIndex(run: PhaseRun | null, phases: readonly PhaseDefinition[], target: PhaseTarget): Result<{ index: number }> {
  if (target !== 'next' && target !== 'previous') {
    const index = phases.findIndex((phase) => phase.id === target.phaseId);
    return index < 0 ? fail('no_such_phase') : ok({ index });
  }
  const current = run ? phases.findIndex((phase) => phase.id === run.phase.id) : -1;
  const deleted = run !== null && current < 0;
  const place = deleted ? Math.min(run.position.index, phases.length) : current;
  if (target === 'next') {
    const index = deleted ? place : place + 1;
    return index < phases.length ? ok({ index }) : fail('no_such_phase', 'This is the last phase of the agenda.');
  }
  const index = place - 1;
  return index >= 0 ? ok({ index }) : fail('no_such_phase', 'There is no phase before this one.');
}

/** Reads `state` as if the question closes in `events` had happened (for decisions in one move). */
function stateWithout(state: SessionState, events: SessionEvent[]): SessionState {
  const closed = new Set(events.flatMap((event) => (event.type === 'question:closed' ? [event.questionId] : [])));
  if (closed.size === 0) return state;
  const questions = new Map(state.questions);
  for (const questionId of closed) {
    const question = questions.get(questionId);
    if (question) questions.set(questionId, { ...question, status: 'closed' });
  }
  return { ...state, questions };
}

/** Applies an event that `decide` produced (or the store replays). Mutates `state`; see the module comment. */
export function evolve(state: SessionState, event: SessionEvent): void {
  switch (event.type) {
    case 'participant:joined':
      state.participants.set(event.participantId, {
        id: event.participantId,
        channel: event.channel,
        credential: event.credential,
        joinedAt: event.at,
      });
      state.participantIdByCredential.set(event.credential, event.participantId);
      return;
    case 'question:opened': {
      const previous = state.questions.get(event.definition.id);
      state.questions.set(event.definition.id, {
        definition: event.definition,
        status: 'open',
        openedAt: event.at,
        closedAt: null,
        ballots: previous?.ballots ?? new Map(),
        acceptedBallotIds: previous?.acceptedBallotIds ?? new Set(),
      });
      state.screenQuestionId = event.definition.id;
      return;
    }
    case 'question:reopened': {
      const question = requireQuestion(state, event.questionId);
      question.status = 'open';
      question.closedAt = null;
      state.screenQuestionId = event.questionId;
      return;
    }
    case 'question:closed': {
      const question = requireQuestion(state, event.questionId);
      question.status = 'closed';
      question.closedAt = event.at;
      return;
    }
    case 'ballot:accepted': {
      const question = requireQuestion(state, event.ballot.questionId);
      question.ballots.set(event.ballot.participantId, event.ballot);
      question.acceptedBallotIds.add(ballotKey(event.ballot.participantId, event.ballot.id));
      return;
    }
    case 'phase:entered': {
      const last = state.history.at(-1);
      if (last && last.leftAt === null) last.leftAt = event.at;
      const timer = newTimer(event.phase.durationMs);
      state.run = {
        phase: event.phase,
        position: event.position,
        enteredAt: event.at,
        timer: event.startTimer ? runTimer(timer, event.at) : timer,
        openedQuestionIds: event.phase.kind === 'vote' ? [...event.phase.questionIds] : [],
        expired: false,
      };
      state.history.push({ phaseId: event.phase.id, kind: event.phase.kind, title: event.phase.title, enteredAt: event.at, leftAt: null });
      if (event.phase.kind === 'results') {
        const shown = event.phase.questionIds.find((questionId) => state.questions.has(questionId));
        if (shown) state.screenQuestionId = shown;
      }
      return;
    }
    case 'phase:updated': {
      const run = requireRun(state);
      // A new planned duration keeps the minutes added or removed with the timer buttons, and like them
      // never sets the end before what has elapsed.
      run.timer = adjustTimer(run.timer, event.phase.durationMs - run.phase.durationMs, event.at);
      run.phase = event.phase;
      run.position = event.position;
      run.expired = run.expired && remainingMs(run.timer, event.at) <= 0;
      const record = state.history.at(-1);
      if (record) record.title = event.phase.title;
      return;
    }
    case 'timer:started': {
      const run = requireRun(state);
      run.timer = runTimer(run.timer, event.at);
      return;
    }
    case 'timer:paused': {
      const run = requireRun(state);
      run.timer = pauseTimer(run.timer, event.at);
      return;
    }
    case 'timer:adjusted': {
      const run = requireRun(state);
      run.timer = adjustTimer(run.timer, event.deltaMs, event.at);
      run.expired = run.expired && remainingMs(run.timer, event.at) <= 0;
      return;
    }
    case 'timer:reset': {
      const run = requireRun(state);
      run.timer = newTimer(run.phase.durationMs);
      run.expired = false;
      return;
    }
    case 'timer:expired':
      requireRun(state).expired = true;
      return;
  }
}

function requireRun(state: SessionState): PhaseRun {
  // Timer and phase events come only from `decide`, which checked a phase runs; a miss is a corrupt log.
  if (!state.run) throw new Error('timer or phase event without a running phase');
  return state.run;
}

/** Decides and applies in one step: for replays and tests that need no persistence in between. */
export function execute(state: SessionState, command: SessionCommand, now: number): Result<Decision> {
  const decision = decide(state, command, now);
  if (decision.ok) for (const event of decision.events) evolve(state, event);
  return decision;
}

function requireQuestion(state: SessionState, questionId: string): QuestionState {
  const question = state.questions.get(questionId);
  // Events come only from `decide`, which checked the question exists; a miss is a corrupt log.
  if (!question) throw new Error(`event refers to unknown question ${questionId}`);
  return question;
}

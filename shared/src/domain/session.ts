import { samePhase, type AgendaSnapshot, type PhaseDefinition, type PhasePosition } from './agenda.js';
import { checkSessionLanguages, defaultSessionLanguages, type SessionLanguages } from './content-languages.js';
import { fail, ok, type Result } from './errors.js';
import {
  checkQuestionDefinition,
  normaliseQuestionDefinition,
  type Answer,
  type QuestionDefinition,
  type QuestionStatus,
} from './question.js';
import { createAccessState, decideAccess, evolveAccess, type AccessCommand, type AccessEvent, type AccessState } from './access.js';
import { decideSeating, evolveSeating, type SeatingCommand, type SeatingEvent } from './seating.js';
import { decideVoting, evolveVoting, type VotingCommand, type VotingEvent } from './voting.js';
import {
  createContributionsState,
  decideContribution,
  evolveContribution,
  type ContributionCommand,
  type ContributionEvent,
  type ContributionsState,
} from './contributions.js';
import { adjustTimer, isRunning, newTimer, pauseTimer, remainingMs, runTimer, type TimerState } from './timer.js';
import {
  decideLifecycle,
  decisionWhileEnded,
  evolveLifecycle,
  type LifecycleCommand,
  type LifecycleEvent,
} from './lifecycle.js';

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
  /** The language the creator's interface spoke: the session's first main language (English when absent). */
  language?: string;
}

/** How a participant takes part: in the room or remotely. Hand-counted paper ballots are a third channel. */
export type Channel = 'onsite' | 'online';

export interface Participant {
  id: string;
  channel: Channel;
  /** Opaque server-made proof of the participant's resumable token (the server stores a hash). */
  credential: string;
  joinedAt: number;
  /** What the participant wants to be called at the table; may be empty. */
  name: string;
  tableId: string | null;
  /** Facilitates their table: casts its table-scope ballots and may enter its paper ballots. */
  facilitator: boolean;
  /** The language they read best, as their phone said (null: it did not say). */
  language: string | null;
}

export interface Table {
  id: string;
  name: string;
  /** Shown to moderators only: a participant who enters it becomes the table's facilitator. */
  facilitatorCode: string;
  createdAt: number;
}

export interface Ballot {
  id: string;
  /** Whose answer this is: the participant, or for a table-scope question the table. */
  voterId: string;
  /** Who cast it (for a table-scope question: the facilitator). */
  participantId: string;
  questionId: string;
  answer: Answer;
  castAt: number;
}

/** Hand-counted results of one table for one question. */
export interface PaperCount {
  tableId: string;
  /** Per option id, the paper ballots that chose it. */
  counts: Record<string, number>;
  /** Paper ballots counted (for `multi`, one ballot can choose several options). */
  voters: number;
  enteredAt: number;
}

export type AnswerModeration = 'approved' | 'hidden';

export interface QuestionState {
  definition: QuestionDefinition;
  status: QuestionStatus;
  openedAt: number;
  closedAt: number | null;
  /** The ballot that counts, per voter: the last one accepted. */
  ballots: Map<string, Ballot>;
  /** Every ballot id accepted per voter, so a late retry of an older ballot never overrides a newer one. */
  acceptedBallotIds: Set<string>;
  /** Paper ballots per table; a new entry for a table replaces its previous one. */
  paper: Map<string, PaperCount>;
  /** Word cloud: normalised words the moderators took off the screen. */
  hiddenWords: Set<string>;
  /** Open answers, by ballot key (`ballotKey`): what moderators decided. An answer without an entry waits. */
  answerModeration: Map<string, AnswerModeration>;
  /** Grows with every event about this question, so adapters can tell its results changed without comparing. */
  revision: number;
}

/**
 * What the projector shows besides phase and countdown, a moderator's choice: the results of the screen question
 * for the room, as small multiples per table, for one table, per channel, before/after, or against the
 * reference; or the contributions; or one table's notes.
 */
export const SCREEN_MODES = ['room', 'tables', 'table', 'channels', 'shift', 'reference', 'contributions', 'notes'] as const;
export type ScreenMode = (typeof SCREEN_MODES)[number];

/** Modes that are about one table. */
export const TABLE_SCREEN_MODES: readonly ScreenMode[] = ['table', 'notes'];

export interface ScreenChoice {
  mode: ScreenMode;
  /** For the modes about one table. */
  tableId: string | null;
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

/**
 * The agenda as it actually ran, for the report: one record per stretch of time a phase ran. Ending the
 * session leaves the running phase; reopening starts a new record of it, so the time the session stood
 * ended is in none.
 */
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
  /** Tables in the order they were set up. */
  tables: Map<string, Table>;
  /** Numbers the tables; removed ones count, so a table id is never reused. */
  tablesEverAdded: number;
  tableIdByFacilitatorCode: Map<string, string>;
  screen: ScreenChoice;
  /** Questions in the order they first opened. */
  questions: Map<string, QuestionState>;
  /** The question the projector shows: the one opened last. */
  screenQuestionId: string | null;
  /** Grows with every change of who sits where, which moves ballots between tables in the results. */
  seatingRevision: number;
  /** Contributions, their upvotes and moderation, the spotlight, whether moderation is on. */
  contributions: ContributionsState;
  /** When a moderator ended the session (server time), or null while it runs; see lifecycle.ts. */
  endedAt: number | null;
  /** Moderator links and the join PIN (access.ts). */
  access: AccessState;
  /** What the moderator-written content is written and translated in (content-languages.ts). */
  languages: SessionLanguages;
}

export type PhaseTarget = 'next' | 'previous' | { phaseId: string };

export type SessionCommand =
  | SeatingCommand
  | VotingCommand
  | ContributionCommand
  | LifecycleCommand
  | AccessCommand
  | { type: 'question:open'; definition: QuestionDefinition }
  | { type: 'question:close'; questionId: string }
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
  | { type: 'timer:expire'; agenda: AgendaSnapshot }
  | { type: 'screen:show'; screen: ScreenChoice }
  | { type: 'languages:set'; languages: SessionLanguages };

export type SessionEvent =
  | SeatingEvent
  | VotingEvent
  | ContributionEvent
  | LifecycleEvent
  | AccessEvent
  | { type: 'question:opened'; definition: QuestionDefinition; at: number }
  | { type: 'question:reopened'; questionId: string; at: number }
  | { type: 'question:closed'; questionId: string; at: number }
  | { type: 'phase:entered'; phase: PhaseDefinition; position: PhasePosition; startTimer: boolean; at: number }
  | { type: 'phase:updated'; phase: PhaseDefinition; position: PhasePosition; at: number }
  | { type: 'timer:started'; at: number }
  | { type: 'timer:paused'; at: number }
  | { type: 'timer:adjusted'; deltaMs: number; at: number }
  | { type: 'timer:reset'; at: number }
  | { type: 'timer:expired'; at: number }
  | { type: 'screen:shown'; screen: ScreenChoice }
  | { type: 'languages:set'; languages: SessionLanguages };

export interface Decision {
  events: SessionEvent[];
  /** True when the command repeats one already applied (a retried ballot): acknowledged, nothing changes. */
  duplicate: boolean;
}

/** A new session's state; `ownerCredential` is the hash of the token of the link that created it. */
export function createSessionState(info: SessionInfo, ownerCredential: string): SessionState {
  return {
    info,
    run: null,
    history: [],
    participants: new Map(),
    participantIdByCredential: new Map(),
    tables: new Map(),
    tablesEverAdded: 0,
    tableIdByFacilitatorCode: new Map(),
    screen: { mode: 'room', tableId: null },
    questions: new Map(),
    screenQuestionId: null,
    seatingRevision: 0,
    contributions: createContributionsState(),
    endedAt: null,
    access: createAccessState(ownerCredential, info.createdAt),
    languages: defaultSessionLanguages(info.language ?? 'en'),
  };
}

/** Identifies one accepted ballot of one voter (also the id of an open answer in moderation; ids never hold ':'). */
export function ballotKey(voterId: string, ballotId: string): string {
  return `${voterId}:${ballotId}`;
}

export function changes(events: SessionEvent[]): Result<Decision> {
  return ok({ events, duplicate: false });
}

/** Decides what `command` does to `state` at time `now`; never changes `state`. An ended session takes almost nothing (lifecycle.ts). */
export function decide(state: SessionState, command: SessionCommand, now: number): Result<Decision> {
  const decision = decideCommand(state, command, now);
  return state.endedAt === null ? decision : decisionWhileEnded(command, decision);
}

function decideCommand(state: SessionState, command: SessionCommand, now: number): Result<Decision> {
  switch (command.type) {
    case 'participant:join':
    case 'participant:language':
    case 'participant:seat':
    case 'tables:add':
    case 'table:rename':
    case 'table:remove':
    case 'facilitator:claim':
    case 'facilitator:set':
      return decideSeating(state, command, now);
    case 'ballot:cast':
    case 'paper:enter':
    case 'word:hide':
    case 'answer:moderate':
      return decideVoting(state, command, now);
    case 'contribution:post':
    case 'contribution:upvote':
    case 'contribution:moderate':
    case 'contribution:spotlight':
    case 'contributions:configure':
      return decideContribution(state, command, now);
    case 'session:end':
    case 'session:reopen':
      return decideLifecycle(state, command, now);
    case 'moderator-link:create':
    case 'moderator-link:revoke':
    case 'moderator-link:rotate':
    case 'join-pin:set':
    case 'report-share:set':
      return decideAccess(state, command, now);
    case 'screen:show': {
      const { screen } = command;
      const aboutTable = TABLE_SCREEN_MODES.includes(screen.mode);
      if (aboutTable && (screen.tableId === null || !state.tables.has(screen.tableId))) return fail('unknown_table');
      return changes([{ type: 'screen:shown', screen: { mode: screen.mode, tableId: aboutTable ? screen.tableId : null } }]);
    }
    case 'languages:set': {
      const problem = checkSessionLanguages(command.languages);
      if (problem) return { ok: false, error: problem };
      const { main, others, projectorSecond } = command.languages;
      return changes([{ type: 'languages:set', languages: { main, others: [...others], projectorSecond } }]);
    }
    case 'question:open': {
      const opening = decideOpen(state, command.definition, now);
      return opening.ok ? changes(opening.events) : opening;
    }
    case 'question:close': {
      if (!state.questions.has(command.questionId)) return fail('unknown_question');
      return changes(closeEvents(state, [command.questionId], now));
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
  // Counted ballots or paper name the frozen options: a reopen keeps the definition they were cast for.
  if (existing && (existing.ballots.size > 0 || existing.paper.size > 0)) {
    return ok({ events: [{ type: 'question:reopened', questionId: existing.definition.id, at: now }] });
  }
  const problem = checkQuestionDefinition(definition);
  if (problem) return { ok: false, error: problem };
  return ok({ events: [{ type: 'question:opened', definition: normaliseQuestionDefinition(definition), at: now }] });
}

/** Closes those of `questionIds` that are open. */
export function closeEvents(state: SessionState, questionIds: readonly string[], now: number): SessionEvent[] {
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
  apply(state, event);
  countRevision(state, event);
}

function countRevision(state: SessionState, event: SessionEvent): void {
  const questionId =
    event.type === 'ballot:accepted' ? event.ballot.questionId
    : event.type === 'question:opened' ? event.definition.id
    : 'questionId' in event ? event.questionId
    : null;
  if (questionId !== null) requireQuestion(state, questionId).revision += 1;
}

function apply(state: SessionState, event: SessionEvent): void {
  switch (event.type) {
    case 'participant:joined':
    case 'participant:language-set':
    case 'participant:seated':
    case 'tables:added':
    case 'table:renamed':
    case 'table:removed':
    case 'facilitator:set':
      evolveSeating(state, event);
      return;
    case 'ballot:accepted':
    case 'paper:entered':
    case 'word:hidden':
    case 'answer:moderated':
      evolveVoting(state, event);
      return;
    case 'contribution:posted':
    case 'contribution:upvoted':
    case 'contribution:moderated':
    case 'contribution:spotlighted':
    case 'contributions:configured':
      evolveContribution(state, event);
      return;
    case 'session:ended':
    case 'session:reopened':
      evolveLifecycle(state, event);
      return;
    case 'moderator-link:created':
    case 'moderator-link:revoked':
    case 'moderator-link:rotated':
    case 'join-pin:set':
    case 'report-share:set':
      evolveAccess(state, event);
      return;
    case 'screen:shown':
      state.screen = event.screen;
      return;
    case 'languages:set':
      state.languages = event.languages;
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
        paper: previous?.paper ?? new Map(),
        hiddenWords: previous?.hiddenWords ?? new Set(),
        answerModeration: previous?.answerModeration ?? new Map(),
        revision: previous?.revision ?? 0,
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
    case 'phase:entered': {
      leavePhaseRecord(state, event.at);
      const timer = newTimer(event.phase.durationMs);
      state.run = {
        phase: event.phase,
        position: event.position,
        enteredAt: event.at,
        timer: event.startTimer ? runTimer(timer, event.at) : timer,
        openedQuestionIds: event.phase.kind === 'vote' ? [...event.phase.questionIds] : [],
        expired: false,
      };
      enterPhaseRecord(state, event.phase, event.at);
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

/** The agenda as run: the phase on record is left at `at` (if it was not yet). */
export function leavePhaseRecord(state: SessionState, at: number): void {
  const last = state.history.at(-1);
  if (last && last.leftAt === null) last.leftAt = at;
}

/** The agenda as run: `phase` runs from `at` on. */
export function enterPhaseRecord(state: SessionState, phase: PhaseDefinition, at: number): void {
  state.history.push({ phaseId: phase.id, kind: phase.kind, title: phase.title, enteredAt: at, leftAt: null });
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

export function requireQuestion(state: SessionState, questionId: string): QuestionState {
  const question = state.questions.get(questionId);
  // Events come only from `decide`, which checked the question exists; a miss is a corrupt log.
  if (!question) throw new Error(`event refers to unknown question ${questionId}`);
  return question;
}

import { expect } from 'vitest';
import {
  computeTally,
  createSessionState,
  decide,
  evolve,
  execute,
  type AgendaSnapshot,
  type Answer,
  type Channel,
  type Decision,
  type PhaseDefinition,
  type PhaseKind,
  type PhaseTarget,
  type QuestionDefinition,
  type QuestionKind,
  type QuestionReveal,
  type QuestionState,
  type Result,
  type SessionCommand,
  type SessionInfo,
  type SessionState,
  type Tally,
} from '@pnyx/shared';

/** Factories for the pure session core: states are built through commands, as the server builds them. */

export const SESSION_INFO: SessionInfo = { id: 'session-1', code: 'ABC234', title: 'Town hall', createdAt: 1_000 };

/** The hash of the token of the link that created the session (any string: the core never hashes). */
export const OWNER_CREDENTIAL = 'owner-credential';

export function newSession(): SessionState {
  return createSessionState({ ...SESSION_INFO }, OWNER_CREDENTIAL);
}

/** The id of the option at `index` in a question made by `questionDefinition`: `q1-a`, `q1-b`, … */
export function optionId(questionId: string, index: number): string {
  return `${questionId}-${String.fromCharCode(97 + index)}`;
}

/** A valid single-choice question with one option per label, its counts shown live unless told otherwise. */
export function questionDefinition(
  id: string,
  labels: readonly string[] = ['Yes', 'No'],
  text = `Question ${id}?`,
  reveal: QuestionReveal = 'live',
): QuestionDefinition {
  // Fields in the order `normaliseQuestionDefinition` writes them, so fingerprints of opened definitions match.
  return {
    id,
    kind: 'single',
    reveal,
    scope: 'individual',
    text,
    options: labels.map((label, index) => ({ id: optionId(id, index), label })),
    maxChoices: 1,
    comparesWith: null,
    reference: null,
  };
}

/**
 * A valid question of `kind`: choice kinds get one option per label (`q-a`, `q-b`, …; three by default), text
 * kinds none. `fields` overrides the rest (scope, maxChoices, comparesWith, reference, reveal).
 */
export function questionOfKind(
  id: string,
  kind: QuestionKind,
  labels: readonly string[] = kind === 'wordcloud' || kind === 'open' ? [] : ['First', 'Second', 'Third'],
  fields: Partial<Omit<QuestionDefinition, 'id' | 'kind' | 'options'>> = {},
): QuestionDefinition {
  const base = questionDefinition(id, labels);
  return { ...base, kind, maxChoices: kind === 'multi' ? labels.length : 1, ...fields };
}

export const join = (
  participantId: string,
  credential = `cred-${participantId}`,
  channel: Channel = 'onsite',
  tableId?: string,
): SessionCommand => ({
  type: 'participant:join',
  participantId,
  credential,
  channel,
  ...(tableId === undefined ? {} : { tableId }),
});

export const open = (definition: QuestionDefinition): SessionCommand => ({ type: 'question:open', definition });

export const close = (questionId: string): SessionCommand => ({ type: 'question:close', questionId });

/** A single-choice or scale ballot. */
export const cast = (participantId: string, questionId: string, ballotId: string, option: string): SessionCommand =>
  castAnswer(participantId, questionId, ballotId, { optionId: option });

export const castAnswer = (participantId: string, questionId: string, ballotId: string, answer: Answer): SessionCommand => ({
  type: 'ballot:cast',
  participantId,
  questionId,
  ballotId,
  answer,
});

/** The facilitator code `addTables` gives a table: `code-t3` for `t3`. */
export const facilitatorCode = (tableId: string): string => `code-${tableId}`;

/** Adds tables with these names (ids `t1`, `t2`, … never reused), each with its `facilitatorCode`. */
export function addTables(state: SessionState, names: readonly string[], now = 0): void {
  const first = state.tablesEverAdded + 1;
  run(state, { type: 'tables:add', tables: names.map((name, index) => ({ name, facilitatorCode: facilitatorCode(`t${first + index}`) })) }, now);
}

export const seat = (participantId: string, tableId: string | null): SessionCommand => ({ type: 'participant:seat', participantId, tableId });

export const claim = (participantId: string, code: string): SessionCommand => ({ type: 'facilitator:claim', participantId, facilitatorCode: code });

export const paper = (
  by: string | null,
  questionId: string,
  tableId: string,
  counts: Record<string, number>,
  voters?: number,
): SessionCommand => ({ type: 'paper:enter', by, questionId, tableId, counts, ...(voters === undefined ? {} : { voters }) });

/** Executes a command a fixture relies on; a refusal means the fixture is broken, so it throws. */
export function run(state: SessionState, command: SessionCommand, now = 0): Decision {
  const result = execute(state, command, now);
  if (!result.ok) throw new Error(`fixture command ${command.type} was refused: ${result.error.code}`);
  return result;
}

/** A session with these participants joined and these questions opened, in order. */
export function sessionWith(setup: { participants?: readonly string[]; questions?: readonly QuestionDefinition[] }): SessionState {
  const state = newSession();
  for (const participantId of setup.participants ?? []) run(state, join(participantId));
  for (const definition of setup.questions ?? []) run(state, open(definition));
  return state;
}

export function questionOf(state: SessionState, questionId: string): QuestionState {
  const question = state.questions.get(questionId);
  if (!question) throw new Error(`the fixture has no question ${questionId}`);
  return question;
}

/** The room tally of a question: its kept ballots and paper counts. */
export function tallyOf(state: SessionState, questionId: string): Tally {
  const question = questionOf(state, questionId);
  return computeTally(question, question.ballots.values(), question.paper.values());
}

/**
 * A structural fingerprint of any plain data, Maps and Sets included (in their iteration order): two values
 * with the same fingerprint hold the same data.
 */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) => {
    if (item instanceof Map) return { '<Map>': [...item] };
    if (item instanceof Set) return { '<Set>': [...item] };
    if (item === undefined) return '<undefined>';
    return item;
  });
}

/**
 * Asserts `actual` equals `expected`. Cheap when they are equal (a fingerprint comparison, for loops of
 * thousands of steps); otherwise vitest reports the difference. `message` is built only on failure.
 */
export function expectSame(actual: unknown, expected: unknown, message: () => string): void {
  if (fingerprint(actual) !== fingerprint(expected)) expect(actual, message()).toEqual(expected);
}

export interface DecideOptions {
  /** Names the step in failure messages; built only on failure. */
  context?: () => string;
  /** Fingerprints the state before and after `decide` (the default); long random runs sample it. */
  checkUnchanged?: boolean;
}

/**
 * `decide`, checking that it left `state` exactly as it was, then applies the events it produced.
 * Returns the decision.
 */
export function decideThenEvolve(state: SessionState, command: SessionCommand, now: number, options: DecideOptions = {}): Result<Decision> {
  const { context = () => `for ${command.type}`, checkUnchanged = true } = options;
  const before = checkUnchanged ? fingerprint(state) : '';
  const result = decide(state, command, now);
  const after = checkUnchanged ? fingerprint(state) : '';
  if (after !== before) expect(JSON.parse(after), `decide changed the state ${context()}`).toEqual(JSON.parse(before));
  if (result.ok) for (const event of result.events) evolve(state, event);
  return result;
}

// ---- The agenda: phases, moves and the timer. ----

export const MINUTE = 60_000;

/** A phase of `kind` lasting `minutes` (5 by default); fields not given are empty or off. */
export function phaseDefinition(id: string, kind: PhaseKind, fields: Partial<Omit<PhaseDefinition, 'id' | 'kind'>> = {}): PhaseDefinition {
  return {
    id,
    kind,
    title: `Phase ${id}`,
    text: '',
    durationMs: 5 * MINUTE,
    questionIds: [],
    autoAdvance: false,
    autoCloseVote: false,
    ...fields,
  };
}

/** An agenda of these phases; the questions the vote phases may open. */
export function agendaOf(phases: readonly PhaseDefinition[], questions: readonly QuestionDefinition[] = []): AgendaSnapshot {
  return { phases: phases.map((phase) => ({ ...phase, questionIds: [...phase.questionIds] })), questions: [...questions] };
}

export const go = (target: PhaseTarget, agenda: AgendaSnapshot, startTimer = false): SessionCommand => ({
  type: 'phase:go',
  target,
  agenda,
  startTimer,
});

export const jump = (phaseId: string, agenda: AgendaSnapshot, startTimer = false): SessionCommand => go({ phaseId }, agenda, startTimer);

export const syncAgenda = (agenda: AgendaSnapshot): SessionCommand => ({ type: 'phase:sync', agenda });

/** The timer buttons (start and resume are one command). */
export const timerStart: SessionCommand = { type: 'timer:start' };
export const timerPause: SessionCommand = { type: 'timer:pause' };
export const timerReset: SessionCommand = { type: 'timer:reset' };
export const timerAdjust = (deltaMs: number): SessionCommand => ({ type: 'timer:adjust', deltaMs });
/** The server's wake-up when the running timer may have run out. */
export const timerExpire = (agenda: AgendaSnapshot): SessionCommand => ({ type: 'timer:expire', agenda });

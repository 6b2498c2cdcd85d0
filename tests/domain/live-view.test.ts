import { describe, expect, it } from 'vitest';
import {
  applyLiveViewUpdate,
  changesLiveView,
  deriveLiveView,
  execute,
  liveViewUpdate,
  type LiveView,
  type SessionCommand,
  type SessionState,
} from '@pnyx/shared';
import {
  MINUTE,
  addTables,
  agendaOf,
  cast,
  castAnswer,
  close,
  join,
  jump,
  newSession,
  open,
  phaseDefinition,
  questionDefinition,
  questionOfKind,
  run,
  timerAdjust,
  timerExpire,
  timerPause,
  timerStart,
} from '../utils/domain-fixtures.js';
import { Outcomes, printedSeed, sequenceRandom, type Random } from '../utils/random.js';

/**
 * A broadcast view carries the question and table lists only when its events changed them; a client that
 * merges the updates (keeping a list an update leaves out) holds the same view as a fresh join.
 */

const Q1 = questionDefinition('q1', ['Yes', 'No']);
const WORDS = questionOfKind('words', 'wordcloud');
const OPEN = questionOfKind('ideas', 'open');
const VOTE = phaseDefinition('vote', 'vote', { questionIds: ['q1'], durationMs: MINUTE, autoCloseVote: true });
const TALK = phaseDefinition('talk', 'discussion', { durationMs: 10 * MINUTE });
const AGENDA = agendaOf([TALK, VOTE], [Q1]);

/** The update `command` broadcasts, or null when it changes no view. */
function broadcastOf(state: SessionState, command: SessionCommand, now: number) {
  const { events } = run(state, command, now);
  return events.some(changesLiveView) ? liveViewUpdate(state, now, events) : null;
}

/** A session with a table, two attendees (p1 facilitates t1) and a word cloud and an open question open. */
function busySession(): SessionState {
  const state = newSession();
  addTables(state, ['Oak']);
  run(state, join('p1', 'cred-p1', 'onsite', 't1'));
  run(state, join('p2'));
  run(state, { type: 'facilitator:claim', participantId: 'p1', facilitatorCode: 'code-t1' });
  run(state, open(WORDS));
  run(state, open(OPEN));
  run(state, castAnswer('p1', 'words', 'b1', { words: ['trams'] }));
  run(state, castAnswer('p2', 'ideas', 'b2', { text: 'More trees' }));
  return state;
}

describe('which lists a view update carries', () => {
  const lists = (questions: boolean, tables: boolean) => ({ questions, tables });
  /** A step, the lists its update must carry (null: no update), and how long after the step before it it comes. */
  const steps: [string, SessionCommand, ReturnType<typeof lists> | null, number?][] = [
    ['entering a phase', jump('talk', AGENDA), lists(false, false)],
    ['starting the timer', timerStart, lists(false, false)],
    ['adding a minute', timerAdjust(MINUTE), lists(false, false)],
    ['pausing the timer', timerPause, lists(false, false)],
    ['a vote phase opening its question', jump('vote', AGENDA, true), lists(true, false)],
    ['a ballot', cast('p2', 'q1', 'b3', 'q1-a'), null],
    ['the time-out closing the vote', timerExpire(AGENDA), lists(true, false), 2 * MINUTE],
    ['reopening the question (a ballot was counted)', open(Q1), lists(true, false)],
    ['opening another question', open(questionDefinition('q2')), lists(true, false)],
    ['closing it', close('q2'), lists(true, false)],
    ['hiding a word', { type: 'word:hide', questionId: 'words', word: 'trams', hidden: true }, null],
    ['moderating an open answer', { type: 'answer:moderate', questionId: 'ideas', answerId: 'p2:b2', status: 'hidden' }, null],
    ['choosing what the projector shows', { type: 'screen:show', screen: { mode: 'tables', tableId: null } }, lists(false, false)],
    ['adding tables', { type: 'tables:add', tables: [{ name: 'Birch', facilitatorCode: 'code-t2' }] }, lists(false, true)],
    ['renaming a table', { type: 'table:rename', tableId: 't2', name: 'Elm' }, lists(false, true)],
    ['seating someone', { type: 'participant:seat', participantId: 'p2', tableId: 't2' }, null],
    ['removing a table', { type: 'table:remove', tableId: 't2' }, lists(false, true)],
    ['posting a contribution', { type: 'contribution:post', participantId: 'p2', kind: 'proposal', text: 'Bike lanes', forTable: false }, null],
    ['ending the session (closing the questions)', { type: 'session:end' }, lists(true, false)],
    ['reopening the session', { type: 'session:reopen' }, lists(false, false)],
  ];

  it('the lists a step changed, and only those; the rest of the view always', () => {
    const state = busySession();
    let now = 10_000;
    for (const [step, command, expected, afterMs = 1_000] of steps) {
      now += afterMs;
      const update = broadcastOf(state, command, now);
      const full = deriveLiveView(state, now);
      if (expected === null) {
        expect(update, step).toBeNull();
        continue;
      }
      expect(update, step).not.toBeNull();
      expect({ questions: 'questions' in update!, tables: 'tables' in update! }, step).toEqual(expected);
      const { questions, tables, ...rest } = full;
      expect(update, step).toEqual({ ...rest, ...(expected.questions ? { questions } : {}), ...(expected.tables ? { tables } : {}) });
    }
  });

  it('a merge keeps the lists an update leaves out and takes the ones it carries', () => {
    const state = busySession();
    const joined = deriveLiveView(state, 1_000);
    const timer = broadcastOf(state, jump('talk', AGENDA, true), 2_000)!;
    expect(applyLiveViewUpdate(joined, timer)).toEqual({ ...timer, questions: joined.questions, tables: joined.tables });
    const opened = broadcastOf(state, open(Q1), 3_000)!;
    const merged = applyLiveViewUpdate(joined, opened);
    expect(merged.questions.map(({ id, status }) => [id, status])).toEqual([['words', 'open'], ['ideas', 'open'], ['q1', 'open']]);
    expect(merged.tables).toBe(joined.tables);
  });
});

// ---- Seeded random runs: a client following the updates always holds what a join would give it. ----

const SEED = printedSeed('live-view.test');
const SEQUENCES = 100;
const STEPS = 150;

function randomCommand(random: Random, state: SessionState): SessionCommand {
  const tableIds = [...state.tables.keys(), 't-gone'];
  const questionId = random.pick(['q1', 'words', 'ideas']);
  const commands: (() => SessionCommand)[] = [
    () => open(random.pick([Q1, WORDS, OPEN])),
    () => close(questionId),
    () => cast(random.pick(['p1', 'p2']), 'q1', `b${random.int(5)}`, random.pick(['q1-a', 'q1-b'])),
    () => castAnswer('p2', 'words', `w${random.int(5)}`, { words: [random.pick(['trams', 'trees'])] }),
    () => ({ type: 'word:hide', questionId: 'words', word: random.pick(['trams', 'trees']), hidden: random.chance(0.5) }),
    () => ({ type: 'answer:moderate', questionId: 'ideas', answerId: 'p2:b2', status: random.pick(['approved', 'hidden', 'pending'] as const) }),
    () => jump(random.pick(['talk', 'vote']), AGENDA, random.chance(0.5)),
    () => random.pick([timerStart, timerPause, timerAdjust(MINUTE), timerExpire(AGENDA)]),
    () => ({ type: 'screen:show', screen: { mode: random.pick(['room', 'tables'] as const), tableId: null } }),
    () => ({ type: 'tables:add', tables: [{ name: `Table ${random.int(100)}`, facilitatorCode: `code-${random.next()}` }] }),
    () => ({ type: 'table:rename', tableId: random.pick(tableIds), name: `Renamed ${random.int(100)}` }),
    () => ({ type: 'table:remove', tableId: random.pick(tableIds) }),
    () => ({ type: 'participant:seat', participantId: random.pick(['p1', 'p2']), tableId: random.pick([...tableIds, null]) }),
    () => ({ type: 'contribution:post', participantId: 'p2', kind: 'question', text: `Why ${random.int(100)}?`, forTable: false }),
    () => ({ type: random.pick(['session:end', 'session:reopen'] as const) }),
  ];
  return random.pick(commands)();
}

describe('a client that merges view updates', () => {
  it(`holds the joined view's lists after every step, and the whole view after every broadcast (${SEQUENCES} × ${STEPS} steps)`, () => {
    const outcomes = new Outcomes('live-view.test', SEED);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) {
      const random = sequenceRandom(SEED, sequence);
      const state = busySession();
      let held: LiveView = deriveLiveView(state, 0);
      for (let step = 1; step <= STEPS; step++) {
        const now = step * 10_000;
        const command = randomCommand(random, state);
        const decision = execute(state, command, now);
        const context = `sequence ${sequence}, step ${step}, ${command.type}, PNYX_SEED=${SEED}`;
        if (!decision.ok || decision.events.length === 0) continue;
        const joined = deriveLiveView(state, now);
        if (decision.events.some(changesLiveView)) {
          const update = liveViewUpdate(state, now, decision.events);
          outcomes.count(`broadcast${'questions' in update ? ' with questions' : ''}${'tables' in update ? ' with tables' : ''}`);
          held = applyLiveViewUpdate(held, update);
          expect(held, context).toEqual(joined);
        } else {
          outcomes.count('no broadcast');
          expect({ questions: held.questions, tables: held.tables }, context).toEqual({ questions: joined.questions, tables: joined.tables });
        }
      }
    }
    outcomes.expectEachMoreThan(['broadcast', 'broadcast with questions', 'broadcast with tables', 'no broadcast'], 100);
  });
});

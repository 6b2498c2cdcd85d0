import { describe, expect, it } from 'vitest';
import {
  decide,
  evolve,
  execute,
  QUESTION_LIMITS,
  type ErrorCode,
  type QuestionDefinition,
  type SessionCommand,
  type SessionEvent,
} from '@pnyx/shared';
import {
  addTables,
  cast,
  close,
  decideThenEvolve,
  join,
  newSession,
  open,
  optionId,
  paper,
  questionDefinition,
  questionOf,
  run,
  sessionWith,
  tallyOf,
} from '../utils/domain-fixtures.js';

const NOW = 5_000;
const q1 = questionDefinition('q1', ['Yes', 'No']);
const q2 = questionDefinition('q2', ['Red', 'Green', 'Blue']);
const [A, B] = [optionId('q1', 0), optionId('q1', 1)];

/** A decision refused with `code`, carrying a message a person can read. */
function expectRefusal(result: ReturnType<typeof decide>, code: ErrorCode): void {
  expect(result.ok, `expected a refusal with ${code}`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.trim().length).toBeGreaterThan(0);
}

function withOptions(id: string, count: number): QuestionDefinition {
  return questionDefinition(id, Array.from({ length: count }, (_, index) => `Option ${index + 1}`));
}

describe('participant:join', () => {
  it('records a new participant with its credential and join time', () => {
    const state = newSession();
    const result = decideThenEvolve(state, join('p1', 'secret-1'), NOW);

    expect(result).toEqual({
      ok: true,
      duplicate: false,
      events: [{ type: 'participant:joined', participantId: 'p1', credential: 'secret-1', channel: 'onsite', tableId: null, name: '', at: NOW }],
    });
    expect(state.participants.get('p1')).toEqual({
      id: 'p1',
      channel: 'onsite',
      credential: 'secret-1',
      joinedAt: NOW,
      name: '',
      tableId: null,
      facilitator: false,
      language: null,
    });
    expect(state.participantIdByCredential.get('secret-1')).toBe('p1');
  });

  it('records the channel an online participant joined through', () => {
    const state = newSession();
    const result = decideThenEvolve(state, join('p1', 'secret-1', 'online'), NOW);

    expect(result).toEqual({
      ok: true,
      duplicate: false,
      events: [{ type: 'participant:joined', participantId: 'p1', credential: 'secret-1', channel: 'online', tableId: null, name: '', at: NOW }],
    });
    expect(state.participants.get('p1')).toEqual({
      id: 'p1',
      channel: 'online',
      credential: 'secret-1',
      joinedAt: NOW,
      name: '',
      tableId: null,
      facilitator: false,
      language: null,
    });
  });

  it.each<[string, string, 'onsite' | 'online']>([
    ['the same credential', 'secret-1', 'onsite'],
    ['another credential', 'secret-2', 'onsite'],
    ['another channel', 'secret-1', 'online'],
  ])('a repeated join with %s is a duplicate that changes nothing', (_, credential, channel) => {
    const state = sessionWith({});
    run(state, join('p1', 'secret-1'), 1);

    const result = decideThenEvolve(state, join('p1', credential, channel), NOW);

    expect(result).toEqual({ ok: true, duplicate: true, events: [] });
    expect(state.participants.get('p1')).toEqual({
      id: 'p1',
      channel: 'onsite',
      credential: 'secret-1',
      joinedAt: 1,
      name: '',
      tableId: null,
      facilitator: false,
      language: null,
    });
    expect(state.participants.size).toBe(1);
  });
});

describe('question:open', () => {
  const tooLong = (length: number) => 'x'.repeat(length + 1);
  const base = questionDefinition('q1', ['Yes', 'No', 'Maybe']);
  const relabel = (index: number, label: string): QuestionDefinition => ({
    ...base,
    options: base.options.map((option, at) => (at === index ? { ...option, label } : option)),
  });

  it.each<[string, QuestionDefinition, RegExp]>([
    ['empty text', { ...base, text: '' }, /no text/],
    ['text of spaces only', { ...base, text: ' \t\n ' }, /no text/],
    ['text over the limit', { ...base, text: tooLong(QUESTION_LIMITS.textMaxLength) }, /longer than 500/],
    ['no options', { ...base, options: [] }, /2 to 10 options.*has 0/],
    ['a single option', withOptions('q1', 1), /has 1/],
    ['eleven options', withOptions('q1', 11), /has 11/],
    ['an empty label', relabel(1, ''), /Option 2 has no label/],
    ['a label of spaces only', relabel(0, '   '), /Option 1 has no label/],
    ['a label over the limit', relabel(2, tooLong(QUESTION_LIMITS.labelMaxLength)), /Option 3 is longer than 200/],
    ['a repeated option id', { ...base, options: [...base.options.slice(0, 2), { id: optionId('q1', 0), label: 'Again' }] }, /Option 3 repeats/],
  ])('refuses a question with %s as question_not_ready', (_, definition, reason) => {
    const state = newSession();

    const result = decideThenEvolve(state, open(definition), NOW);

    expectRefusal(result, 'question_not_ready');
    if (!result.ok) expect(result.error.message).toMatch(reason);
    expect(state.questions.size).toBe(0);
    expect(state.screenQuestionId).toBeNull();
  });

  it.each<[string, QuestionDefinition, QuestionDefinition]>([
    ['two options (the minimum)', withOptions('q1', 2), withOptions('q1', 2)],
    ['ten options (the maximum)', withOptions('q1', 10), withOptions('q1', 10)],
    ['text of exactly the maximum length', { ...base, text: 't'.repeat(500) }, { ...base, text: 't'.repeat(500) }],
    ['a label of exactly the maximum length', relabel(0, 'l'.repeat(200)), relabel(0, 'l'.repeat(200))],
    [
      'text and labels padded with spaces (trimmed, then within the limits)',
      { ...relabel(1, `  ${'l'.repeat(200)}  `), text: `   ${'t'.repeat(500)}\n` },
      { ...relabel(1, 'l'.repeat(200)), text: 't'.repeat(500) },
    ],
  ])('opens a question with %s', (_, definition, normalised) => {
    const state = newSession();

    const result = decideThenEvolve(state, open(definition), NOW);

    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'question:opened', definition: normalised, at: NOW }] });
    expect(questionOf(state, 'q1')).toMatchObject({ definition: normalised, status: 'open', openedAt: NOW, closedAt: null });
    expect(state.screenQuestionId).toBe('q1');
  });

  it('puts the question opened last on the screen', () => {
    const state = sessionWith({ questions: [q1] });
    decideThenEvolve(state, open(q2), NOW);
    expect(state.screenQuestionId).toBe('q2');
  });

  it.each<[string, QuestionDefinition]>([
    ['the same definition', q1],
    ['an edited definition', questionDefinition('q1', ['Up', 'Down', 'Sideways'], 'Edited?')],
    ['an invalid definition', withOptions('q1', 1)],
  ])('opening an open question again with %s changes nothing', (_, definition) => {
    const state = sessionWith({ questions: [q1, q2] });

    const result = decideThenEvolve(state, open(definition), NOW);

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.events).toEqual([]);
    expect(questionOf(state, 'q1')).toMatchObject({ definition: q1, status: 'open', openedAt: 0 });
    expect(state.screenQuestionId).toBe('q2');
  });
});

describe('reopening a closed question', () => {
  it.each<[string, QuestionDefinition]>([
    ['the same definition', q1],
    ['other text', { ...q1, text: 'Rephrased?' }],
    ['other labels', questionDefinition('q1', ['Agree', 'Disagree'])],
    ['an option removed and one added', { ...q1, options: [{ id: A, label: 'Yes' }, { id: 'q1-new', label: 'New' }] }],
    ['a definition that could not open', withOptions('q1', 1)],
  ])('with ballots it keeps the frozen definition and the ballots, given %s', (_, edited) => {
    const state = sessionWith({ participants: ['p1', 'p2'], questions: [q1, q2] });
    run(state, cast('p1', 'q1', 'b1', A));
    run(state, cast('p2', 'q1', 'b2', B));
    run(state, close('q1'), 10);
    const tallyBefore = tallyOf(state, 'q1');

    const result = decideThenEvolve(state, open(edited), NOW);

    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'question:reopened', questionId: 'q1', at: NOW }] });
    expect(questionOf(state, 'q1')).toMatchObject({ definition: q1, status: 'open', closedAt: null });
    expect(tallyOf(state, 'q1')).toEqual(tallyBefore);
    expect(state.screenQuestionId).toBe('q1');
    // The old ballot ids still count as delivered: a retry after the reopen is a duplicate.
    expect(decide(state, cast('p1', 'q1', 'b1', A), NOW + 1)).toEqual({ ok: true, duplicate: true, events: [] });
  });

  it('with only paper ballots it keeps the frozen definition and the counts', () => {
    const state = sessionWith({ participants: ['p1'], questions: [q1, q2] });
    addTables(state, ['One']);
    run(state, paper(null, 'q1', 't1', { [A]: 5, [B]: 3 }));
    run(state, close('q1'), 10);

    const result = decideThenEvolve(state, open({ ...q1, kind: 'wordcloud', options: [] }), NOW);

    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'question:reopened', questionId: 'q1', at: NOW }] });
    expect(questionOf(state, 'q1').definition).toEqual(q1);
    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', voters: 8, counts: { [A]: 5, [B]: 3 } });
  });

  it('without ballots it takes the new definition', () => {
    const state = sessionWith({ participants: ['p1'], questions: [q1, q2] });
    run(state, close('q1'), 10);
    const edited = questionDefinition('q1', [' Agree ', 'Disagree', 'Unsure'], '  Rephrased?  ');
    const normalised = questionDefinition('q1', ['Agree', 'Disagree', 'Unsure'], 'Rephrased?');

    const result = decideThenEvolve(state, open(edited), NOW);

    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'question:opened', definition: normalised, at: NOW }] });
    expect(questionOf(state, 'q1')).toMatchObject({ definition: normalised, status: 'open', closedAt: null });
    expect([...state.questions.keys()]).toEqual(['q1', 'q2']);
    expect(state.screenQuestionId).toBe('q1');
    expect(execute(state, cast('p1', 'q1', 'b1', optionId('q1', 2)), NOW).ok).toBe(true);
  });

  it('without ballots it checks the new definition and stays closed when it cannot open', () => {
    const state = sessionWith({ questions: [q1] });
    run(state, close('q1'), 10);

    const result = decideThenEvolve(state, open({ ...q1, text: '' }), NOW);

    expectRefusal(result, 'question_not_ready');
    expect(questionOf(state, 'q1')).toMatchObject({ definition: q1, status: 'closed', closedAt: 10 });
  });
});

describe('question:close', () => {
  it('closes an open question at the given time', () => {
    const state = sessionWith({ questions: [q1] });

    const result = decideThenEvolve(state, close('q1'), NOW);

    expect(result).toEqual({ ok: true, duplicate: false, events: [{ type: 'question:closed', questionId: 'q1', at: NOW }] });
    expect(questionOf(state, 'q1')).toMatchObject({ status: 'closed', closedAt: NOW });
  });

  it('closing a closed question again changes nothing, not even the closing time', () => {
    const state = sessionWith({ questions: [q1] });
    run(state, close('q1'), 10);

    const result = decideThenEvolve(state, close('q1'), NOW);

    expect(result.ok).toBe(true);
    if (result.ok) expect(result.events).toEqual([]);
    expect(questionOf(state, 'q1')).toMatchObject({ status: 'closed', closedAt: 10 });
  });

  it.each([
    ['a question that never opened', 'q9'],
    ['an empty id', ''],
  ])('refuses to close %s with unknown_question', (_, questionId) => {
    const state = sessionWith({ questions: [q1] });
    expectRefusal(decideThenEvolve(state, close(questionId), NOW), 'unknown_question');
  });
});

describe('ballot:cast refusals', () => {
  /** p1 and p2 joined; q1 open; q2 opened then closed without ballots. */
  function fixture() {
    const state = sessionWith({ participants: ['p1', 'p2'], questions: [q1, q2] });
    run(state, close('q2'), 10);
    return state;
  }

  it.each<[string, SessionCommand, ErrorCode]>([
    ['a participant who never joined', cast('stranger', 'q1', 'b1', A), 'not_joined'],
    ['a participant who never joined, on an unknown question', cast('stranger', 'q9', 'b1', A), 'not_joined'],
    ['an unknown question', cast('p1', 'q9', 'b1', A), 'unknown_question'],
    ['a closed question', cast('p1', 'q2', 'b1', optionId('q2', 0)), 'question_closed'],
    ['a closed question and an unknown option', cast('p1', 'q2', 'b1', 'nope'), 'question_closed'],
    ['an option of another question', cast('p1', 'q1', 'b1', optionId('q2', 0)), 'invalid_option'],
    ['an option id that exists nowhere', cast('p1', 'q1', 'b1', 'q1-z'), 'invalid_option'],
    ['an empty option id', cast('p1', 'q1', 'b1', ''), 'invalid_option'],
  ])('refuses a ballot from %s', (_, command, code) => {
    const state = fixture();

    expectRefusal(decideThenEvolve(state, command, NOW), code);

    expect(questionOf(state, 'q1').ballots.size).toBe(0);
    expect(questionOf(state, 'q2').ballots.size).toBe(0);
  });
});

describe('ballot:cast sequences', () => {
  type Outcome = 'accepted' | 'duplicate' | ErrorCode;
  type Step = [SessionCommand, Outcome];
  interface Scenario {
    name: string;
    steps: Step[];
    /** The ballot id that counts per participant on q1 at the end. */
    counted: Record<string, string>;
    counts: Record<string, number>;
  }

  const reopen = open(q1);
  const scenarios: Scenario[] = [
    {
      name: 'a first ballot counts',
      steps: [[cast('p1', 'q1', 'b1', A), 'accepted']],
      counted: { p1: 'b1' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a change of vote: the last ballot counts',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p1', 'q1', 'b2', B), 'accepted'],
      ],
      counted: { p1: 'b2' },
      counts: { [A]: 0, [B]: 1 },
    },
    {
      name: 'a vote changed back and forth counts once',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p1', 'q1', 'b2', B), 'accepted'],
        [cast('p1', 'q1', 'b3', A), 'accepted'],
      ],
      counted: { p1: 'b3' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a retry of the same ballot id (lost ack) is a duplicate',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p1', 'q1', 'b1', A), 'duplicate'],
        [cast('p1', 'q1', 'b1', A), 'duplicate'],
      ],
      counted: { p1: 'b1' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a ballot id reused with another option is still the first ballot',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p1', 'q1', 'b1', B), 'duplicate'],
      ],
      counted: { p1: 'b1' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a late retry of an older ballot does not override a newer one',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p1', 'q1', 'b2', B), 'accepted'],
        [cast('p1', 'q1', 'b1', A), 'duplicate'],
      ],
      counted: { p1: 'b2' },
      counts: { [A]: 0, [B]: 1 },
    },
    {
      name: 'a retry of an accepted ballot after closing is acknowledged, a new ballot is not',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [close('q1'), 'accepted'],
        [cast('p1', 'q1', 'b1', A), 'duplicate'],
        [cast('p1', 'q1', 'b2', B), 'question_closed'],
      ],
      counted: { p1: 'b1' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a ballot refused while closed is accepted when retried after reopening',
      steps: [
        [close('q1'), 'accepted'],
        [cast('p1', 'q1', 'b1', A), 'question_closed'],
        [reopen, 'accepted'],
        [cast('p1', 'q1', 'b1', A), 'accepted'],
      ],
      counted: { p1: 'b1' },
      counts: { [A]: 1, [B]: 0 },
    },
    {
      name: 'a refused ballot leaves no trace: its id can be accepted with a valid option',
      steps: [
        [cast('p1', 'q1', 'b1', 'q1-z'), 'invalid_option'],
        [cast('p1', 'q1', 'b1', B), 'accepted'],
      ],
      counted: { p1: 'b1' },
      counts: { [A]: 0, [B]: 1 },
    },
    {
      name: 'two participants using the same ballot id are two voters',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p2', 'q1', 'b1', B), 'accepted'],
        [cast('p3', 'q1', 'b1', B), 'accepted'],
      ],
      counted: { p1: 'b1', p2: 'b1', p3: 'b1' },
      counts: { [A]: 1, [B]: 2 },
    },
    {
      name: 'one voter changing does not move another voter',
      steps: [
        [cast('p1', 'q1', 'b1', A), 'accepted'],
        [cast('p2', 'q1', 'b2', A), 'accepted'],
        [cast('p1', 'q1', 'b3', B), 'accepted'],
      ],
      counted: { p1: 'b3', p2: 'b2' },
      counts: { [A]: 1, [B]: 1 },
    },
  ];

  it.each(scenarios)('$name', ({ steps, counted, counts }) => {
    const state = sessionWith({ participants: ['p1', 'p2', 'p3'], questions: [q1] });

    for (const [index, [command, outcome]] of steps.entries()) {
      const now = NOW + index;
      const context = `at step ${index + 1} (${command.type})`;
      const result = decideThenEvolve(state, command, now, { context: () => context });
      if (outcome === 'duplicate') {
        expect(result, context).toEqual({ ok: true, duplicate: true, events: [] });
      } else if (outcome !== 'accepted') {
        expect(result.ok, context).toBe(false);
        if (!result.ok) expect(result.error.code, context).toBe(outcome);
      } else if (command.type === 'ballot:cast') {
        const { ballotId: id, participantId, questionId, answer } = command;
        const ballot = { id, voterId: participantId, participantId, questionId, answer, castAt: now };
        expect(result, context).toEqual({ ok: true, duplicate: false, events: [{ type: 'ballot:accepted', ballot }] });
      } else {
        expect(result, context).toMatchObject({ ok: true, duplicate: false });
        if (result.ok) expect(result.events, context).toHaveLength(1);
      }
    }

    const ballots = questionOf(state, 'q1').ballots;
    expect(Object.fromEntries([...ballots].map(([participantId, ballot]) => [participantId, ballot.id]))).toEqual(counted);
    expect(tallyOf(state, 'q1')).toEqual({ questionId: 'q1', counts, voters: Object.keys(counted).length });
  });
});

describe('execute and evolve', () => {
  const script: SessionCommand[] = [
    join('p1'),
    join('p2'),
    open(q1),
    cast('p1', 'q1', 'b1', A),
    open(q2),
    cast('p2', 'q1', 'b2', B),
    cast('p1', 'q1', 'b3', B),
    cast('p1', 'q1', 'b1', A),
    close('q1'),
    cast('p2', 'q2', 'b4', optionId('q2', 2)),
    open(q1),
    close('q2'),
  ];

  it('execute applies exactly the events decide produced', () => {
    const executed = newSession();
    const decided = newSession();
    for (const [now, command] of script.entries()) {
      const expected = decideThenEvolve(decided, command, now);
      expect(execute(executed, command, now)).toEqual(expected);
      expect(executed).toEqual(decided);
    }
  });

  it('execute changes nothing when the command is refused', () => {
    const state = sessionWith({ participants: ['p1'], questions: [q1] });
    run(state, close('q1'));
    const before = structuredClone(state);

    const result = execute(state, cast('p1', 'q1', 'b1', A), NOW);

    expectRefusal(result, 'question_closed');
    expect(state).toEqual(before);
  });

  it('replaying the stored events rebuilds the same session', () => {
    const live = newSession();
    const log: SessionEvent[] = [];
    for (const [now, command] of script.entries()) {
      const result = execute(live, command, now);
      if (result.ok) log.push(...result.events);
    }
    // The duplicate retry of b1 left no event; opening q1 again after its ballots is a reopen.
    expect(log.map((event) => event.type)).toEqual([
      'participant:joined',
      'participant:joined',
      'question:opened',
      'ballot:accepted',
      'question:opened',
      'ballot:accepted',
      'ballot:accepted',
      'question:closed',
      'ballot:accepted',
      'question:reopened',
      'question:closed',
    ]);

    const replayed = newSession();
    for (const event of structuredClone(log)) evolve(replayed, event);

    expect(replayed).toEqual(live);
  });

  it.each<[string, SessionEvent]>([
    ['closes', { type: 'question:closed', questionId: 'q9', at: NOW }],
    ['reopens', { type: 'question:reopened', questionId: 'q9', at: NOW }],
    [
      'accepts a ballot for',
      { type: 'ballot:accepted', ballot: { id: 'b1', voterId: 'p1', participantId: 'p1', questionId: 'q9', answer: { optionId: A }, castAt: NOW } },
    ],
  ])('evolve throws on a corrupt log that %s an unknown question', (_, event) => {
    const state = sessionWith({ participants: ['p1'], questions: [q1] });
    expect(() => evolve(state, event)).toThrow(/q9/);
  });
});

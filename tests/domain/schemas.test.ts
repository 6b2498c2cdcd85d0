import { describe, expect, it } from 'vitest';
import {
  agendaFileSchema,
  attendeeJoinSchema,
  ballotCastSchema,
  emptySchema,
  createSessionBodySchema,
  idSchema,
  joinCodeSchema,
  moderatorJoinSchema,
  parseMessage,
  phaseGoSchema,
  questionRefSchema,
  screenJoinSchema,
  TIMER_ACTIONS,
  timerControlSchema,
} from '@pnyx/shared/schemas';
import { AGENDA_TEMPLATES, PHASE_KINDS, PHASE_LIMITS, SESSION_TITLE_MAX_LENGTH } from '@pnyx/shared';

type Schema = Parameters<typeof parseMessage>[0];

const TOKEN = 't'.repeat(16);

/** [what is wrong, input, text the message must name (the field, or the offending key)] */
type Invalid = [string, unknown, string];

function expectAccepted(schema: Schema, input: unknown, value: unknown): void {
  expect(parseMessage(schema, input)).toEqual({ ok: true, value });
}

function expectRefused(schema: Schema, input: unknown, mention: string): void {
  const result = parseMessage(schema, input);
  expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
  if (!result.ok) expect(result.error.message).toContain(mention);
}

/** Inputs every message schema refuses: the payload is not an object at all. */
const notObjects: Invalid[] = [
  ['null', null, 'expected object'],
  ['undefined', undefined, 'expected object'],
  ['a string', 'ballot', 'expected object'],
  ['a number', 42, 'expected object'],
  ['an array', [], 'expected object'],
];

describe('idSchema', () => {
  it.each(['a', 'Z', '0', 'q1-a', 'ballot_01-XYZ', 'x'.repeat(64)])('accepts %s', (id) => {
    expectAccepted(idSchema, id, id);
  });

  it.each<Invalid>([
    ['an empty string', '', 'Too small'],
    ['65 characters', 'x'.repeat(65), 'Too big'],
    ['a space', 'a b', 'letters, digits'],
    ['a slash', 'a/b', 'letters, digits'],
    ['a dot', 'a.b', 'letters, digits'],
    ['a non-ASCII letter', 'é', 'letters, digits'],
    ['a trailing newline', 'abc\n', 'letters, digits'],
    ['a number', 7, 'expected string'],
    ['null', null, 'expected string'],
  ])('refuses %s', (_, input, mention) => {
    expectRefused(idSchema, input, mention);
  });
});

describe('joinCodeSchema', () => {
  it.each([
    ['ABC234', 'ABC234'],
    ['abc-234', 'ABC234'],
    [' abc 234 ', 'ABC234'],
    ['a-b-c-2-3-4-----', 'ABC234'],
  ])('reads %j as %s', (input, code) => {
    expectAccepted(joinCodeSchema, input, code);
  });

  it.each<Invalid>([
    ['a look-alike character', 'ABC0DE', 'join code'],
    ['a wrong length', 'ABC23', 'join code'],
    ['more than 16 characters, even if they normalise to a code', 'a-b-c-2-3-4------', 'Too big'],
    ['a number', 123456, 'expected string'],
  ])('refuses %s', (_, input, mention) => {
    expectRefused(joinCodeSchema, input, mention);
  });
});

describe.each<{ name: string; schema: Schema; valid: [unknown, unknown][]; invalid: Invalid[] }>([
  {
    name: 'createSessionBodySchema',
    schema: createSessionBodySchema,
    valid: [
      [{ title: 'Town hall' }, { title: 'Town hall' }],
      [{ title: '  Town hall\n' }, { title: 'Town hall' }],
      [{ title: 'x'.repeat(SESSION_TITLE_MAX_LENGTH) }, { title: 'x'.repeat(SESSION_TITLE_MAX_LENGTH) }],
      [{ title: `  ${'x'.repeat(SESSION_TITLE_MAX_LENGTH)}  ` }, { title: 'x'.repeat(SESSION_TITLE_MAX_LENGTH) }],
    ],
    invalid: [
      ['a missing title', {}, 'title'],
      ['an empty title', { title: '' }, 'title: must not be empty'],
      ['a title of spaces', { title: '   ' }, 'title: must not be empty'],
      ['a title over the limit', { title: 'x'.repeat(SESSION_TITLE_MAX_LENGTH + 1) }, 'title'],
      ['a title that is a number', { title: 12 }, 'title'],
      ['an extra field', { title: 'Town hall', owner: 'me' }, 'owner'],
    ],
  },
  {
    name: 'attendeeJoinSchema',
    schema: attendeeJoinSchema,
    valid: [
      [{ code: 'abc-234' }, { code: 'ABC234' }],
      [{ code: 'ABC234', participantToken: TOKEN }, { code: 'ABC234', participantToken: TOKEN }],
      [{ code: 'ABC234', participantToken: 'p'.repeat(128) }, { code: 'ABC234', participantToken: 'p'.repeat(128) }],
      [{ code: 'ABC234', channel: 'online' }, { code: 'ABC234', channel: 'online' }],
      [{ code: 'ABC234', channel: 'onsite', participantToken: TOKEN }, { code: 'ABC234', channel: 'onsite', participantToken: TOKEN }],
    ],
    invalid: [
      ['a missing code', { participantToken: TOKEN }, 'code'],
      ['a code that cannot be one', { code: 'ABCIO1' }, 'code'],
      ['a token shorter than 16 characters', { code: 'ABC234', participantToken: 't'.repeat(15) }, 'participantToken'],
      ['a token longer than 128 characters', { code: 'ABC234', participantToken: 't'.repeat(129) }, 'participantToken'],
      ['a null token', { code: 'ABC234', participantToken: null }, 'participantToken'],
      ['an extra field', { code: 'ABC234', role: 'moderator' }, 'role'],
      ['an unknown channel', { code: 'ABC234', channel: 'remote' }, 'channel'],
      ['a channel in capitals', { code: 'ABC234', channel: 'ONLINE' }, 'channel'],
      ['a null channel', { code: 'ABC234', channel: null }, 'channel'],
    ],
  },
  {
    name: 'moderatorJoinSchema',
    schema: moderatorJoinSchema,
    valid: [[{ sessionId: 'session-1', moderatorToken: TOKEN }, { sessionId: 'session-1', moderatorToken: TOKEN }]],
    invalid: [
      ['a missing token', { sessionId: 'session-1' }, 'moderatorToken'],
      ['a short token', { sessionId: 'session-1', moderatorToken: 'secret' }, 'moderatorToken'],
      ['a bad session id', { sessionId: '../etc', moderatorToken: TOKEN }, 'sessionId'],
      ['an oversized session id', { sessionId: 's'.repeat(65), moderatorToken: TOKEN }, 'sessionId'],
      ['a join code instead of a session id', { code: 'ABC234', moderatorToken: TOKEN }, 'sessionId'],
    ],
  },
  {
    name: 'screenJoinSchema',
    schema: screenJoinSchema,
    valid: [[{ code: 'abc 234' }, { code: 'ABC234' }]],
    invalid: [
      ['a missing code', {}, 'code'],
      ['a bad code', { code: 'ABC_23' }, 'code'],
      ['a moderator token', { code: 'ABC234', moderatorToken: TOKEN }, 'moderatorToken'],
    ],
  },
  {
    name: 'ballotCastSchema',
    schema: ballotCastSchema,
    valid: [
      [{ questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b_1' }, { questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b_1' }],
      [
        { questionId: 'q'.repeat(64), answer: { optionId: 'o'.repeat(64) }, ballotId: 'b'.repeat(64) },
        { questionId: 'q'.repeat(64), answer: { optionId: 'o'.repeat(64) }, ballotId: 'b'.repeat(64) },
      ],
      [{ questionId: 'q1', answer: { optionIds: ['a', 'b'] }, ballotId: 'b1' }, { questionId: 'q1', answer: { optionIds: ['a', 'b'] }, ballotId: 'b1' }],
      [{ questionId: 'q1', answer: { words: ['Trust', ' '] }, ballotId: 'b1' }, { questionId: 'q1', answer: { words: ['Trust', ' '] }, ballotId: 'b1' }],
      [{ questionId: 'q1', answer: { text: 'More buses' }, ballotId: 'b1' }, { questionId: 'q1', answer: { text: 'More buses' }, ballotId: 'b1' }],
    ],
    invalid: [
      ['a missing ballot id', { questionId: 'q1', answer: { optionId: 'q1-a' } }, 'ballotId'],
      ['a missing answer', { questionId: 'q1', ballotId: 'b1' }, 'answer'],
      ['an option id beside the answer (the old shape)', { questionId: 'q1', optionId: 'q1-a', answer: { optionId: 'q1-a' }, ballotId: 'b1' }, 'optionId'],
      ['a numeric option id', { questionId: 'q1', answer: { optionId: 1 }, ballotId: 'b1' }, 'answer'],
      ['an answer of two shapes', { questionId: 'q1', answer: { optionId: 'a', text: 'x' }, ballotId: 'b1' }, 'answer'],
      ['no option ids', { questionId: 'q1', answer: { optionIds: [] }, ballotId: 'b1' }, 'answer'],
      ['too many words', { questionId: 'q1', answer: { words: ['a', 'b', 'c', 'd'] }, ballotId: 'b1' }, 'answer'],
      ['an oversized open answer', { questionId: 'q1', answer: { text: 'x'.repeat(100_000) }, ballotId: 'b1' }, 'answer'],
      ['an empty question id', { questionId: '', answer: { optionId: 'q1-a' }, ballotId: 'b1' }, 'questionId'],
      ['an oversized ballot id', { questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b'.repeat(65) }, 'ballotId'],
      ['a huge ballot id', { questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b'.repeat(100_000) }, 'ballotId'],
      ['a ballot id with spaces', { questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b 1' }, 'ballotId'],
      ['an extra participantId', { questionId: 'q1', answer: { optionId: 'q1-a' }, ballotId: 'b1', participantId: 'p2' }, 'participantId'],
    ],
  },
  {
    name: 'questionRefSchema',
    schema: questionRefSchema,
    valid: [[{ questionId: 'q1' }, { questionId: 'q1' }]],
    invalid: [
      ['a missing question id', {}, 'questionId'],
      ['a question id with a slash', { questionId: 'q/1' }, 'questionId'],
      ['an extra definition', { questionId: 'q1', definition: {} }, 'definition'],
    ],
  },
  {
    name: 'timerControlSchema',
    schema: timerControlSchema,
    valid: TIMER_ACTIONS.map((action) => [{ action }, { action }]),
    invalid: [
      ['an unknown action', { action: 'stop' }, 'action'],
      ['no action', {}, 'action'],
      ['a numeric action', { action: 1 }, 'action'],
      ['an extra delta', { action: 'add-minute', deltaMs: 600_000 }, 'deltaMs'],
    ],
  },
  {
    name: 'emptySchema',
    schema: emptySchema,
    valid: [[{}, {}]],
    invalid: [['a client time', { sentAt: 1 }, 'sentAt']],
  },
])('$name with parseMessage', ({ schema, valid, invalid }) => {
  it.each(valid)('accepts %j', (input, value) => {
    expectAccepted(schema, input, value);
  });

  it.each([...invalid, ...notObjects])('refuses %s as invalid_input', (_, input, mention) => {
    expectRefused(schema, input, mention);
  });
});

describe('phaseGoSchema', () => {
  it.each([[{ to: 'next' }], [{ to: 'previous' }], [{ phaseId: 'ph_1-A' }]])('accepts %j', (input) => {
    expectAccepted(phaseGoSchema, input, input);
  });

  // A union: where neither shape fits at all, zod can only say the input is invalid.
  it.each<Invalid>([
    ['an unknown direction', { to: 'first' }, 'Invalid input'],
    ['a direction in capitals', { to: 'NEXT' }, 'Invalid input'],
    ['nothing', {}, 'Invalid input'],
    ['both a direction and a phase', { to: 'next', phaseId: 'ph1' }, 'Invalid input'],
    ['a numeric phase id', { phaseId: 1 }, 'Invalid input'],
    ['an empty phase id', { phaseId: '' }, 'phaseId'],
    ['a phase id with a slash', { phaseId: 'ph/1' }, 'phaseId'],
    ['an oversized phase id', { phaseId: 'p'.repeat(65) }, 'phaseId'],
    ['an extra startTimer', { to: 'next', startTimer: true }, 'startTimer'],
    ...notObjects.map(([what, input]): Invalid => [what, input, 'Invalid input']),
  ])('refuses %s as invalid_input', (_, input, mention) => {
    expectRefused(phaseGoSchema, input, mention);
  });
});

describe('agendaFileSchema', () => {
  const phase = { kind: 'vote', title: 'Vote', text: 'On your phone', durationMinutes: 5, questions: [0], autoAdvance: false, autoCloseVote: true };
  const question = {
    text: 'Lunch?',
    options: ['Pizza', 'Salad'],
    reveal: 'after-close',
    kind: 'single',
    scope: 'individual',
    maxChoices: 1,
    comparesWith: null,
    reference: null,
  };
  const file = { format: 'pnyx-agenda', version: 1, questions: [question], phases: [phase] };
  const withPhase = (fields: Record<string, unknown>) => ({ ...file, phases: [{ ...phase, ...fields }] });
  const withQuestion = (fields: Record<string, unknown>) => ({ ...file, questions: [{ ...question, ...fields }] });

  it.each<[string, unknown, unknown]>([
    ['a complete file', file, file],
    ['an empty agenda', { format: 'pnyx-agenda', version: 1, questions: [], phases: [] }, { format: 'pnyx-agenda', version: 1, questions: [], phases: [] }],
    [
      'a file written by hand with only the required fields: defaults filled in',
      { format: 'pnyx-agenda', version: 1, questions: [{ text: 'Lunch?', options: ['A', 'B'] }], phases: [{ kind: 'info', title: 'Hi', durationMinutes: 3 }] },
      {
        format: 'pnyx-agenda',
        version: 1,
        questions: [
          { text: 'Lunch?', options: ['A', 'B'], reveal: 'live', kind: 'single', scope: 'individual', maxChoices: 1, comparesWith: null, reference: null },
        ],
        phases: [{ kind: 'info', title: 'Hi', text: '', durationMinutes: 3, questions: [], autoAdvance: false, autoCloseVote: false }],
      },
    ],
    ...[PHASE_LIMITS.minDurationMs / 60_000].map((shortest): [string, unknown, unknown] => [
      'the shortest duration (10 s)',
      withPhase({ durationMinutes: shortest }),
      withPhase({ durationMinutes: shortest }),
    ]),
    ['the longest duration (24 h)', withPhase({ durationMinutes: 1440 }), withPhase({ durationMinutes: 1440 })],
    ['a duration in fractions of a minute', withPhase({ durationMinutes: 2.5 }), withPhase({ durationMinutes: 2.5 })],
    [`${PHASE_LIMITS.maxPhases} phases`, { ...file, phases: Array(PHASE_LIMITS.maxPhases).fill(phase) }, { ...file, phases: Array(PHASE_LIMITS.maxPhases).fill(phase) }],
    ...PHASE_KINDS.map((kind): [string, unknown, unknown] => [`a phase of kind ${kind}`, withPhase({ kind }), withPhase({ kind })]),
    ...(['multi', 'scale', 'ranking', 'wordcloud', 'open'] as const).map((kind): [string, unknown, unknown] => [
      `a question of kind ${kind}`,
      withQuestion({ kind }),
      withQuestion({ kind }),
    ]),
    [
      'a table-scope multiple-choice question asked again, with a reference',
      withQuestion({ kind: 'multi', scope: 'table', maxChoices: 2, comparesWith: 0, reference: { label: 'Global 2020', shares: [40.5, null] } }),
      withQuestion({ kind: 'multi', scope: 'table', maxChoices: 2, comparesWith: 0, reference: { label: 'Global 2020', shares: [40.5, null] } }),
    ],
  ])('accepts %s', (_, input, value) => {
    expectAccepted(agendaFileSchema, input, value);
  });

  it.each<Invalid>([
    ['another format', { ...file, format: 'pnyx' }, 'format'],
    ['no format', { version: 1, questions: [], phases: [] }, 'format'],
    ['version 2', { ...file, version: 2 }, 'version'],
    ['the version as a string', { ...file, version: '1' }, 'version'],
    ['no phases', { format: 'pnyx-agenda', version: 1, questions: [] }, 'phases'],
    ['phases that are not an array', { ...file, phases: {} }, 'phases'],
    ['an extra top-level field', { ...file, id: 'agenda-1' }, 'id'],
    ['an unknown phase kind', withPhase({ kind: 'lunch' }), 'phases.0.kind'],
    ['a duration under 10 s', withPhase({ durationMinutes: 0.1 }), 'phases.0.durationMinutes'],
    ['a duration of 0', withPhase({ durationMinutes: 0 }), 'phases.0.durationMinutes'],
    ['a negative duration', withPhase({ durationMinutes: -5 }), 'phases.0.durationMinutes'],
    ['a duration over 24 h', withPhase({ durationMinutes: 1441 }), 'phases.0.durationMinutes'],
    ['a duration as text', withPhase({ durationMinutes: '5' }), 'phases.0.durationMinutes'],
    ['an infinite duration', withPhase({ durationMinutes: Number.POSITIVE_INFINITY }), 'phases.0.durationMinutes'],
    ['no duration', withPhase({ durationMinutes: undefined }), 'phases.0.durationMinutes'],
    ['a title over the limit', withPhase({ title: 't'.repeat(PHASE_LIMITS.titleMaxLength + 1) }), 'phases.0.title'],
    ['a text over the limit', withPhase({ text: 't'.repeat(PHASE_LIMITS.textMaxLength + 1) }), 'phases.0.text'],
    ['a negative question position', withPhase({ questions: [-1] }), 'phases.0.questions.0'],
    ['a fractional question position', withPhase({ questions: [0.5] }), 'phases.0.questions.0'],
    ['auto-advance as a string', withPhase({ autoAdvance: 'yes' }), 'phases.0.autoAdvance'],
    ['a phase id (files carry none)', withPhase({ id: 'ph1' }), 'id'],
    [`${PHASE_LIMITS.maxPhases + 1} phases`, { ...file, phases: Array(PHASE_LIMITS.maxPhases + 1).fill(phase) }, 'phases'],
    ['a question with an id', withQuestion({ id: 'q1' }), 'id'],
    ['a question text over 500 characters', withQuestion({ text: 'x'.repeat(501) }), 'questions.0.text'],
    ['eleven options', withQuestion({ options: Array.from({ length: 11 }, (_, index) => `O${index}`) }), 'questions.0.options'],
    ['an option label over 200 characters', withQuestion({ options: ['A', 'b'.repeat(201)] }), 'questions.0.options.1'],
    ['options given as objects', withQuestion({ options: [{ label: 'A' }, { label: 'B' }] }), 'questions.0.options.0'],
    ['an unknown reveal', withQuestion({ reveal: 'never' }), 'questions.0.reveal'],
    ['an unknown kind', withQuestion({ kind: 'poll' }), 'questions.0.kind'],
    ['an unknown scope', withQuestion({ scope: 'room' }), 'questions.0.scope'],
    ['no choice allowed', withQuestion({ maxChoices: 0 }), 'questions.0.maxChoices'],
    ['a negative position to compare with', withQuestion({ comparesWith: -1 }), 'questions.0.comparesWith'],
    ['a reference share over 100', withQuestion({ reference: { label: 'Global', shares: [101, 0] } }), 'questions.0.reference.shares.0'],
    ['a reference without a label', withQuestion({ reference: { shares: [50, 50] } }), 'questions.0.reference.label'],
    ['201 questions', { ...file, questions: Array(201).fill(question) }, 'questions'],
    ...notObjects,
  ])('refuses %s', (_, input, mention) => {
    expectRefused(agendaFileSchema, input, mention);
  });

  it('accepts every template, unchanged', () => {
    for (const template of AGENDA_TEMPLATES) expectAccepted(agendaFileSchema, template.agenda, template.agenda);
  });
});

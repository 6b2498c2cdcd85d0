import { describe, expect, it } from 'vitest';
import { type Channel, type ErrorCode, type QuestionDefinition, type SessionCommand, type SessionEvent, type SessionState } from '@pnyx/shared';
import { cast, close, decideThenEvolve, expectSame, join, open, questionDefinition, sessionWith, tallyOf } from '../utils/domain-fixtures.js';
import { Outcomes, printedSeed, sequenceRandom, type Random } from '../utils/random.js';

/**
 * Seeded random runs against an independent model of what a session must hold: flaky phones retry ballots,
 * deliver old ones late and out of order, moderators close and reopen questions. Replay a failure with
 * PNYX_SEED=<the printed seed>.
 */

const SEED = printedSeed('session.random.test');

const SEQUENCES = 200;
const STEPS = 300;
const PARTICIPANTS = Array.from({ length: 20 }, (_, index) => `p${index + 1}`);
/** Not joined at the start: refused as not_joined until a join arrives midway. */
const LATECOMER = 'p-latecomer';
/** q3 is unknown until the first command that opens it. */
const INITIAL: QuestionDefinition[] = [
  questionDefinition('q1', ['Yes', 'No']),
  questionDefinition('q2', ['Red', 'Green', 'Blue']),
];
const LATER = questionDefinition('q3', ['1', '2', '3', '4']);
const QUESTION_IDS = ['q1', 'q2', 'q3', 'q-missing'];

// ---- The model: plain records, written without any of the core's code. ----

interface ModelQuestion {
  definition: QuestionDefinition;
  open: boolean;
  /** The ballot that counts, per voter. */
  counted: Map<string, { ballotId: string; optionId: string }>;
  /** Every ballot id accepted, per voter. */
  accepted: Map<string, Set<string>>;
}

type Expected =
  | { kind: 'accepted' }
  | { kind: 'duplicate' }
  | { kind: 'unchanged' }
  | { kind: 'refused'; code: ErrorCode }
  | { kind: 'event'; event: SessionEvent };

class Model {
  /** The channel of every participant, fixed by the first join (`sessionWith` joins onsite). */
  readonly joined = new Map<string, Channel>(PARTICIPANTS.map((participantId) => [participantId, 'onsite']));
  readonly questions = new Map<string, ModelQuestion>();

  constructor() {
    for (const definition of INITIAL) this.questions.set(definition.id, newModelQuestion(definition));
  }

  /** What the command must do; applies it to the model when it is accepted. */
  apply(command: SessionCommand, now: number): Expected {
    switch (command.type) {
      case 'participant:join':
        if (this.joined.has(command.participantId)) return { kind: 'duplicate' };
        this.joined.set(command.participantId, command.channel);
        return {
          kind: 'event',
          event: {
            type: 'participant:joined',
            participantId: command.participantId,
            credential: command.credential,
            channel: command.channel,
            tableId: null,
            name: '',
            at: now,
          },
        };
      case 'question:open': {
        const { definition } = command;
        const question = this.questions.get(definition.id);
        if (question?.open) return { kind: 'unchanged' };
        if (question && question.counted.size > 0) {
          question.open = true;
          return { kind: 'event', event: { type: 'question:reopened', questionId: definition.id, at: now } };
        }
        if (definition.options.length < 2) return { kind: 'refused', code: 'question_not_ready' };
        this.questions.set(definition.id, newModelQuestion(definition));
        return { kind: 'event', event: { type: 'question:opened', definition, at: now } };
      }
      case 'question:close': {
        const question = this.questions.get(command.questionId);
        if (!question) return { kind: 'refused', code: 'unknown_question' };
        if (!question.open) return { kind: 'unchanged' };
        question.open = false;
        return { kind: 'event', event: { type: 'question:closed', questionId: command.questionId, at: now } };
      }
      case 'ballot:cast': {
        const { participantId, ballotId } = command;
        // The traffic sends only single-choice answers.
        const optionId = 'optionId' in command.answer ? command.answer.optionId : '';
        if (!this.joined.has(participantId)) return { kind: 'refused', code: 'not_joined' };
        const question = this.questions.get(command.questionId);
        if (!question) return { kind: 'refused', code: 'unknown_question' };
        if (question.accepted.get(participantId)?.has(ballotId)) return { kind: 'duplicate' };
        if (!question.open) return { kind: 'refused', code: 'question_closed' };
        if (!question.definition.options.some((option) => option.id === optionId)) return { kind: 'refused', code: 'invalid_option' };
        question.counted.set(participantId, { ballotId, optionId });
        const accepted = question.accepted.get(participantId) ?? new Set<string>();
        question.accepted.set(participantId, accepted.add(ballotId));
        return { kind: 'accepted' };
      }
      default:
        // Phases and the timer have their own random run (phases.random.test.ts); this traffic never sends them.
        throw new Error(`the ballot model does not cover ${command.type}`);
    }
  }
}

function newModelQuestion(definition: QuestionDefinition): ModelQuestion {
  return { definition, open: true, counted: new Map(), accepted: new Map() };
}

// ---- Random commands, the way phones and moderators send them. ----

class Traffic {
  /** Every ballot ever sent, accepted or not, so it can be delivered again later. */
  private readonly sent: Extract<SessionCommand, { type: 'ballot:cast' }>[] = [];
  private readonly lastSent = new Map<string, Extract<SessionCommand, { type: 'ballot:cast' }>>();
  /** Ballot ids count per phone, as a simple client would make them: different voters reuse the same ids. */
  private readonly ballotsSent = new Map<string, number>();
  private edits = 0;

  constructor(
    private readonly random: Random,
    private readonly model: Model,
  ) {}

  next(): SessionCommand {
    const { random } = this;
    switch (random.weighted([40, 15, 10, 4, 2, 2, 6, 7, 1])) {
      case 0:
        return this.send(random.pick(PARTICIPANTS), this.someQuestionId(), (questionId) => random.pick(this.optionIds(questionId)));
      case 1: {
        // A retry after a lost ack: the voter's last ballot, sent again unchanged.
        const last = this.lastSent.get(random.pick(PARTICIPANTS));
        return last ? { ...last } : this.next();
      }
      case 2:
        // An old ballot delivered again, out of order.
        return this.sent.length > 0 ? { ...random.pick(this.sent) } : this.next();
      case 3:
        return this.send(random.pick(PARTICIPANTS), this.someQuestionId(), () => random.pick(['nope', 'q1-a', 'q2-c', 'q3-d']));
      case 4:
        return this.send(LATECOMER, this.someQuestionId(), (questionId) => random.pick(this.optionIds(questionId)));
      case 5: {
        const participantId = random.pick([...PARTICIPANTS, LATECOMER]);
        return join(participantId, `cred-${participantId}`, random.pick(['onsite', 'online'] as const));
      }
      case 6:
        return close(random.pick(QUESTION_IDS));
      default:
        return open(this.definitionToOpen());
    }
  }

  private send(participantId: string, questionId: string, chooseOption: (questionId: string) => string) {
    const count = (this.ballotsSent.get(participantId) ?? 0) + 1;
    this.ballotsSent.set(participantId, count);
    const command = cast(participantId, questionId, `b${count}`, chooseOption(questionId));
    if (command.type !== 'ballot:cast') throw new Error('cast() made another command');
    this.sent.push(command);
    this.lastSent.set(participantId, command);
    return command;
  }

  private someQuestionId(): string {
    return this.random.chance(0.97) ? this.random.pick(QUESTION_IDS.slice(0, 3)) : 'q-missing';
  }

  /** The options of the question as the model knows it (or of q3 before it opens: they are unknown). */
  private optionIds(questionId: string): string[] {
    const definition = this.model.questions.get(questionId)?.definition ?? LATER;
    return definition.options.map((option) => option.id);
  }

  /** The same definition, an edited one with other options, or one that cannot open. */
  private definitionToOpen(): QuestionDefinition {
    const { random } = this;
    const id = random.pick(['q1', 'q2', 'q3']);
    const current = this.model.questions.get(id)?.definition ?? (id === 'q3' ? LATER : INITIAL.find((definition) => definition.id === id)!);
    const edit = ++this.edits;
    switch (random.weighted([5, 3, 1])) {
      case 0:
        return current;
      case 1: {
        const count = 2 + random.int(4);
        const options = Array.from({ length: count }, (_, index) => ({ id: `${id}-v${edit}-${index}`, label: `Choice ${index}` }));
        return { ...questionDefinition(id), text: `Edit ${edit}?`, options, reveal: random.pick(['live', 'after-close'] as const) };
      }
      default:
        return { ...current, options: current.options.slice(0, 1) };
    }
  }
}

// ---- The run. ----

describe(`seeded random sessions (PNYX_SEED=${SEED})`, () => {
  it(`${SEQUENCES} sequences of ${STEPS} commands keep the tallies equal to the model`, { timeout: 120_000 }, () => {
    const outcomes = new Outcomes('session.random.test', SEED);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) {
      const random = sequenceRandom(SEED, sequence);
      const state = sessionWith({ participants: PARTICIPANTS, questions: INITIAL });
      const model = new Model();
      const traffic = new Traffic(random, model);

      for (let step = 0; step < STEPS; step++) {
        const now = 1_000 + step;
        const command = traffic.next();
        const where = () => `PNYX_SEED=${SEED}, sequence ${sequence}, step ${step}, ${JSON.stringify(command)}`;
        const statusBefore = command.type === 'ballot:cast' ? state.questions.get(command.questionId)?.status : undefined;

        const expected = model.apply(command, now);
        // Fingerprinting the whole state is the slow part: check on every 5th step, a different 5th per sequence.
        const checkUnchanged = (step + sequence) % 5 === 0;
        const result = decideThenEvolve(state, command, now, { context: where, checkUnchanged });

        if (expected.kind === 'accepted') {
          if (command.type !== 'ballot:cast') throw new Error(`the model accepted a ${command.type}`);
          const { ballotId: id, participantId, questionId, answer } = command;
          const ballot = { id, voterId: participantId, participantId, questionId, answer, castAt: now };
          expectSame(result, { ok: true, duplicate: false, events: [{ type: 'ballot:accepted', ballot }] }, where);
          if (statusBefore !== 'open') expect.fail(`a ballot was accepted while its question was ${statusBefore}: ${where()}`);
        } else if (expected.kind === 'refused') {
          const message = result.ok ? undefined : result.error.message;
          expectSame(result, { ok: false, error: { code: expected.code, message } }, where);
          if (!message?.trim()) expect.fail(`a refusal without a message: ${where()}`);
        } else {
          const events = expected.kind === 'event' ? [expected.event] : [];
          // Opening an open question or closing a closed one is acknowledged without events; whether it
          // is flagged as a duplicate is not specified.
          const duplicate = expected.kind === 'duplicate' || (expected.kind === 'unchanged' && result.ok && result.duplicate);
          expectSame(result, { ok: true, duplicate, events }, where);
        }
        const outcome = expected.kind === 'refused' ? expected.code : expected.kind === 'event' ? expected.event.type : expected.kind;
        outcomes.count(outcome);

        checkInvariants(state, model, where);
      }
    }
    outcomes.expectEachMoreThan(
      [
        'accepted',
        'duplicate',
        'unchanged',
        'not_joined',
        'unknown_question',
        'question_closed',
        'invalid_option',
        'question_not_ready',
        'question:opened',
        'question:reopened',
        'question:closed',
      ],
      10,
    );
  });
});

function checkInvariants(state: SessionState, model: Model, where: () => string): void {
  expectSame(
    [...state.participants.values()].map(({ id, channel }) => [id, channel]),
    [...model.joined],
    () => `participants and their channels at ${where()}`,
  );
  expectSame([...state.questions.keys()].sort(), [...model.questions.keys()].sort(), where);
  for (const [questionId, expected] of model.questions) {
    const question = state.questions.get(questionId)!;
    const tally = tallyOf(state, questionId);

    const counts = Object.fromEntries(expected.definition.options.map((option) => [option.id, 0]));
    for (const { optionId } of expected.counted.values()) counts[optionId] = (counts[optionId] ?? 0) + 1;
    const votersWithAcceptedBallot = [...expected.accepted.values()].filter((ids) => ids.size > 0).length;
    const sum = Object.values(tally.counts).reduce((total, count) => total + count, 0);
    const onQuestion = () => `${questionId} at ${where()}`;

    expectSame(tally, { questionId, counts, voters: expected.counted.size }, () => `tally of ${onQuestion()}`);
    expectSame({ sum, voters: tally.voters }, { sum: votersWithAcceptedBallot, voters: votersWithAcceptedBallot }, () => `sum of counts, voters and voters with an accepted ballot of ${onQuestion()}`);
    expectSame(question.status, expected.open ? 'open' : 'closed', () => `status of ${onQuestion()}`);
    expectSame(
      [...question.ballots].map(([voter, ballot]) => [voter, ballot.id, ballot.participantId, ballot.answer]),
      [...expected.counted].map(([voter, ballot]) => [voter, ballot.ballotId, voter, { optionId: ballot.optionId }]),
      () => `counted ballots of ${onQuestion()}`,
    );
  }
}

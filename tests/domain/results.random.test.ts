import { describe, expect, it } from 'vitest';
import {
  deriveResults,
  type Answer,
  type Channel,
  type ErrorCode,
  type QuestionDefinition,
  type SessionCommand,
  type SessionState,
  type Tally,
} from '@pnyx/shared';
import { castAnswer, decideThenEvolve, expectSame, join, newSession, open, paper, questionOfKind, run } from '../utils/domain-fixtures.js';
import { Outcomes, printedSeed, sequenceRandom, type Random } from '../utils/random.js';

/**
 * Seeded random sessions of joins, seats, facilitators, tables, ballots of every kind, paper counts and
 * moderation, against an independent model: the room counts the last ballot of each voter and every table's
 * last paper count; channels and tables split the room without losing or doubling anything. Replay a failure
 * with PNYX_SEED=<the printed seed>.
 */

const SEED = printedSeed('results.random.test');

const SEQUENCES = 60;
const STEPS = 250;

const QUESTIONS: QuestionDefinition[] = [
  questionOfKind('qs', 'single', ['A', 'B', 'C']),
  questionOfKind('qm', 'multi', ['A', 'B', 'C', 'D'], { maxChoices: 2 }),
  questionOfKind('qc', 'scale', ['1', '2', '3', '4', '5']),
  questionOfKind('qr', 'ranking', ['A', 'B', 'C', 'D']),
  questionOfKind('qw', 'wordcloud'),
  questionOfKind('qo', 'open'),
  questionOfKind('qt', 'single', ['A', 'B', 'C'], { scope: 'table' }),
  questionOfKind('qtm', 'multi', ['A', 'B', 'C'], { maxChoices: 2, scope: 'table' }),
  questionOfKind('qtr', 'ranking', ['A', 'B', 'C'], { scope: 'table' }),
  questionOfKind('qtw', 'wordcloud', [], { scope: 'table' }),
];
/** Questions that take paper counts. */
const PAPER_QUESTIONS = ['qs', 'qm', 'qc'];

/** Word cloud entries: each spelling with the one word it must count as (written out, not computed). */
const VOCABULARY: [string, string[]][] = [
  ['trust', ['trust', 'Trust', ' TRUST ', 'trüst!', '#trust']],
  ['open data', ['open data', 'Open  Data', '"open data"']],
  ['fairness', ['fairness', 'Fairness.', '¡FAIRNESS!']],
  ['education', ['education', 'Éducation', 'EDUCATION?']],
];
const WORD_OF = new Map(VOCABULARY.flatMap(([word, spellings]) => spellings.map((spelling) => [spelling, word] as const)));
const SPELLINGS = [...WORD_OF.keys()];

// ---- The model: plain records, written without any of the core's code. ----

interface ModelParticipant {
  channel: Channel;
  tableId: string | null;
  facilitator: boolean;
}

interface ModelBallot {
  voterId: string;
  participantId: string;
  ballotId: string;
  answer: Answer;
  castAt: number;
}

interface ModelQuestion {
  definition: QuestionDefinition;
  /** The last accepted ballot per voter (participant, or table for table scope). */
  ballots: Map<string, ModelBallot>;
  /** `voter:ballot` of every accepted ballot. */
  accepted: Set<string>;
  /** The last paper count per table, removed tables included. */
  paper: Map<string, { counts: Record<string, number>; voters: number }>;
  hiddenWords: Set<string>;
  moderation: Map<string, 'approved' | 'hidden'>;
}

type Expected = { ok: true; duplicate?: boolean } | { ok: false; codes: ErrorCode[] };

class Model {
  readonly participants = new Map<string, ModelParticipant>();
  /** Existing tables in the order they were added, and every code ever given. */
  readonly tables: string[] = [];
  readonly codes = new Map<string, string>();
  tablesEver = 0;
  readonly questions = new Map<string, ModelQuestion>(
    QUESTIONS.map((definition) => [
      definition.id,
      { definition, ballots: new Map(), accepted: new Set(), paper: new Map(), hiddenWords: new Set(), moderation: new Map() },
    ]),
  );

  apply(command: SessionCommand, now: number): Expected {
    switch (command.type) {
      case 'participant:join': {
        if (this.participants.has(command.participantId)) return { ok: true, duplicate: true };
        const tableId = command.tableId && this.tables.includes(command.tableId) ? command.tableId : null;
        this.participants.set(command.participantId, { channel: command.channel, tableId, facilitator: false });
        return { ok: true };
      }
      case 'participant:seat': {
        const participant = this.participants.get(command.participantId);
        if (!participant) return { ok: false, codes: ['unknown_participant'] };
        if (command.tableId !== null && !this.tables.includes(command.tableId)) return { ok: false, codes: ['unknown_table'] };
        this.moveTo(participant, command.tableId);
        return { ok: true };
      }
      case 'facilitator:claim': {
        const participant = this.participants.get(command.participantId);
        if (!participant) return { ok: false, codes: ['unknown_participant'] };
        const tableId = this.codes.get(command.facilitatorCode);
        if (tableId === undefined || !this.tables.includes(tableId)) return { ok: false, codes: ['wrong_facilitator_code'] };
        participant.tableId = tableId;
        participant.facilitator = true;
        return { ok: true };
      }
      case 'facilitator:set': {
        const participant = this.participants.get(command.participantId);
        if (!participant) return { ok: false, codes: ['unknown_participant'] };
        if (command.facilitator && participant.tableId === null) return { ok: false, codes: ['unknown_table'] };
        participant.facilitator = command.facilitator;
        return { ok: true };
      }
      case 'tables:add':
        for (const { facilitatorCode } of command.tables) {
          this.tablesEver += 1;
          this.tables.push(`t${this.tablesEver}`);
          this.codes.set(facilitatorCode, `t${this.tablesEver}`);
        }
        return { ok: true };
      case 'table:remove': {
        if (!this.tables.includes(command.tableId)) return { ok: false, codes: ['unknown_table'] };
        this.tables.splice(this.tables.indexOf(command.tableId), 1);
        for (const participant of this.participants.values()) {
          if (participant.tableId === command.tableId) Object.assign(participant, { tableId: null, facilitator: false });
        }
        return { ok: true };
      }
      case 'ballot:cast':
        return this.cast(command, now);
      case 'paper:enter': {
        const question = this.questions.get(command.questionId)!;
        if (!this.tables.includes(command.tableId)) return { ok: false, codes: ['unknown_table'] };
        if (command.by !== null) {
          const by = this.participants.get(command.by);
          if (!by?.facilitator || by.tableId !== command.tableId) return { ok: false, codes: ['forbidden'] };
        }
        const counts = Object.fromEntries(question.definition.options.map((option) => [option.id, command.counts[option.id] ?? 0]));
        const sum = Object.values(counts).reduce((total, count) => total + count, 0);
        question.paper.set(command.tableId, { counts, voters: command.voters ?? sum });
        return { ok: true };
      }
      case 'word:hide': {
        const question = this.questions.get(command.questionId)!;
        const word = WORD_OF.get(command.word)!;
        if (command.hidden) question.hiddenWords.add(word);
        else question.hiddenWords.delete(word);
        return { ok: true };
      }
      case 'answer:moderate': {
        const question = this.questions.get(command.questionId)!;
        if (command.status === 'pending') question.moderation.delete(command.answerId);
        else question.moderation.set(command.answerId, command.status);
        return { ok: true };
      }
      default:
        throw new Error(`the results model does not cover ${command.type}`);
    }
  }

  private moveTo(participant: ModelParticipant, tableId: string | null): void {
    if (participant.tableId !== tableId) participant.facilitator = false;
    participant.tableId = tableId;
  }

  private cast(command: Extract<SessionCommand, { type: 'ballot:cast' }>, now: number): Expected {
    const participant = this.participants.get(command.participantId);
    if (!participant) return { ok: false, codes: ['not_joined'] };
    const question = this.questions.get(command.questionId)!;
    const tableScope = question.definition.scope === 'table';
    if (tableScope && (!participant.facilitator || participant.tableId === null)) return { ok: false, codes: ['table_scope'] };
    const voterId = tableScope ? participant.tableId! : command.participantId;
    if (question.accepted.has(`${voterId}:${command.ballotId}`)) return { ok: true, duplicate: true };
    if (!isValid(question.definition, command.answer)) return { ok: false, codes: ['invalid_answer', 'invalid_option'] };
    question.ballots.set(voterId, { voterId, participantId: command.participantId, ballotId: command.ballotId, answer: command.answer, castAt: now });
    question.accepted.add(`${voterId}:${command.ballotId}`);
    return { ok: true };
  }
}

/** Whether the traffic meant `answer` as a valid one: its invalid answers are of unmistakable kinds. */
function isValid(definition: QuestionDefinition, answer: Answer): boolean {
  if ('optionId' in answer) return ['single', 'scale'].includes(definition.kind) && answer.optionId !== 'zz';
  if ('optionIds' in answer) return ['multi', 'ranking'].includes(definition.kind) && !answer.optionIds.includes('zz') && answer.optionIds.length > 0;
  if ('words' in answer) return definition.kind === 'wordcloud' && answer.words.some((word) => word.trim() !== '');
  return definition.kind === 'open' && answer.text.trim() !== '';
}

/** What a tally must show, in a form that does not depend on the core's orderings. */
interface TallyView {
  voters: number;
  counts: Record<string, number>;
  mean?: number | null;
  ranking?: Record<string, [number | null, number]>;
  words?: Record<string, [number, boolean]>;
  answers?: [string, string, string][];
}

function modelTally(question: ModelQuestion, ballots: readonly ModelBallot[], paperCounts: readonly { counts: Record<string, number>; voters: number }[]): TallyView {
  const { definition } = question;
  const optionIds = definition.options.map((option) => option.id);
  const choice = optionIds.length > 0;
  const counts: Record<string, number> = Object.fromEntries(optionIds.map((id) => [id, 0]));
  const view: TallyView = { voters: ballots.length, counts };
  const rankSums: Record<string, number> = Object.fromEntries(optionIds.map((id) => [id, 0]));
  const borda: Record<string, number> = Object.fromEntries(optionIds.map((id) => [id, 0]));
  const words: Record<string, number> = {};
  for (const { answer } of ballots) {
    if ('optionId' in answer) counts[answer.optionId]! += 1;
    else if ('optionIds' in answer && definition.kind === 'ranking') {
      counts[answer.optionIds[0]!]! += 1;
      answer.optionIds.forEach((id, place) => {
        rankSums[id]! += place + 1;
        borda[id]! += optionIds.length - 1 - place;
      });
    } else if ('optionIds' in answer) for (const id of answer.optionIds) counts[id]! += 1;
    else if ('words' in answer) {
      for (const word of new Set(answer.words.filter((entry) => entry.trim() !== '').map((entry) => WORD_OF.get(entry)!))) words[word] = (words[word] ?? 0) + 1;
    }
  }
  for (const entry of paperCounts) {
    view.voters += entry.voters;
    for (const id of optionIds) counts[id]! += entry.counts[id]!;
  }
  if (definition.kind === 'scale') {
    const total = optionIds.reduce((sum, id) => sum + counts[id]!, 0);
    view.mean = total === 0 ? null : optionIds.reduce((sum, id, index) => sum + (index + 1) * counts[id]!, 0) / total;
  }
  if (definition.kind === 'ranking') {
    view.ranking = Object.fromEntries(optionIds.map((id) => [id, [view.voters === 0 ? null : rankSums[id]! / view.voters, borda[id]!]]));
  }
  if (definition.kind === 'wordcloud') view.words = Object.fromEntries(Object.entries(words).map(([word, count]) => [word, [count, question.hiddenWords.has(word)]]));
  if (definition.kind === 'open') {
    view.answers = [...ballots]
      .sort((a, b) => a.castAt - b.castAt)
      .map(({ voterId, ballotId, answer }) => {
        const id = `${voterId}:${ballotId}`;
        return [id, 'text' in answer ? answer.text.trim() : '', question.moderation.get(id) ?? 'pending'];
      });
  }
  if (!choice) view.counts = {};
  return view;
}

/** The same view of a tally the core computed; also checks the orderings the core promises. */
function viewOf(tally: Tally, definition: QuestionDefinition, where: () => string): TallyView {
  const view: TallyView = { voters: tally.voters, counts: tally.counts };
  expectSame(Object.keys(tally.counts), definition.options.map((option) => option.id), () => `counts in option order at ${where()}`);
  if (definition.kind === 'scale') view.mean = tally.mean;
  if (tally.ranking) {
    view.ranking = Object.fromEntries(tally.ranking.map((entry) => [entry.optionId, [entry.averageRank, entry.borda]]));
    const order = definition.options.map((option) => option.id);
    tally.ranking.forEach((entry, index) => {
      const next = tally.ranking![index + 1];
      if (next && !(entry.borda > next.borda || (entry.borda === next.borda && order.indexOf(entry.optionId) < order.indexOf(next.optionId)))) {
        expect.fail(`ranking out of order at ${where()}: ${JSON.stringify(tally.ranking)}`);
      }
    });
  }
  if (tally.words) {
    view.words = Object.fromEntries(tally.words.map((entry) => [entry.word, [entry.count, entry.hidden === true]]));
    tally.words.forEach((entry, index) => {
      if ((tally.words![index + 1]?.count ?? 0) > entry.count) expect.fail(`words not most frequent first at ${where()}`);
    });
  }
  if (tally.answers) view.answers = tally.answers.map((answer) => [answer.id, answer.text, answer.status]);
  return view;
}

/** Counts, voters, words and answers of some tallies added up. */
function sumOf(tallies: readonly Tally[]): { voters: number; counts: Record<string, number>; words: Record<string, number>; answers: number } {
  const sum = { voters: 0, counts: {} as Record<string, number>, words: {} as Record<string, number>, answers: 0 };
  for (const tally of tallies) {
    sum.voters += tally.voters;
    for (const [id, count] of Object.entries(tally.counts)) sum.counts[id] = (sum.counts[id] ?? 0) + count;
    for (const { word, count } of tally.words ?? []) sum.words[word] = (sum.words[word] ?? 0) + count;
    sum.answers += tally.answers?.length ?? 0;
  }
  sum.words = Object.fromEntries(Object.entries(sum.words).sort(([a], [b]) => (a < b ? -1 : 1)));
  return sum;
}

// ---- Random commands, the way phones, facilitators and moderators send them. ----

class Traffic {
  private readonly sent: Extract<SessionCommand, { type: 'ballot:cast' }>[] = [];
  private ballots = 0;
  private joins = 0;
  private texts = 0;

  constructor(
    private readonly random: Random,
    private readonly model: Model,
  ) {}

  next(): SessionCommand {
    const { random, model } = this;
    switch (random.weighted([40, 4, 8, 3, 6, 4, 2, 1.5, 0.7, 6, 2, 2])) {
      case 0:
        return this.send(this.someParticipant(), random.pick(QUESTIONS), true);
      case 1:
        return this.send(this.someParticipant(), random.pick(QUESTIONS), false);
      case 2:
        // A retry after a lost ack, or an old ballot delivered late.
        return this.sent.length > 0 ? { ...random.pick(this.sent) } : this.next();
      case 3: {
        const participantId = `p${++this.joins + 10}`;
        const tableId = random.chance(0.5) ? `t${1 + random.int(model.tablesEver + 1)}` : undefined;
        return join(participantId, `cred-${participantId}`, random.pick(['onsite', 'online'] as const), tableId);
      }
      case 4:
        return { type: 'participant:seat', participantId: this.someParticipant(), tableId: random.chance(0.2) ? null : this.someTable() };
      case 5:
        return { type: 'facilitator:claim', participantId: this.someParticipant(), facilitatorCode: `code-${this.someTable()}` };
      case 6:
        return { type: 'facilitator:set', participantId: this.someParticipant(), facilitator: random.chance(0.6) };
      case 7: {
        const count = 1 + random.int(2);
        return {
          type: 'tables:add',
          tables: Array.from({ length: count }, (_, index) => ({ name: '', facilitatorCode: `code-t${model.tablesEver + index + 1}` })),
        };
      }
      case 8:
        return { type: 'table:remove', tableId: this.someTable() };
      case 9:
        return this.paperCount();
      case 10:
        return { type: 'word:hide', questionId: random.pick(['qw', 'qtw']), word: random.pick(SPELLINGS), hidden: random.chance(0.6) };
      default: {
        const keys = [...model.questions.get('qo')!.accepted];
        if (keys.length === 0) return this.next();
        return { type: 'answer:moderate', questionId: 'qo', answerId: random.pick(keys), status: random.pick(['approved', 'hidden', 'pending'] as const) };
      }
    }
  }

  /** Mostly a joined participant; now and then one who never joined. */
  private someParticipant(): string {
    const joined = [...this.model.participants.keys()];
    return joined.length === 0 || this.random.chance(0.03) ? 'p-stranger' : this.random.pick(joined);
  }

  /** Mostly an existing table; now and then a removed or unknown one. */
  private someTable(): string {
    const { tables, tablesEver } = this.model;
    return tables.length > 0 && this.random.chance(0.9) ? this.random.pick(tables) : `t${1 + this.random.int(tablesEver + 1)}`;
  }

  private send(participantId: string, definition: QuestionDefinition, valid: boolean) {
    const command = castAnswer(participantId, definition.id, `${participantId}-b${++this.ballots}`, valid ? this.answer(definition) : this.invalid(definition));
    if (command.type !== 'ballot:cast') throw new Error('castAnswer() made another command');
    this.sent.push(command);
    return command;
  }

  private answer(definition: QuestionDefinition): Answer {
    const { random } = this;
    const ids = definition.options.map((option) => option.id);
    switch (definition.kind) {
      case 'single':
      case 'scale':
        return { optionId: random.pick(ids) };
      case 'multi':
        return { optionIds: shuffle(random, ids).slice(0, 1 + random.int(definition.maxChoices)) };
      case 'ranking':
        return { optionIds: shuffle(random, ids) };
      case 'wordcloud': {
        const words = Array.from({ length: 1 + random.int(3) }, () => random.pick(SPELLINGS));
        // A blank entry is dropped, as long as the answer stays within three entries.
        if (words.length < 3 && random.chance(0.2)) words.splice(random.int(words.length + 1), 0, '  ');
        return { words };
      }
      case 'open':
        return { text: `  idea ${++this.texts}${random.chance(0.5) ? '\n' : ''}` };
    }
  }

  private invalid(definition: QuestionDefinition): Answer {
    switch (definition.kind) {
      case 'single':
      case 'scale':
        return this.random.chance(0.5) ? { optionId: 'zz' } : { text: 'not a choice' };
      case 'multi':
      case 'ranking':
        return this.random.chance(0.5) ? { optionIds: ['zz'] } : { optionIds: [] };
      case 'wordcloud':
        return this.random.chance(0.5) ? { words: [] } : { words: [' '] };
      case 'open':
        return this.random.chance(0.5) ? { text: '   ' } : { optionId: 'x' };
    }
  }

  private paperCount(): SessionCommand {
    const { random, model } = this;
    const questionId = random.pick(PAPER_QUESTIONS);
    const definition = QUESTIONS.find((question) => question.id === questionId)!;
    const tableId = this.someTable();
    const facilitator = [...model.participants].find(([, participant]) => participant.facilitator && participant.tableId === tableId)?.[0];
    const roll = random.next();
    const by = roll < 0.6 ? null : roll < 0.9 ? (facilitator ?? null) : this.someParticipant();
    const counts: Record<string, number> = {};
    for (const option of definition.options) if (random.chance(0.7)) counts[option.id] = random.int(5);
    const values = Object.values(counts);
    const sum = values.reduce((total, count) => total + count, 0);
    if (definition.kind === 'multi') {
      const voters = Math.max(0, ...values, Math.ceil(sum / definition.maxChoices)) + random.int(3);
      return paper(by, questionId, tableId, counts, voters);
    }
    return paper(by, questionId, tableId, counts, random.chance(0.5) ? sum : undefined);
  }
}

function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.int(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

// ---- The run. ----

describe(`seeded random sessions with tables, channels and paper (PNYX_SEED=${SEED})`, () => {
  it(`${SEQUENCES} sequences of ${STEPS} commands keep room, channels and tables equal to the model`, { timeout: 120_000 }, () => {
    const outcomes = new Outcomes('results.random.test', SEED);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) {
      const random = sequenceRandom(SEED, sequence);
      const state = newSession();
      const model = new Model();
      for (const definition of QUESTIONS) run(state, open(definition));
      // A room to start with: eight participants, two tables.
      const setup: SessionCommand[] = [
        ...Array.from({ length: 8 }, (_, index) => join(`p${index + 1}`, `cred-p${index + 1}`, random.pick(['onsite', 'online'] as const))),
        { type: 'tables:add', tables: [{ name: '', facilitatorCode: 'code-t1' }, { name: '', facilitatorCode: 'code-t2' }] },
      ];
      for (const command of setup) {
        model.apply(command, 0);
        run(state, command);
      }
      const traffic = new Traffic(random, model);

      for (let step = 0; step < STEPS; step++) {
        const now = 1_000 + step;
        const command = traffic.next();
        const where = () => `PNYX_SEED=${SEED}, sequence ${sequence}, step ${step}, ${JSON.stringify(command)}`;

        const expected = model.apply(command, now);
        const result = decideThenEvolve(state, command, now, { context: where, checkUnchanged: (step + sequence) % 7 === 0 });

        if (expected.ok) {
          if (!result.ok) expect.fail(`refused with ${result.error.code}, the model accepts: ${where()}`);
          expectSame(result.duplicate, expected.duplicate ?? false, () => `duplicate flag at ${where()}`);
        } else {
          if (result.ok) expect.fail(`accepted, the model expects ${expected.codes.join(' or ')}: ${where()}`);
          expect(expected.codes, where()).toContain(result.error.code);
        }
        const outcome = `${command.type} ${expected.ok ? (expected.duplicate ? 'duplicate' : 'ok') : expected.codes[0]}`;
        outcomes.count(outcome);

        // Results are a function of the state: checking every third state (a different third per sequence) and the
        // last one keeps the run fast without missing a kind of state.
        if ((step + sequence) % 3 === 0 || step === STEPS - 1) checkResults(state, model, where);
      }
    }
    outcomes.expectEachMoreThan(
      [
        'ballot:cast ok',
        'ballot:cast duplicate',
        'ballot:cast not_joined',
        'ballot:cast table_scope',
        'ballot:cast invalid_answer',
        'paper:enter ok',
        'paper:enter forbidden',
        'paper:enter unknown_table',
        'participant:seat ok',
        'facilitator:claim ok',
        'facilitator:claim wrong_facilitator_code',
        'table:remove ok',
        'word:hide ok',
        'answer:moderate ok',
      ],
      10,
    );
  });
});

function checkResults(state: SessionState, model: Model, where: () => string): void {
  expectSame(
    [...state.participants].map(([id, { channel, tableId, facilitator }]) => [id, channel, tableId, facilitator]),
    [...model.participants].map(([id, { channel, tableId, facilitator }]) => [id, channel, tableId, facilitator]),
    () => `seating at ${where()}`,
  );
  expectSame([...state.tables.keys()], model.tables, () => `tables at ${where()}`);

  const moderator = deriveResults(state, 'moderator');
  const audience = deriveResults(state, 'audience');
  expectSame(
    moderator.map((results) => results.questionId),
    QUESTIONS.map((definition) => definition.id),
    where,
  );
  for (const [index, results] of moderator.entries()) {
    const question = model.questions.get(results.questionId)!;
    const { definition } = question;
    const on = (part: string) => () => `${part} of ${definition.id} at ${where()}`;
    const ballots = [...question.ballots.values()];
    const allPaper = [...question.paper.values()];
    const channelOf = (ballot: ModelBallot) => model.participants.get(ballot.participantId)!.channel;
    const tableScope = definition.scope === 'table';
    const tableOf = (ballot: ModelBallot) => (tableScope ? ballot.voterId : model.participants.get(ballot.voterId)!.tableId);

    // The room: the last ballot of every voter and every table's last paper count.
    expectSame(viewOf(results.room, definition, on('room')), modelTally(question, ballots, allPaper), on('room'));

    // Channels: by who cast each ballot; paper alone.
    expectSame(
      {
        onsite: viewOf(results.byChannel.onsite, definition, on('onsite')),
        online: viewOf(results.byChannel.online, definition, on('online')),
        paper: viewOf(results.byChannel.paper, definition, on('paper')),
      },
      {
        onsite: modelTally(question, ballots.filter((ballot) => channelOf(ballot) === 'onsite'), []),
        online: modelTally(question, ballots.filter((ballot) => channelOf(ballot) === 'online'), []),
        paper: modelTally(question, [], allPaper),
      },
      on('channels'),
    );
    const { byChannel } = results;
    expectSame(sumOf([byChannel.onsite, byChannel.online, byChannel.paper]), sumOf([results.room]), on('channels adding up to the room'));

    // Tables: existing ones in order; a ballot at its voter's current table (table scope: its table).
    expectSame(
      results.byTable.map(({ tableId, tally }) => [tableId, viewOf(tally, definition, on(`table ${tableId}`))]),
      model.tables.map((tableId) => {
        const paperOfTable = question.paper.get(tableId);
        return [tableId, modelTally(question, ballots.filter((ballot) => tableOf(ballot) === tableId), paperOfTable ? [paperOfTable] : [])];
      }),
      on('tables'),
    );
    // What no table holds: ballots of voters at no table (or a removed one) and paper of removed tables.
    const elsewhere = (tableId: string | null) => tableId === null || !model.tables.includes(tableId);
    const outside = modelTally(
      question,
      ballots.filter((ballot) => elsewhere(tableOf(ballot))),
      [...question.paper].filter(([tableId]) => elsewhere(tableId)).map(([, entry]) => entry),
    );
    const tablesAndOutside = sumOf([...results.byTable.map((entry) => entry.tally), asTally(definition.id, outside)]);
    expectSame(tablesAndOutside, sumOf([results.room]), on('tables and the rest adding up to the room'));

    // The audience: every question here shows live; hidden words and unapproved answers never reach it.
    const shown = audience[index]!.room;
    if (definition.kind === 'wordcloud') {
      expectSame(
        shown.words,
        results.room.words!.filter((entry) => !entry.hidden),
        on('audience words'),
      );
    } else if (definition.kind === 'open') {
      expectSame(
        shown.answers,
        results.room.answers!.filter((answer) => answer.status === 'approved'),
        on('audience answers'),
      );
    } else {
      expectSame(shown, results.room, on('audience room'));
    }
  }
}

/** A model view as a tally, for adding up. */
function asTally(questionId: string, view: TallyView): Tally {
  return {
    questionId,
    voters: view.voters,
    counts: view.counts,
    words: Object.entries(view.words ?? {}).map(([word, [count]]) => ({ word, count })),
    answers: (view.answers ?? []).map(([id, text]) => ({ id, text, status: 'pending', castAt: 0 })),
  };
}

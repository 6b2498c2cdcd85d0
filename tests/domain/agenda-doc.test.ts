import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AGENDA_TEMPLATES,
  agendaFileIn,
  templateNames,
  PHASE_LIMITS,
  checkQuestionDefinition,
  execute,
  type AgendaFile,
  type PhaseDefinition,
} from '@pnyx/shared';
import {
  addPhase,
  addQuestion,
  exportAgenda,
  importAgenda,
  movePhase,
  orderedPhases,
  phaseMaps,
  phaseText,
  phaseTitle,
  readAgenda,
  readPhases,
  removePhase,
  removeQuestion,
  updatePhase,
  type PhaseContent,
  type PhaseMap,
} from '@pnyx/shared/session-doc';
import { agendaFileSchema, parseMessage } from '@pnyx/shared/schemas';
import { go, newSession } from '../utils/domain-fixtures.js';

const MINUTE = 60_000;

/** Ids as the web app makes them: unique and starting with a letter. */
function idMaker(prefix = 'id'): () => string {
  let count = 0;
  return () => `${prefix}${++count}`;
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function syncBoth(a: Y.Doc, b: Y.Doc): void {
  sync(a, b);
  sync(b, a);
}

const ids = (doc: Y.Doc) => readPhases(doc).map((phase) => phase.id);

/** A doc whose agenda is p1 … pN, each an info phase titled "Phase pK" lasting K minutes. */
function docWithPhases(count: number): Y.Doc {
  const doc = new Y.Doc();
  for (let index = 1; index <= count; index++) addPhase(doc, `p${index}`, { kind: 'info', title: `Phase p${index}`, durationMs: index * MINUTE });
  return doc;
}

function phaseMap(doc: Y.Doc, id: string): PhaseMap {
  const phase = phaseMaps(doc).get(id);
  if (!phase) throw new Error(`the doc has no phase ${id}`);
  return phase;
}

describe('building the agenda in a Y.Doc', () => {
  it('adds a phase with what was given and empty or off defaults', () => {
    const doc = new Y.Doc();
    addPhase(doc, 'p1', { kind: 'discussion', durationMs: 15 * MINUTE });

    expect(readPhases(doc)).toEqual([
      { id: 'p1', kind: 'discussion', title: '', text: '', durationMs: 15 * MINUTE, questionIds: [], autoAdvance: false, autoCloseVote: false },
    ]);
  });

  it('adds a phase with every field', () => {
    const doc = new Y.Doc();
    const content: Required<PhaseContent> = {
      kind: 'vote',
      title: 'Vote',
      text: 'Vote on your phone.',
      durationMs: 5 * MINUTE,
      questionIds: ['q1', 'q2'],
      autoAdvance: true,
      autoCloseVote: true,
      translations: { fr: { title: 'Vote', text: 'Votez sur votre téléphone.' } },
    };
    addPhase(doc, 'p1', content);

    expect(readPhases(doc)).toEqual([{ id: 'p1', ...content }]);
  });

  it('appends phases in the order they are added', () => {
    const doc = new Y.Doc();
    for (const id of ['c', 'a', 'b']) addPhase(doc, id, { kind: 'info', durationMs: MINUTE });
    expect(ids(doc)).toEqual(['c', 'a', 'b']);
  });

  it('reads the title and text typed into a phase, trimmed and cut to their limits', () => {
    const doc = new Y.Doc();
    const phase = addPhase(doc, 'p1', { kind: 'info', title: 'Welcome', durationMs: MINUTE });
    phaseTitle(phase).insert(0, '  ');
    phaseTitle(phase).insert(phaseTitle(phase).length, ' everyone ');
    phaseText(phase).insert(0, `${'t'.repeat(PHASE_LIMITS.textMaxLength)}xyz`);

    expect(readPhases(doc)[0]).toMatchObject({ title: 'Welcome everyone', text: 't'.repeat(PHASE_LIMITS.textMaxLength) });

    phaseTitle(phase).insert(0, 'x'.repeat(PHASE_LIMITS.titleMaxLength + 5));
    expect(readPhases(doc)[0]?.title).toBe('x'.repeat(PHASE_LIMITS.titleMaxLength));
  });

  it('updates plain fields, leaving the others', () => {
    const doc = docWithPhases(2);
    const questionIds = ['q1'];

    updatePhase(phaseMap(doc, 'p1'), { kind: 'vote', durationMs: 7 * MINUTE, questionIds, autoCloseVote: true });
    questionIds.push('q-later'); // the doc keeps its own copy

    expect(readPhases(doc)).toEqual([
      { id: 'p1', kind: 'vote', title: 'Phase p1', text: '', durationMs: 7 * MINUTE, questionIds: ['q1'], autoAdvance: false, autoCloseVote: true },
      { id: 'p2', kind: 'info', title: 'Phase p2', text: '', durationMs: 2 * MINUTE, questionIds: [], autoAdvance: false, autoCloseVote: false },
    ]);

    updatePhase(phaseMap(doc, 'p1'), { autoAdvance: true });
    expect(readPhases(doc)[0]).toMatchObject({ kind: 'vote', autoAdvance: true, autoCloseVote: true, durationMs: 7 * MINUTE });
  });

  it.each<[string, number, number]>([
    ['0 s is raised to the minimum', 0, PHASE_LIMITS.minDurationMs],
    ['a negative duration is raised to the minimum', -5 * MINUTE, PHASE_LIMITS.minDurationMs],
    ['9.999 s is raised to the minimum', 9_999, PHASE_LIMITS.minDurationMs],
    ['exactly the minimum stays', PHASE_LIMITS.minDurationMs, PHASE_LIMITS.minDurationMs],
    ['a fraction of a millisecond is rounded', 90_000.4, 90_000],
    ['exactly 24 h stays', 24 * 60 * MINUTE, PHASE_LIMITS.maxDurationMs],
    ['a week is cut to 24 h', 7 * 24 * 60 * MINUTE, PHASE_LIMITS.maxDurationMs],
    ['NaN becomes the minimum', Number.NaN, PHASE_LIMITS.minDurationMs],
  ])('clamps durations: %s', (_, durationMs, clamped) => {
    const doc = new Y.Doc();
    addPhase(doc, 'added', { kind: 'info', durationMs });
    const updated = addPhase(doc, 'updated', { kind: 'info', durationMs: MINUTE });
    updatePhase(updated, { durationMs });
    const raw = addPhase(doc, 'raw', { kind: 'info', durationMs: MINUTE });
    raw.set('durationMs', durationMs); // a peer writing the field directly

    expect(readPhases(doc).map((phase) => phase.durationMs)).toEqual([clamped, clamped, clamped]);
    expect(phaseMap(doc, 'added').get('durationMs')).toBe(clamped);
    expect(phaseMap(doc, 'updated').get('durationMs')).toBe(clamped);
  });

  it.each<[string, string, number, string[]]>([
    ['to the front', 'p3', 0, ['p3', 'p1', 'p2', 'p4']],
    ['one down', 'p1', 1, ['p2', 'p1', 'p3', 'p4']],
    ['into the middle', 'p4', 2, ['p1', 'p2', 'p4', 'p3']],
    ['to the end', 'p2', 3, ['p1', 'p3', 'p4', 'p2']],
    ['past the end (clamped)', 'p1', 99, ['p2', 'p3', 'p4', 'p1']],
    ['before the front (clamped)', 'p4', -3, ['p4', 'p1', 'p2', 'p3']],
    ['to where it is', 'p2', 1, ['p1', 'p2', 'p3', 'p4']],
    ['an unknown phase: nothing', 'p9', 0, ['p1', 'p2', 'p3', 'p4']],
  ])('moves a phase %s', (_, id, index, order) => {
    const doc = docWithPhases(4);
    movePhase(doc, id, index);
    expect(ids(doc)).toEqual(order);
  });

  it('keeps moving a phase between the same two neighbours many times', () => {
    const doc = docWithPhases(3);
    // Each move halves the gap between two orders; 40 of them must still sort correctly.
    for (let round = 0; round < 40; round++) movePhase(doc, round % 2 === 0 ? 'p3' : 'p2', 1);
    expect(ids(doc)).toEqual(['p1', 'p2', 'p3']);
    movePhase(doc, 'p1', 2);
    expect(ids(doc)).toEqual(['p2', 'p3', 'p1']);
  });

  it('moving changes only the moved phase', () => {
    const doc = docWithPhases(3);
    const before = readPhases(doc);
    movePhase(doc, 'p3', 0);
    const after = readPhases(doc);
    expect([after[0], after[1], after[2]]).toEqual([before[2], before[0], before[1]]);
  });

  it('removes a phase and only that one', () => {
    const doc = docWithPhases(3);
    removePhase(doc, 'p2');
    expect(ids(doc)).toEqual(['p1', 'p3']);
    removePhase(doc, 'p-unknown');
    expect(ids(doc)).toEqual(['p1', 'p3']);
    addPhase(doc, 'p4', { kind: 'break', durationMs: MINUTE });
    expect(ids(doc)).toEqual(['p1', 'p3', 'p4']);
  });

  it(`reads at most ${PHASE_LIMITS.maxPhases} phases`, () => {
    const doc = docWithPhases(PHASE_LIMITS.maxPhases + 3);
    expect(readPhases(doc)).toHaveLength(PHASE_LIMITS.maxPhases);
    expect(readPhases(doc).at(-1)?.id).toBe(`p${PHASE_LIMITS.maxPhases}`);
  });

  it('readAgenda gives the phases and every question', () => {
    const doc = docWithPhases(2);
    addQuestion(doc, 'q1', ['a', 'b'], { text: 'Lunch?', labels: ['Pizza', 'Salad'], reveal: 'after-close' });

    expect(readAgenda(doc)).toEqual({
      phases: readPhases(doc),
      questions: [
        {
          id: 'q1',
          kind: 'single',
          text: 'Lunch?',
          options: [{ id: 'a', label: 'Pizza' }, { id: 'b', label: 'Salad' }],
          reveal: 'after-close',
          scope: 'individual',
          maxChoices: 1,
          comparesWith: null,
          reference: null,
        },
      ],
    });
  });
});

describe('malformed phase entries', () => {
  it.each<[string, (doc: Y.Doc) => void, string[]]>([
    ['a plain string instead of a map', (doc) => (phaseMaps(doc) as Y.Map<unknown>).set('junk', 'phase'), ['p1', 'p2', 'p3']],
    ['a Y.Text instead of a map', (doc) => (phaseMaps(doc) as Y.Map<unknown>).set('junk', new Y.Text('phase')), ['p1', 'p2', 'p3']],
    ['a map without an id', (doc) => phaseMap(doc, 'p2').delete('id'), ['p1', 'p3']],
    ['a map with a numeric id', (doc) => phaseMap(doc, 'p2').set('id', 2), ['p1', 'p3']],
    ['an unknown kind', (doc) => phaseMap(doc, 'p2').set('kind', 'lunch'), ['p1', 'p3']],
    ['no kind', (doc) => phaseMap(doc, 'p2').delete('kind'), ['p1', 'p3']],
    ['a title stored as a plain string', (doc) => phaseMap(doc, 'p2').set('title', 'Phase p2'), ['p1', 'p3']],
    ['no text', (doc) => phaseMap(doc, 'p2').delete('text'), ['p1', 'p3']],
  ])('skips %s, keeping the others readable', (_, corrupt, expected) => {
    const doc = docWithPhases(3);
    const before = readPhases(doc);
    corrupt(doc);

    expect(readPhases(doc)).toEqual(before.filter((phase) => expected.includes(phase.id)));
  });

  it.each<[string, unknown, Partial<PhaseDefinition>]>([
    ['a duration stored as a string', '600000', { durationMs: PHASE_LIMITS.minDurationMs }],
    ['question ids mixed with junk', ['q1', 7, null, 'q2', { id: 'q3' }], { questionIds: ['q1', 'q2'] }],
    ['question ids that are not an array', 'q1', { questionIds: [] }],
    ['auto-advance stored as a string', 'yes', { autoAdvance: false }],
  ])('reads the usable part of a phase with %s', (_, junk, expected) => {
    const doc = docWithPhases(1);
    const phase = phaseMap(doc, 'p1');
    const field = Object.keys(expected)[0]!;
    phase.set(field, junk);

    expect(readPhases(doc)).toEqual([{ ...readPhasesOfFresh(), ...expected }]);
  });

  it('sorts a phase whose order is missing or not a number as order 0', () => {
    const doc = docWithPhases(3);
    phaseMap(doc, 'p3').set('order', 'last');
    expect(ids(doc)).toEqual(['p3', 'p1', 'p2']);
    phaseMap(doc, 'p2').delete('order');
    expect(ids(doc)).toEqual(['p2', 'p3', 'p1']);
    phaseMap(doc, 'p1').set('order', Number.NaN);
    expect(ids(doc)).toEqual(['p1', 'p2', 'p3']);
  });
});

/** p1 as `docWithPhases` writes it. */
function readPhasesOfFresh(): PhaseDefinition {
  return readPhases(docWithPhases(1))[0]!;
}

describe('two moderators editing the agenda at once', () => {
  it('a move and a title edit of the same phase converge, keeping the edit', () => {
    const onsite = docWithPhases(4);
    const online = new Y.Doc();
    sync(onsite, online);

    movePhase(onsite, 'p3', 0);
    phaseTitle(phaseMap(online, 'p3')).insert('Phase p3'.length, ': table work');
    phaseText(phaseMap(online, 'p3')).insert(0, 'Discuss.');
    syncBoth(onsite, online);

    for (const doc of [onsite, online]) {
      expect(ids(doc)).toEqual(['p3', 'p1', 'p2', 'p4']);
      expect(readPhases(doc)[0]).toMatchObject({ id: 'p3', title: 'Phase p3: table work', text: 'Discuss.' });
    }
  });

  it('two moves of the same phase converge on one order in both docs', () => {
    const a = docWithPhases(4);
    const b = new Y.Doc();
    sync(a, b);

    movePhase(a, 'p1', 3);
    movePhase(b, 'p1', 1);
    syncBoth(a, b);

    expect(ids(a)).toEqual(ids(b));
    expect(['p2,p3,p4,p1', 'p2,p1,p3,p4']).toContain(ids(a).join(','));
  });

  it('phases added at once at the end converge on the same order in both docs', () => {
    const a = docWithPhases(2);
    const b = new Y.Doc();
    sync(a, b);

    addPhase(a, 'zz-from-a', { kind: 'info', durationMs: MINUTE });
    addPhase(b, 'aa-from-b', { kind: 'break', durationMs: MINUTE });
    syncBoth(a, b);

    // Same order number: the id breaks the tie, the same way on both sides.
    expect(ids(a)).toEqual(['p1', 'p2', 'aa-from-b', 'zz-from-a']);
    expect(ids(b)).toEqual(ids(a));
  });

  it('a duration change and a removal of another phase both survive', () => {
    const a = docWithPhases(3);
    const b = new Y.Doc();
    sync(a, b);

    updatePhase(phaseMap(a, 'p1'), { durationMs: 20 * MINUTE });
    removePhase(b, 'p2');
    syncBoth(a, b);

    for (const doc of [a, b]) expect(readPhases(doc).map((phase) => [phase.id, phase.durationMs])).toEqual([['p1', 20 * MINUTE], ['p3', 3 * MINUTE]]);
  });
});

describe('agenda files: export and import', () => {
  /** A doc with two questions (one revealed after close) and an agenda using them, with odd durations. */
  function fullDoc(): Y.Doc {
    const doc = new Y.Doc();
    addQuestion(doc, 'q1', ['a', 'b'], { text: 'Lunch?', labels: ['Pizza', 'Salad'], reveal: 'after-close' });
    addQuestion(doc, 'q2', ['x', 'y', 'z'], { text: 'Dessert?', labels: ['Cake', 'Fruit', 'None'] });
    addQuestion(doc, 'q-unused', ['m', 'n'], { text: 'Not on the agenda', labels: ['M', 'N'] });
    addPhase(doc, 'ph1', { kind: 'info', title: 'Welcome', text: 'Hello', durationMs: PHASE_LIMITS.minDurationMs });
    addPhase(doc, 'ph2', { kind: 'vote', title: 'Vote', durationMs: 95_123, questionIds: ['q2', 'q1'], autoCloseVote: true });
    addPhase(doc, 'ph3', { kind: 'results', title: 'Results', durationMs: PHASE_LIMITS.maxDurationMs, questionIds: ['q1'], autoAdvance: true });
    addPhase(doc, 'ph4', { kind: 'qna', title: 'Questions', durationMs: 7.5 * MINUTE });
    movePhase(doc, 'ph4', 1);
    return doc;
  }

  it('exports the agenda as a file with questions referred to by position', () => {
    const SINGLE_DEFAULTS = { kind: 'single', scope: 'individual', maxChoices: 1, comparesWith: null, reference: null } as const;
    const file = exportAgenda(fullDoc(), 'en');

    expect(file).toEqual({
      format: 'pnyx-agenda',
      version: 1,
      language: 'en',
      questions: [
        { text: 'Lunch?', options: ['Pizza', 'Salad'], reveal: 'after-close', ...SINGLE_DEFAULTS },
        { text: 'Dessert?', options: ['Cake', 'Fruit', 'None'], reveal: 'live', ...SINGLE_DEFAULTS },
        { text: 'Not on the agenda', options: ['M', 'N'], reveal: 'live', ...SINGLE_DEFAULTS },
      ],
      phases: [
        { kind: 'info', title: 'Welcome', text: 'Hello', durationMinutes: 1 / 6, questions: [], autoAdvance: false, autoCloseVote: false },
        { kind: 'qna', title: 'Questions', text: '', durationMinutes: 7.5, questions: [], autoAdvance: false, autoCloseVote: false },
        { kind: 'vote', title: 'Vote', text: '', durationMinutes: 95_123 / MINUTE, questions: [1, 0], autoAdvance: false, autoCloseVote: true },
        { kind: 'results', title: 'Results', text: '', durationMinutes: 24 * 60, questions: [0], autoAdvance: true, autoCloseVote: false },
      ],
    });
    expect(parseMessage(agendaFileSchema, file)).toEqual({ ok: true, value: file });
  });

  it('leaves out references to questions the document no longer has', () => {
    const doc = fullDoc();
    removeQuestion(doc, 'q2');
    expect(exportAgenda(doc, 'en').phases[2]?.questions).toEqual([0]);
  });

  it('round-trips through JSON into a fresh doc: the same agenda and questions, with fresh ids', () => {
    const original = fullDoc();
    const file = JSON.parse(JSON.stringify(exportAgenda(original, 'en'))) as unknown;
    const parsed = parseMessage(agendaFileSchema, file);
    if (!parsed.ok) expect.fail(parsed.error.message);
    const copy = new Y.Doc();

    importAgenda(copy, parsed.value as AgendaFile, idMaker('new'));

    const before = readAgenda(original);
    const after = readAgenda(copy);
    const newQuestionId = new Map(before.questions.map((question, index) => [question.id, after.questions[index]!.id]));
    expect(after.questions.map(({ text, options, reveal, kind }) => ({ kind, text, labels: options.map((option) => option.label), reveal }))).toEqual(
      before.questions.map(({ text, options, reveal, kind }) => ({ kind, text, labels: options.map((option) => option.label), reveal })),
    );
    expect(after.phases.map(({ id: _, ...phase }) => phase)).toEqual(
      before.phases.map(({ id: _, ...phase }) => ({ ...phase, questionIds: phase.questionIds.map((id) => newQuestionId.get(id)) })),
    );
    // Fresh ids everywhere, none reused from the original, every imported question ready to open.
    const allIds = (agenda: typeof before) => [
      ...agenda.phases.map((phase) => phase.id),
      ...agenda.questions.flatMap((question) => [question.id, ...question.options.map((option) => option.id)]),
    ];
    const oldIds = new Set(allIds(before));
    const newIds = allIds(after);
    expect(new Set(newIds).size).toBe(newIds.length);
    expect(newIds.filter((id) => oldIds.has(id))).toEqual([]);
    for (const question of after.questions) expect(checkQuestionDefinition(question)).toBeNull();
    // Exporting the copy gives the same file again.
    expect(exportAgenda(copy, 'en')).toEqual(exportAgenda(original, 'en'));
  });

  it('appends to an agenda that already has phases, and twice makes two independent copies', () => {
    const doc = docWithPhases(1);
    const file = exportAgenda(fullDoc(), 'en');
    const newId = idMaker();

    importAgenda(doc, file, newId);
    importAgenda(doc, file, newId);

    const agenda = readAgenda(doc);
    expect(agenda.phases.map((phase) => phase.title)).toEqual(['Phase p1', 'Welcome', 'Questions', 'Vote', 'Results', 'Welcome', 'Questions', 'Vote', 'Results']);
    expect(agenda.questions).toHaveLength(6);
    const [firstVote, secondVote] = agenda.phases.filter((phase) => phase.kind === 'vote');
    expect(firstVote?.questionIds).toEqual([agenda.questions[1]!.id, agenda.questions[0]!.id]);
    expect(secondVote?.questionIds).toEqual([agenda.questions[4]!.id, agenda.questions[3]!.id]);
  });

  it('imports in one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    importAgenda(doc, exportAgenda(fullDoc(), 'en'), idMaker());
    expect(updates).toBe(1);
  });

  it('drops question references a hand-written file gets wrong', () => {
    const doc = new Y.Doc();
    const file: AgendaFile = {
      format: 'pnyx-agenda',
      version: 1,
      questions: [
        { text: 'Only?', options: ['A', 'B'], reveal: 'live', kind: 'single', scope: 'individual', maxChoices: 1, comparesWith: null, reference: null },
      ],
      phases: [{ kind: 'vote', title: 'Vote', text: '', durationMinutes: 2, questions: [3, 0, 1], autoAdvance: false, autoCloseVote: true }],
    };
    importAgenda(doc, file, idMaker());
    const agenda = readAgenda(doc);
    expect(agenda.phases[0]?.questionIds).toEqual([agenda.questions[0]!.id]);
  });
});

describe('agenda templates', () => {
  it.each(AGENDA_TEMPLATES.map((template) => [template.id, template] as const))('%s passes agendaFileSchema as it is', (_, template) => {
    expect(parseMessage(agendaFileSchema, template.agenda)).toEqual({ ok: true, value: template.agenda });
  });

  it.each(AGENDA_TEMPLATES.map((template) => [template.id, template] as const))(
    '%s imports into a doc whose agenda can be run from start to end',
    (_, template) => {
      const doc = new Y.Doc();
      importAgenda(doc, template.agenda, idMaker());
      const agenda = readAgenda(doc);

      expect(agenda.phases).toHaveLength(template.agenda.phases.length);
      expect(agenda.questions).toHaveLength(template.agenda.questions.length);
      expect(agenda.phases.map(({ kind, title, durationMs }) => ({ kind, title, durationMs }))).toEqual(
        template.agenda.phases.map(({ kind, title, durationMinutes }) => ({ kind, title, durationMs: durationMinutes * MINUTE })),
      );
      // Every phase can be entered in turn: the vote phases' questions are ready to open.
      const state = newSession();
      for (const [index, phase] of agenda.phases.entries()) {
        const result = execute(state, go('next', agenda), index * MINUTE);
        expect(result.ok, `entering ${phase.title}: ${result.ok ? '' : result.error.message}`).toBe(true);
      }
      expect(state.history.map((record) => record.title)).toEqual(template.agenda.phases.map((phase) => phase.title));
      // Each of the template's questions was opened by one of its vote phases.
      expect([...state.questions.values()].map((question) => question.definition.text)).toEqual(template.agenda.questions.map((question) => question.text));
    },
  );

  it.each(AGENDA_TEMPLATES.map((template) => [template.id, template] as const))(
    '%s has every text, option and name in French, Spanish, German and Arabic',
    (_, template) => {
      for (const language of ['fr', 'es', 'de', 'ar']) {
        expect(templateNames(template, language).name).not.toBe(template.names.en!.name);
        const file = agendaFileIn(template.agenda, language);
        expect(file.language).toBe(language);
        file.questions.forEach((question, index) => {
          const english = template.agenda.questions[index]!;
          expect(question.text).not.toBe(english.text);
          expect(question.options).toHaveLength(english.options.length);
          expect(question.options.every((label) => label.trim().length > 0)).toBe(true);
          expect(question.translations?.en).toEqual({ text: english.text, options: english.options });
        });
        for (const phase of file.phases) expect(phase.translations?.en?.title).toBeTruthy();
        expect(file.phases.every((phase, index) => phase.text !== template.agenda.phases[index]!.text)).toBe(true);
      }
      expect(templateNames(template, 'ja')).toEqual(template.names.en);
      expect(templateNames(template, 'fr-CA')).toEqual(template.names.fr);
    },
  );

  it('have distinct ids', () => {
    expect(new Set(AGENDA_TEMPLATES.map((template) => template.id)).size).toBe(AGENDA_TEMPLATES.length);
  });

  it("the citizens' dialogue: welcome, briefing, table discussion, individual vote, results, discussion, second vote, comparison", () => {
    const template = AGENDA_TEMPLATES.find((candidate) => candidate.id === 'citizens-dialogue');
    expect(template).toBeDefined();
    expect(template!.agenda.phases.map(({ kind, title }) => [kind, title])).toEqual([
      ['info', 'Welcome'],
      ['info', 'Briefing'],
      ['discussion', 'Table discussion'],
      ['vote', 'Individual vote'],
      ['results', 'Results'],
      ['discussion', 'Table discussion'],
      ['vote', 'Second vote'],
      ['results', 'Results and comparison'],
    ]);
    // The two votes ask different questions; each results phase shows the vote before it.
    const [, , , firstVote, firstResults, , secondVote, comparison] = template!.agenda.phases;
    expect(firstVote?.questions).toEqual([0]);
    expect(firstResults?.questions).toEqual([0]);
    expect(secondVote?.questions).toEqual([1]);
    expect(comparison?.questions).toEqual([1]);
  });

  it('the conference session: 5 phases of 5, 10, 15, 5 and 10 minutes (45 in all)', () => {
    const template = AGENDA_TEMPLATES.find((candidate) => candidate.id === 'conference-45');
    expect(template).toBeDefined();
    expect(template!.agenda.phases.map((phase) => phase.durationMinutes)).toEqual([5, 10, 15, 5, 10]);
    expect(template!.agenda.phases.map((phase) => phase.kind)).toEqual(['info', 'info', 'discussion', 'vote', 'results']);
  });
});

describe('orderedPhases', () => {
  it('gives the live maps in agenda order, for editors binding to them', () => {
    const doc = docWithPhases(3);
    movePhase(doc, 'p1', 2);
    expect(orderedPhases(doc).map((phase) => phase.get('id'))).toEqual(['p2', 'p3', 'p1']);
    expect(orderedPhases(doc)[0]).toBe(phaseMap(doc, 'p2'));
  });
});

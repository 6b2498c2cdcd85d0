import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  checkSessionLanguages,
  cleanQuestionTranslations,
  contentDirection,
  defaultTableName,
  deriveRoster,
  readersByLanguage,
  rosterMembers,
  type SessionCommand,
  deriveSessionReport,
  reportIn,
  agendaFileIn,
  type AgendaFile,
  createSessionState,
  deriveLiveView,
  execute,
  isLanguageTag,
  liveViewUpdate,
  phaseIn,
  pickContentLanguage,
  questionIn,
  QUESTION_LIMITS,
  type SessionLanguages,
} from '@pnyx/shared';
import {
  addPhase,
  addQuestion,
  exportAgenda,
  importAgenda,
  readAgenda,
  readPhases,
  readQuestions,
  translationKey,
  translationText,
  findQuestion,
} from '@pnyx/shared/session-doc';
import {
  OWNER_CREDENTIAL,
  SESSION_INFO,
  cast,
  join,
  jump,
  newSession,
  open,
  optionId,
  phaseDefinition,
  questionDefinition,
  run,
  syncAgenda,
  agendaOf,
  tallyOf,
} from '../utils/domain-fixtures.js';

const languages = (main: string, others: string[] = [], projectorSecond: string | null = null): SessionLanguages => ({
  main,
  others,
  projectorSecond,
});

describe('language tags and choices', () => {
  it('takes the tags people type for languages and nothing else', () => {
    for (const tag of ['fr', 'pt-BR', 'zh-Hant', 'sr-Latn-RS', 'ckb']) expect(isLanguageTag(tag)).toBe(true);
    for (const tag of ['', 'French', 'f', 'fr_FR', 'fr-', '../x', 'fr/text', 'FR', 'a-b-c-d-e']) expect(isLanguageTag(tag)).toBe(false);
  });

  it('reads a phone its own language, a close one, or the main one', () => {
    const session = languages('en', ['fr', 'pt-BR', 'de']);
    expect(pickContentLanguage(session, ['fr-CA', 'en'])).toBe('fr');
    expect(pickContentLanguage(session, ['pt'])).toBe('pt-BR');
    expect(pickContentLanguage(session, ['DE-at'])).toBe('de');
    expect(pickContentLanguage(session, ['ja', 'ko'])).toBe('en');
    expect(pickContentLanguage(session, ['ja', 'de', 'fr'])).toBe('de');
    expect(pickContentLanguage(session, [])).toBe('en');
  });

  it('writes Arabic, Hebrew and Persian right to left, and the rest left to right', () => {
    expect(['ar', 'he', 'fa-IR', 'ur'].map(contentDirection)).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'fr', 'zh-Hant', 'sw'].map(contentDirection)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
  });

  it('refuses duplicates, bad tags, too many languages and a projector language the session lacks', () => {
    expect(checkSessionLanguages(languages('en', ['fr'], 'fr'))).toBeNull();
    expect(checkSessionLanguages(languages('en', ['fr', 'en']))?.code).toBe('invalid_languages');
    expect(checkSessionLanguages(languages('English'))?.code).toBe('invalid_languages');
    expect(checkSessionLanguages(languages('en', ['fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'ru']))?.code).toBe('invalid_languages');
    expect(checkSessionLanguages(languages('en', ['fr'], 'de'))?.message).toMatch(/projector/);
    expect(checkSessionLanguages(languages('en', ['fr'], 'en'))?.code).toBe('invalid_languages');
  });
});

describe('translated questions and phases', () => {
  const question = {
    ...questionDefinition('q1', ['Yes', 'No', 'Maybe']),
    text: 'Should the Internet be governed globally?',
    translations: {
      fr: { text: 'Internet doit-il être gouverné mondialement ?', options: { [optionId('q1', 0)]: 'Oui', [optionId('q1', 1)]: 'Non' } },
      de: { text: '', options: { [optionId('q1', 0)]: 'Ja' } },
    },
  };

  it('shows a question in a language, keeping the main text where a field is not translated', () => {
    const french = questionIn(question, 'fr');
    expect(french.text).toBe('Internet doit-il être gouverné mondialement ?');
    expect(french.options.map((option) => option.label)).toEqual(['Oui', 'Non', 'Maybe']);
    expect(french.options.map((option) => option.id)).toEqual(question.options.map((option) => option.id));

    const german = questionIn(question, 'de');
    expect(german.text).toBe(question.text);
    expect(german.options.map((option) => option.label)).toEqual(['Ja', 'No', 'Maybe']);

    expect(questionIn(question, 'ja')).toBe(question);
    expect(questionIn(question, 'en')).toBe(question);
  });

  it('shows a phase in a language, field by field', () => {
    const phase = { ...phaseDefinition('p1', 'discussion'), title: 'Discuss', text: 'Talk at your table.', translations: { fr: { title: 'Discutez', text: '' } } };
    expect(phaseIn(phase, 'fr')).toMatchObject({ title: 'Discutez', text: 'Talk at your table.' });
    expect(phaseIn(phase, 'es')).toBe(phase);
  });

  it('cleans translations: trimmed, within limits, only the question’s options, no empty languages, no odd keys', () => {
    const cleaned = cleanQuestionTranslations(
      {
        fr: { text: '  Oui ou non ?  ', options: { a: ' Oui ', gone: 'Parti', b: '   ', constructor: 'x' } },
        de: { text: '   ', options: {} },
        'not a tag': { text: 'x', options: {} },
        es: { text: 'x'.repeat(QUESTION_LIMITS.textMaxLength + 50), options: {} },
      },
      ['a', 'b', 'constructor'],
      QUESTION_LIMITS,
    );
    expect(cleaned).toEqual({
      fr: { text: 'Oui ou non ?', options: { a: 'Oui', constructor: 'x' } },
      es: { text: 'x'.repeat(QUESTION_LIMITS.textMaxLength), options: {} },
    });
    // An option id shaped like an Object.prototype member, absent from the translation, reads as untranslated.
    expect(cleanQuestionTranslations({ fr: { text: 'T', options: {} } }, ['constructor', 'toString'], QUESTION_LIMITS)).toEqual({
      fr: { text: 'T', options: {} },
    });
  });
});

describe('a session’s languages', () => {
  it('starts in its creator’s language, or English', () => {
    expect(newSession().languages).toEqual(languages('en'));
    expect(createSessionState({ ...SESSION_INFO, language: 'fr' }, OWNER_CREDENTIAL).languages).toEqual(languages('fr'));
    expect(createSessionState({ ...SESSION_INFO, language: 'Klingon!' }, OWNER_CREDENTIAL).languages).toEqual(languages('en'));
  });

  it('names the tables nobody named in its main language', () => {
    const state = createSessionState({ ...SESSION_INFO, language: 'es-MX' }, OWNER_CREDENTIAL);
    run(state, { type: 'tables:add', tables: [{ name: '', facilitatorCode: 'f1' }, { name: 'Roble', facilitatorCode: 'f2' }] });
    run(state, { type: 'languages:set', languages: languages('de') });
    run(state, { type: 'tables:add', tables: [{ name: '  ', facilitatorCode: 'f3' }] });
    expect([...state.tables.values()].map((table) => table.name)).toEqual(['Mesa 1', 'Roble', 'Tisch 3']);
    expect(defaultTableName(4, 'ja')).toBe('Table 4');
  });

  it('takes languages from moderators and refuses bad ones without changing anything', () => {
    const state = newSession();
    run(state, { type: 'languages:set', languages: languages('en', ['fr', 'de'], 'fr') });
    expect(state.languages).toEqual(languages('en', ['fr', 'de'], 'fr'));

    const refused = execute(state, { type: 'languages:set', languages: languages('en', ['fr', 'fr']) }, 0);
    expect(refused.ok).toBe(false);
    expect(state.languages).toEqual(languages('en', ['fr', 'de'], 'fr'));
  });

  it('still takes languages once ended, for the projector that stays on', () => {
    const state = newSession();
    run(state, { type: 'session:end' });
    expect(execute(state, { type: 'languages:set', languages: languages('en', ['fr'], 'fr') }, 0).ok).toBe(true);
  });

  it('sends screens the translations of the session’s languages only, and all of them again when languages change', () => {
    const state = newSession();
    const question = {
      ...questionDefinition('q1'),
      translations: { fr: { text: 'Question q1 ?', options: { [optionId('q1', 0)]: 'Oui' } }, de: { text: 'Frage q1?', options: {} } },
    };
    run(state, open(question));
    expect(deriveLiveView(state, 0).questions[0]).not.toHaveProperty('translations');

    const { events } = run(state, { type: 'languages:set', languages: languages('en', ['fr']) });
    expect(deriveLiveView(state, 0).questions[0]?.translations).toEqual({ fr: question.translations.fr });
    expect(deriveLiveView(state, 0).languages).toEqual(languages('en', ['fr']));
    // The broadcast after a change of languages carries the question list (its translations changed).
    expect(liveViewUpdate(state, 0, events).questions?.[0]?.translations).toEqual({ fr: question.translations.fr });
  });

  it('counts every language’s ballots on the same options: one question, one tally', () => {
    const state = newSession();
    const question = { ...questionDefinition('q1'), translations: { fr: { text: 'Q ?', options: { [optionId('q1', 0)]: 'Oui' } } } };
    run(state, { type: 'languages:set', languages: languages('en', ['fr']) });
    run(state, open(question));
    run(state, join('p1'));
    run(state, join('p2', 'cred-p2'));
    run(state, cast('p1', 'q1', 'b1', optionId('q1', 0)));
    run(state, cast('p2', 'q1', 'b2', optionId('q1', 0)));
    expect(tallyOf(state, 'q1').counts).toEqual({ [optionId('q1', 0)]: 2, [optionId('q1', 1)]: 0 });
  });

  it('reports the questions in a reader’s language, with translations into the session’s languages only', () => {
    const state = newSession();
    run(state, { type: 'languages:set', languages: languages('en', ['fr']) });
    const question = {
      ...questionDefinition('q1'),
      translations: { fr: { text: 'Q1 ?', options: { [optionId('q1', 1)]: 'Non' } }, de: { text: 'F1?', options: {} } },
    };
    run(state, open(question));
    const report = deriveSessionReport(state, new Map(), 0);
    expect(report.languages).toEqual(languages('en', ['fr']));
    expect(report.questions[0]?.question.translations).toEqual({ fr: question.translations.fr });
    const french = reportIn(report, 'fr').questions[0]!.question;
    expect([french.text, ...french.options.map((option) => option.label)]).toEqual(['Q1 ?', 'Yes', 'Non']);
    expect(reportIn(report, 'de').questions[0]?.question.text).toBe('Question q1?');
  });

  it('lets the running phase follow an edited translation, and phones see it', () => {
    const state = newSession();
    run(state, { type: 'languages:set', languages: languages('en', ['fr']) });
    const talk = phaseDefinition('talk', 'discussion', { title: 'Talk' });
    run(state, jump('talk', agendaOf([talk])));
    const translated = { ...talk, translations: { fr: { title: 'Discussion', text: 'À votre table.' } } };
    const { events } = run(state, syncAgenda(agendaOf([translated])));
    expect(events.map((event) => event.type)).toEqual(['phase:updated']);
    expect(deriveLiveView(state, 0).phase?.translations).toEqual({ fr: { title: 'Discussion', text: 'À votre table.' } });
    expect(run(state, syncAgenda(agendaOf([translated]))).events).toEqual([]);
  });
});

describe('the language each participant reads', () => {
  it('is what their phone said at join or since; moderators count readers per language, offered or not', () => {
    const state = newSession();
    run(state, { ...join('p1'), language: 'fr' } as SessionCommand);
    run(state, { ...join('p2'), language: 'ja' } as SessionCommand);
    run(state, { ...join('p3'), language: 'fr' } as SessionCommand);
    run(state, join('p4'));
    run(state, { ...join('p5'), language: 'not a tag' } as SessionCommand);
    expect([...state.participants.values()].map((participant) => participant.language)).toEqual(['fr', 'ja', 'fr', null, null]);

    expect(run(state, { type: 'participant:language', participantId: 'p2', language: 'de' }).events).toEqual([
      { type: 'participant:language-set', participantId: 'p2', language: 'de' },
    ]);
    expect(run(state, { type: 'participant:language', participantId: 'p2', language: 'de' }).events).toEqual([]);
    expect(execute(state, { type: 'participant:language', participantId: 'p2', language: 'Deutsch' }, 0)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(execute(state, { type: 'participant:language', participantId: 'nobody', language: 'de' }, 0)).toMatchObject({ ok: false, error: { code: 'unknown_participant' } });

    const readers = [{ language: 'fr', readers: 2 }, { language: 'de', readers: 1 }];
    expect(readersByLanguage(rosterMembers(deriveRoster(state)))).toEqual(readers);
    expect(deriveSessionReport(state, new Map(), 0).attendance.byLanguage).toEqual(readers);
  });
});

describe('translations in the session document', () => {
  it('reads what moderators typed per language, field by field, and freezes it cleaned when the question opens', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q1', ['a', 'b'], { text: 'Agree?', labels: ['Yes', 'No'] });
    const question = findQuestion(doc, 'q1')!;
    translationText(question, translationKey.questionText('fr')).insert(0, ' D’accord ? ');
    translationText(question, translationKey.optionLabel('fr', 'a')).insert(0, 'Oui');
    translationText(question, translationKey.optionLabel('fr', 'zz')).insert(0, 'Option supprimée');
    expect(readQuestions(doc)[0]?.translations).toEqual({ fr: { text: ' D’accord ? ', options: { a: 'Oui', zz: 'Option supprimée' } } });

    const state = newSession();
    run(state, open(readQuestions(doc)[0]!));
    expect(state.questions.get('q1')?.definition.translations).toEqual({ fr: { text: 'D’accord ?', options: { a: 'Oui' } } });
  });

  it('makes the translations map in documents written before translations existed', () => {
    const doc = new Y.Doc();
    addPhase(doc, 'p1', { kind: 'info', title: 'Welcome', durationMs: 60_000 });
    const phase = doc.getMap<Y.Map<unknown>>('phases').get('p1')!;
    phase.delete('translations');
    expect(readPhases(doc)[0]).not.toHaveProperty('translations');

    translationText(phase, translationKey.phaseTitle('es')).insert(0, 'Bienvenida');
    expect(readPhases(doc)[0]?.translations).toEqual({ es: { title: 'Bienvenida', text: '' } });
  });

  it('two moderators translating the same question at once keep both edits', () => {
    const [left, right] = [new Y.Doc(), new Y.Doc()];
    addQuestion(left, 'q1', ['a', 'b'], { text: 'Agree?', labels: ['Yes', 'No'] });
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    translationText(findQuestion(left, 'q1')!, translationKey.questionText('fr')).insert(0, 'D’accord ?');
    translationText(findQuestion(right, 'q1')!, translationKey.optionLabel('fr', 'b')).insert(0, 'Non');
    Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
    Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
    for (const doc of [left, right]) {
      expect(readQuestions(doc)[0]?.translations).toEqual({ fr: { text: 'D’accord ?', options: { b: 'Non' } } });
    }
  });

  it('exports translations with options by position and imports them onto the new option ids', () => {
    const doc = new Y.Doc();
    addQuestion(doc, 'q1', ['a', 'b'], {
      text: 'Agree?',
      labels: ['Yes', 'No'],
      translations: { fr: { text: 'D’accord ?', options: { b: 'Non' } } },
    });
    addPhase(doc, 'p1', { kind: 'vote', title: 'Vote', durationMs: 60_000, questionIds: ['q1'], translations: { fr: { title: 'Vote', text: 'Votez.' } } });
    const file = exportAgenda(doc, 'en');
    expect(file.questions[0]?.translations).toEqual({ fr: { text: 'D’accord ?', options: ['', 'Non'] } });
    expect(file.phases[0]?.translations).toEqual({ fr: { title: 'Vote', text: 'Votez.' } });

    const copy = new Y.Doc();
    let next = 0;
    importAgenda(copy, file, () => `n${next++}`);
    const [question] = readQuestions(copy);
    const noId = question!.options[1]!.id;
    expect(question?.translations).toEqual({ fr: { text: 'D’accord ?', options: { [noId]: 'Non' } } });
    expect(readAgenda(copy).phases[0]?.translations).toEqual({ fr: { title: 'Vote', text: 'Votez.' } });
    expect(exportAgenda(copy, 'en')).toEqual(file);
  });
});

describe('an agenda file in a session’s main language', () => {
  const file: AgendaFile = {
    format: 'pnyx-agenda',
    version: 1,
    language: 'en',
    questions: [
      {
        text: 'Agree?',
        options: ['Yes', 'No'],
        reveal: 'live',
        kind: 'single',
        scope: 'individual',
        maxChoices: 1,
        comparesWith: null,
        reference: null,
        translations: { fr: { text: 'D’accord ?', options: ['Oui', ''] }, de: { text: 'Einverstanden?', options: ['Ja', 'Nein'] } },
      },
    ],
    phases: [
      { kind: 'info', title: 'Welcome', text: 'Hello.', durationMinutes: 5, questions: [], autoAdvance: false, autoCloseVote: false, translations: { fr: { title: 'Bienvenue', text: '' } } },
      { kind: 'info', title: 'Break', text: '', durationMinutes: 5, questions: [], autoAdvance: false, autoCloseVote: false },
    ],
  };

  it('takes the translation as its texts and keeps its own texts as a translation', () => {
    const french = agendaFileIn(file, 'fr');
    expect(french.language).toBe('fr');
    expect(french.questions[0]).toMatchObject({
      text: 'D’accord ?',
      options: ['Oui', 'No'],
      translations: { de: { text: 'Einverstanden?', options: ['Ja', 'Nein'] }, en: { text: 'Agree?', options: ['Yes', 'No'] } },
    });
    expect(french.questions[0]?.translations).not.toHaveProperty('fr');
    expect(french.phases[0]).toMatchObject({ title: 'Bienvenue', text: 'Hello.', translations: { en: { title: 'Welcome', text: 'Hello.' } } });
    expect(french.phases[1]).toEqual(file.phases[1]);
    expect(agendaFileIn(french, 'en').questions[0]?.text).toBe('Agree?');
  });

  it('stays as it is in its own language, in a language it lacks, or when its language is unknown', () => {
    expect(agendaFileIn(file, 'en')).toBe(file);
    expect(agendaFileIn(file, 'ja')).toBe(file);
    const { language: _, ...unknown } = file;
    expect(agendaFileIn(unknown, 'fr')).toBe(unknown);
  });
});


import type { AgendaFile, AgendaFilePhase, AgendaFileQuestion } from './agenda-file.js';
import { primarySubtag } from './content-languages.js';

export interface AgendaTemplate {
  id: string;
  /** Name and description per language tag; English is always there. */
  names: Record<string, { name: string; description: string }>;
  /** Written in English with translations, so `agendaFileIn` gives it in a session's main language. */
  agenda: AgendaFile;
}

/** A text in English and the languages pnyx's interface speaks. */
interface Texts {
  en: string;
  fr: string;
  es: string;
  de: string;
  ar: string;
}

const TRANSLATED = ['fr', 'es', 'de', 'ar'] as const;

function phase(kind: AgendaFilePhase['kind'], title: Texts, durationMinutes: number, text: Texts, questions: number[] = []): AgendaFilePhase {
  return {
    kind,
    title: title.en,
    text: text.en,
    durationMinutes,
    questions,
    autoAdvance: false,
    autoCloseVote: kind === 'vote',
    translations: Object.fromEntries(TRANSLATED.map((language) => [language, { title: title[language], text: text[language] }])),
  };
}

function question(text: Texts, options: Texts[], details: Partial<AgendaFileQuestion> = {}): AgendaFileQuestion {
  return {
    text: text.en,
    options: options.map((option) => option.en),
    reveal: 'live',
    kind: 'single',
    scope: 'individual',
    maxChoices: 1,
    comparesWith: null,
    reference: null,
    translations: Object.fromEntries(
      TRANSLATED.map((language) => [language, { text: text[language], options: options.map((option) => option[language]) }]),
    ),
    ...details,
  };
}

const AGREE: Texts[] = [
  { en: 'Agree', fr: 'D’accord', es: 'De acuerdo', de: 'Einverstanden', ar: 'أوافق' },
  { en: 'Disagree', fr: 'Pas d’accord', es: 'En desacuerdo', de: 'Nicht einverstanden', ar: 'لا أوافق' },
  { en: 'Not sure', fr: 'Je ne sais pas', es: 'No estoy seguro', de: 'Unsicher', ar: 'لست متأكدًا' },
];

const WELCOME: Texts = { en: 'Welcome', fr: 'Bienvenue', es: 'Bienvenida', de: 'Willkommen', ar: 'ترحيب' };
const BRIEFING: Texts = { en: 'Briefing', fr: 'Présentation', es: 'Presentación', de: 'Einführung', ar: 'إحاطة' };
const TABLE_DISCUSSION: Texts = {
  en: 'Table discussion',
  fr: 'Discussion en table',
  es: 'Debate en la mesa',
  de: 'Tischgespräch',
  ar: 'نقاش على الطاولة',
};

/** Agendas to start from; moderators then edit them like any other. */
export const AGENDA_TEMPLATES: readonly AgendaTemplate[] = [
  {
    id: 'citizens-dialogue',
    names: {
      en: { name: "Citizens' dialogue", description: 'Briefing, table discussion and a vote, twice, then the results compared.' },
      fr: { name: 'Dialogue citoyen', description: 'Présentation, discussion en table et vote, deux fois, puis les résultats comparés.' },
      es: { name: 'Diálogo ciudadano', description: 'Presentación, debate en la mesa y votación, dos veces, y luego los resultados comparados.' },
      de: { name: 'Bürgerdialog', description: 'Einführung, Tischgespräch und Abstimmung, zweimal, dann der Vergleich der Ergebnisse.' },
      ar: { name: 'حوار المواطنين', description: 'إحاطة ونقاش على الطاولة وتصويت، مرتين، ثم مقارنة النتائج.' },
    },
    agenda: {
      format: 'pnyx-agenda',
      version: 1,
      language: 'en',
      questions: [
        question(
          {
            en: 'What is your view on the question of the day?',
            fr: 'Quel est votre avis sur la question du jour ?',
            es: '¿Qué opina sobre la pregunta del día?',
            de: 'Wie sehen Sie die Frage des Tages?',
            ar: 'ما رأيك في سؤال اليوم؟',
          },
          AGREE,
          { reveal: 'after-close' },
        ),
        question(
          {
            en: 'After discussing it at your table, what is your view now?',
            fr: 'Après en avoir discuté à votre table, quel est votre avis maintenant ?',
            es: 'Después de debatirlo en su mesa, ¿qué opina ahora?',
            de: 'Nach dem Gespräch an Ihrem Tisch: Wie sehen Sie es jetzt?',
            ar: 'بعد مناقشته على طاولتك، ما رأيك الآن؟',
          },
          AGREE,
          { reveal: 'after-close', comparesWith: 0 },
        ),
      ],
      phases: [
        phase('info', WELCOME, 10, {
          en: 'Welcome! Find your table and join on your phone with the code on the screen.',
          fr: 'Bienvenue ! Trouvez votre table et rejoignez la session sur votre téléphone avec le code affiché à l’écran.',
          es: '¡Bienvenidos! Busque su mesa y únase desde su teléfono con el código de la pantalla.',
          de: 'Willkommen! Suchen Sie Ihren Tisch und treten Sie mit dem Code auf dem Bildschirm per Handy bei.',
          ar: 'مرحبًا! ابحث عن طاولتك وانضم من هاتفك بالرمز الظاهر على الشاشة.',
        }),
        phase('info', BRIEFING, 15, {
          en: 'What the question is about: the facts, the options and what is at stake.',
          fr: 'De quoi parle la question : les faits, les options et les enjeux.',
          es: 'De qué trata la pregunta: los hechos, las opciones y lo que está en juego.',
          de: 'Worum es geht: die Fakten, die Optionen und was auf dem Spiel steht.',
          ar: 'موضوع السؤال: الحقائق والخيارات وما هو على المحك.',
        }),
        phase('discussion', TABLE_DISCUSSION, 30, {
          en: 'Discuss at your table: what matters most to you, and why?',
          fr: 'Discutez à votre table : qu’est-ce qui compte le plus pour vous, et pourquoi ?',
          es: 'Debatan en su mesa: ¿qué es lo que más les importa y por qué?',
          de: 'Sprechen Sie an Ihrem Tisch: Was ist Ihnen am wichtigsten, und warum?',
          ar: 'ناقشوا على طاولتكم: ما الأهم بالنسبة لكم، ولماذا؟',
        }),
        phase(
          'vote',
          { en: 'Individual vote', fr: 'Vote individuel', es: 'Votación individual', de: 'Einzelabstimmung', ar: 'تصويت فردي' },
          5,
          {
            en: 'Vote on your phone: your own view, not your table’s.',
            fr: 'Votez sur votre téléphone : votre avis, pas celui de votre table.',
            es: 'Vote en su teléfono: su propia opinión, no la de su mesa.',
            de: 'Stimmen Sie per Handy ab: Ihre eigene Sicht, nicht die Ihres Tisches.',
            ar: 'صوّت من هاتفك: رأيك أنت، لا رأي طاولتك.',
          },
          [0],
        ),
        phase(
          'results',
          { en: 'Results', fr: 'Résultats', es: 'Resultados', de: 'Ergebnisse', ar: 'النتائج' },
          10,
          { en: 'How the room voted.', fr: 'Comment la salle a voté.', es: 'Cómo votó la sala.', de: 'Wie der Saal abgestimmt hat.', ar: 'كيف صوّتت القاعة.' },
          [0],
        ),
        phase('discussion', TABLE_DISCUSSION, 20, {
          en: 'Did anything in the results surprise you? Discuss at your table.',
          fr: 'Quelque chose vous a-t-il surpris dans les résultats ? Discutez-en à votre table.',
          es: '¿Le sorprendió algo de los resultados? Debátanlo en su mesa.',
          de: 'Hat Sie etwas an den Ergebnissen überrascht? Sprechen Sie an Ihrem Tisch darüber.',
          ar: 'هل فاجأك شيء في النتائج؟ ناقشوه على طاولتكم.',
        }),
        phase(
          'vote',
          { en: 'Second vote', fr: 'Second vote', es: 'Segunda votación', de: 'Zweite Abstimmung', ar: 'التصويت الثاني' },
          5,
          {
            en: 'Vote again, after the discussion.',
            fr: 'Votez à nouveau, après la discussion.',
            es: 'Vote de nuevo, después del debate.',
            de: 'Stimmen Sie nach dem Gespräch erneut ab.',
            ar: 'صوّت مجددًا بعد النقاش.',
          },
          [1],
        ),
        phase(
          'results',
          {
            en: 'Results and comparison',
            fr: 'Résultats et comparaison',
            es: 'Resultados y comparación',
            de: 'Ergebnisse und Vergleich',
            ar: 'النتائج والمقارنة',
          },
          15,
          {
            en: 'The room before and after the discussion.',
            fr: 'La salle avant et après la discussion.',
            es: 'La sala antes y después del debate.',
            de: 'Der Saal vor und nach dem Gespräch.',
            ar: 'القاعة قبل النقاش وبعده.',
          },
          [1],
        ),
      ],
    },
  },
  {
    id: 'conference-45',
    names: {
      en: { name: '45-minute conference session', description: 'Welcome, briefing, table discussion, a vote, results and exchange.' },
      fr: { name: 'Session de conférence de 45 minutes', description: 'Accueil, présentation, discussion en table, vote, résultats et échange.' },
      es: { name: 'Sesión de conferencia de 45 minutos', description: 'Bienvenida, presentación, debate en la mesa, votación, resultados e intercambio.' },
      de: { name: '45-minütige Konferenzsitzung', description: 'Begrüßung, Einführung, Tischgespräch, Abstimmung, Ergebnisse und Austausch.' },
      ar: { name: 'جلسة مؤتمر مدتها 45 دقيقة', description: 'ترحيب وإحاطة ونقاش على الطاولة وتصويت ونتائج وتبادل.' },
    },
    agenda: {
      format: 'pnyx-agenda',
      version: 1,
      language: 'en',
      questions: [
        question(
          {
            en: 'Which option should we pursue?',
            fr: 'Quelle option devrions-nous retenir ?',
            es: '¿Qué opción deberíamos seguir?',
            de: 'Welche Option sollten wir verfolgen?',
            ar: 'أي خيار ينبغي أن نتبع؟',
          },
          ['A', 'B', 'C'].map((letter) => ({
            en: `Option ${letter}`,
            fr: `Option ${letter}`,
            es: `Opción ${letter}`,
            de: `Option ${letter}`,
            ar: `الخيار ${letter}`,
          })),
        ),
      ],
      phases: [
        phase('info', WELCOME, 5, {
          en: 'Welcome! Join on your phone with the code on the screen.',
          fr: 'Bienvenue ! Rejoignez la session sur votre téléphone avec le code affiché à l’écran.',
          es: '¡Bienvenidos! Únase desde su teléfono con el código de la pantalla.',
          de: 'Willkommen! Treten Sie mit dem Code auf dem Bildschirm per Handy bei.',
          ar: 'مرحبًا! انضم من هاتفك بالرمز الظاهر على الشاشة.',
        }),
        phase('info', BRIEFING, 10, {
          en: 'The topic in brief.',
          fr: 'Le sujet en bref.',
          es: 'El tema en pocas palabras.',
          de: 'Das Thema in Kürze.',
          ar: 'الموضوع باختصار.',
        }),
        phase('discussion', TABLE_DISCUSSION, 15, {
          en: 'Discuss with your neighbours: which option, and why?',
          fr: 'Discutez avec vos voisins : quelle option, et pourquoi ?',
          es: 'Debata con sus vecinos: ¿qué opción y por qué?',
          de: 'Sprechen Sie mit Ihren Nachbarn: Welche Option, und warum?',
          ar: 'ناقش مع جيرانك: أي خيار، ولماذا؟',
        }),
        phase(
          'vote',
          { en: 'Vote', fr: 'Vote', es: 'Votación', de: 'Abstimmung', ar: 'التصويت' },
          5,
          { en: 'Vote on your phone.', fr: 'Votez sur votre téléphone.', es: 'Vote en su teléfono.', de: 'Stimmen Sie per Handy ab.', ar: 'صوّت من هاتفك.' },
          [0],
        ),
        phase(
          'results',
          { en: 'Results and exchange', fr: 'Résultats et échange', es: 'Resultados e intercambio', de: 'Ergebnisse und Austausch', ar: 'النتائج والتبادل' },
          10,
          {
            en: 'What the room thinks, and the floor is open.',
            fr: 'Ce que pense la salle, et la parole est à vous.',
            es: 'Lo que piensa la sala, y se abre el turno de palabra.',
            de: 'Was der Saal denkt, und das Wort ist frei.',
            ar: 'ما تراه القاعة، والكلمة مفتوحة.',
          },
          [0],
        ),
      ],
    },
  },
];

/** A template's name and description in `language` (by primary subtag), else in English. */
export function templateNames(template: AgendaTemplate, language: string): { name: string; description: string } {
  return template.names[primarySubtag(language)] ?? template.names.en!;
}

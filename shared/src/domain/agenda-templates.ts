import type { AgendaFile, AgendaFilePhase, AgendaFileQuestion } from './agenda-file.js';

export interface AgendaTemplate {
  id: string;
  name: string;
  description: string;
  agenda: AgendaFile;
}

function phase(kind: AgendaFilePhase['kind'], title: string, durationMinutes: number, text: string, questions: number[] = []): AgendaFilePhase {
  return { kind, title, text, durationMinutes, questions, autoAdvance: false, autoCloseVote: kind === 'vote' };
}

function question(text: string, options: string[], details: Partial<AgendaFileQuestion> = {}): AgendaFileQuestion {
  return { text, options, reveal: 'live', kind: 'single', scope: 'individual', maxChoices: 1, comparesWith: null, reference: null, ...details };
}

/** Agendas to start from; moderators then edit them like any other. */
export const AGENDA_TEMPLATES: readonly AgendaTemplate[] = [
  {
    id: 'citizens-dialogue',
    name: "Citizens' dialogue",
    description: 'Briefing, table discussion and a vote, twice, then the results compared.',
    agenda: {
      format: 'pnyx-agenda',
      version: 1,
      questions: [
        question('What is your view on the question of the day?', ['Agree', 'Disagree', 'Not sure'], { reveal: 'after-close' }),
        question('After discussing it at your table, what is your view now?', ['Agree', 'Disagree', 'Not sure'], {
          reveal: 'after-close',
          comparesWith: 0,
        }),
      ],
      phases: [
        phase('info', 'Welcome', 10, 'Welcome! Find your table and join on your phone with the code on the screen.'),
        phase('info', 'Briefing', 15, 'What the question is about: the facts, the options and what is at stake.'),
        phase('discussion', 'Table discussion', 30, 'Discuss at your table: what matters most to you, and why?'),
        phase('vote', 'Individual vote', 5, 'Vote on your phone: your own view, not your table’s.', [0]),
        phase('results', 'Results', 10, 'How the room voted.', [0]),
        phase('discussion', 'Table discussion', 20, 'Did anything in the results surprise you? Discuss at your table.'),
        phase('vote', 'Second vote', 5, 'Vote again, after the discussion.', [1]),
        phase('results', 'Results and comparison', 15, 'The room before and after the discussion.', [1]),
      ],
    },
  },
  {
    id: 'conference-45',
    name: '45-minute conference session',
    description: 'Welcome, briefing, table discussion, a vote, results and exchange.',
    agenda: {
      format: 'pnyx-agenda',
      version: 1,
      questions: [question('Which option should we pursue?', ['Option A', 'Option B', 'Option C'])],
      phases: [
        phase('info', 'Welcome', 5, 'Welcome! Join on your phone with the code on the screen.'),
        phase('info', 'Briefing', 10, 'The topic in brief.'),
        phase('discussion', 'Table discussion', 15, 'Discuss with your neighbours: which option, and why?'),
        phase('vote', 'Vote', 5, 'Vote on your phone.', [0]),
        phase('results', 'Results and exchange', 10, 'What the room thinks, and the floor is open.', [0]),
      ],
    },
  },
];

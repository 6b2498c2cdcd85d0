/** The domain core and the protocol types. Schemas (zod) and the Y.Doc layout (yjs) have their own entry points
 * so a phone never downloads them. */
export * from './domain/errors.js';
export * from './domain/question.js';
export * from './domain/agenda.js';
export * from './domain/agenda-file.js';
export * from './domain/agenda-templates.js';
export * from './domain/timer.js';
export * from './domain/clock.js';
export * from './domain/session.js';
export * from './domain/lifecycle.js';
export * from './domain/access.js';
export * from './domain/seating.js';
export * from './domain/voting.js';
export * from './domain/contributions.js';
export * from './domain/answer.js';
export * from './domain/roster.js';
export * from './domain/tally.js';
export * from './domain/results.js';
export * from './domain/wordcloud.js';
export * from './domain/reference.js';
export * from './domain/table-notes.js';
export * from './domain/join-code.js';
export * from './domain/live-view.js';
export * from './protocol/events.js';
export * from './protocol/tally-merge.js';
export * from './protocol/table-notes.js';

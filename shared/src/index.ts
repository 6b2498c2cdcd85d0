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
export * from './domain/tally.js';
export * from './domain/join-code.js';
export * from './domain/live-view.js';
export * from './protocol/events.js';

/** Everyone in a session: phones, projectors, moderators (live view changes). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** Moderators: full tallies. */
export const moderatorRoom = (sessionId: string) => `moderators:${sessionId}`;
/** Projectors: tallies as the audience may see them. */
export const screenRoom = (sessionId: string) => `screens:${sessionId}`;
/** One participant's phones (a person may have the page open twice): moves and role changes. */
export const participantRoom = (sessionId: string, participantId: string) => `participant:${sessionId}:${participantId}`;

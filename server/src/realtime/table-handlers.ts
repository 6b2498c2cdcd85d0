import { fail, meOf, ok, paperCountOf } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import { newJoinCode } from '../sessions/secrets.js';
import { joinedAs, type OnEvent, type PnyxSocket } from './connection.js';
import { moderatorCommand } from './handlers.js';
import type { Presence } from './presence.js';

export interface TableHandlerDeps {
  sessions: SessionService;
  presence: Presence;
  on: OnEvent;
}

/** Tables, seats, facilitators and paper ballots. */
export function registerTableHandlers(socket: PnyxSocket, { sessions, presence, on }: TableHandlerDeps): void {
  const command = moderatorCommand(socket, sessions);

  /** Runs an attendee's seating command and answers with where they now sit. */
  async function seatingCommand(run: (sessionId: string, participantId: string) => Promise<{ ok: boolean }>) {
    const attendee = joinedAs(socket, 'attendee');
    if (!attendee.ok) return attendee;
    const decision = await run(attendee.sessionId, attendee.participantId!);
    if (!decision.ok) return decision as ReturnType<typeof fail>;
    const participant = (await sessions.state(attendee.sessionId))?.participants.get(attendee.participantId!);
    return participant ? ok({ me: meOf(participant) }) : fail('unknown_participant');
  }

  on('participant:seat', ({ tableId, name }) =>
    seatingCommand((sessionId, participantId) =>
      sessions.execute(sessionId, { type: 'participant:seat', participantId, tableId, ...(name === undefined ? {} : { name }) }),
    ));

  on('participant:language', ({ language }) =>
    seatingCommand((sessionId, participantId) => sessions.execute(sessionId, { type: 'participant:language', participantId, language })));

  on('facilitator:claim', ({ facilitatorCode }) =>
    seatingCommand((sessionId, participantId) => sessions.execute(sessionId, { type: 'facilitator:claim', participantId, facilitatorCode })));

  /** A moderator, or an attendee whose facilitator role the domain checks. */
  const paperEntrant = () => joinedAs(socket, socket.data.role === 'moderator' ? 'moderator' : 'attendee');

  on('paper:enter', async ({ questionId, tableId, counts, voters }) => {
    const joined = paperEntrant();
    if (!joined.ok) return joined;
    const decision = await sessions.execute(joined.sessionId, {
      type: 'paper:enter',
      by: joined.participantId ?? null,
      questionId,
      tableId,
      counts,
      ...(voters === undefined ? {} : { voters }),
    });
    return decision.ok ? ok({}) : decision;
  });

  on('paper:get', async ({ questionId, tableId }) => {
    const joined = paperEntrant();
    if (!joined.ok) return joined;
    const state = await sessions.state(joined.sessionId);
    return state ? paperCountOf(state, joined.participantId ?? null, questionId, tableId) : fail('unknown_session');
  });

  on('tables:add', ({ count, names }) =>
    command(async () => ({
      type: 'tables:add',
      tables: Array.from({ length: count }, (_, index) => ({ name: names?.[index] ?? '', facilitatorCode: newJoinCode() })),
    })));

  on('table:rename', ({ tableId, name }) => command(async () => ({ type: 'table:rename', tableId, name })));

  on('table:remove', ({ tableId }) => command(async () => ({ type: 'table:remove', tableId })));

  on('participant:move', ({ participantId, tableId }) =>
    command(async () => ({ type: 'participant:seat', participantId, tableId })));

  on('facilitator:set', ({ participantId, facilitator }) =>
    command(async () => ({ type: 'facilitator:set', participantId, facilitator })));

  on('roster:get', async () => {
    const moderator = joinedAs(socket, 'moderator');
    if (!moderator.ok) return moderator;
    const roster = await presence.roster(moderator.sessionId);
    return roster ? ok({ roster }) : fail('unknown_session');
  });
}

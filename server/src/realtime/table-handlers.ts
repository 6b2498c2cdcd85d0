import { fail, meOf, ok, paperCountOf } from '@pnyx/shared';
import {
  emptySchema,
  facilitatorClaimSchema,
  facilitatorSetSchema,
  paperEnterSchema,
  paperGetSchema,
  participantMoveSchema,
  seatSchema,
  tableRefSchema,
  tableRenameSchema,
  tablesAddSchema,
} from '@pnyx/shared/schemas';
import type { SessionService } from '../sessions/session-service.js';
import { newJoinCode } from '../sessions/secrets.js';
import { handle, joinedAs, type PnyxSocket } from './connection.js';
import { moderatorCommand } from './handlers.js';
import type { Presence } from './presence.js';

export interface TableHandlerDeps {
  sessions: SessionService;
  presence: Presence;
  onBug: (error: unknown) => void;
}

/** Tables, seats, facilitators and paper ballots. */
export function registerTableHandlers(socket: PnyxSocket, { sessions, presence, onBug }: TableHandlerDeps): void {
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

  handle(socket, 'participant:seat', seatSchema, ({ tableId, name }) =>
    seatingCommand((sessionId, participantId) =>
      sessions.execute(sessionId, { type: 'participant:seat', participantId, tableId, ...(name === undefined ? {} : { name }) }),
    ), onBug);

  handle(socket, 'facilitator:claim', facilitatorClaimSchema, ({ facilitatorCode }) =>
    seatingCommand((sessionId, participantId) => sessions.execute(sessionId, { type: 'facilitator:claim', participantId, facilitatorCode })),
    onBug);

  /** A moderator, or an attendee whose facilitator role the domain checks. */
  const paperEntrant = () => joinedAs(socket, socket.data.role === 'moderator' ? 'moderator' : 'attendee');

  handle(socket, 'paper:enter', paperEnterSchema, async ({ questionId, tableId, counts, voters }) => {
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
  }, onBug);

  handle(socket, 'paper:get', paperGetSchema, async ({ questionId, tableId }) => {
    const joined = paperEntrant();
    if (!joined.ok) return joined;
    const state = await sessions.state(joined.sessionId);
    return state ? paperCountOf(state, joined.participantId ?? null, questionId, tableId) : fail('unknown_session');
  }, onBug);

  handle(socket, 'tables:add', tablesAddSchema, ({ count, names }) =>
    command(async () => ({
      type: 'tables:add',
      tables: Array.from({ length: count }, (_, index) => ({ name: names?.[index] ?? '', facilitatorCode: newJoinCode() })),
    })), onBug);

  handle(socket, 'table:rename', tableRenameSchema, ({ tableId, name }) => command(async () => ({ type: 'table:rename', tableId, name })), onBug);

  handle(socket, 'table:remove', tableRefSchema, ({ tableId }) => command(async () => ({ type: 'table:remove', tableId })), onBug);

  handle(socket, 'participant:move', participantMoveSchema, ({ participantId, tableId }) =>
    command(async () => ({ type: 'participant:seat', participantId, tableId })), onBug);

  handle(socket, 'facilitator:set', facilitatorSetSchema, ({ participantId, facilitator }) =>
    command(async () => ({ type: 'facilitator:set', participantId, facilitator })), onBug);

  handle(socket, 'roster:get', emptySchema, async () => {
    const moderator = joinedAs(socket, 'moderator');
    if (!moderator.ok) return moderator;
    const roster = await presence.roster(moderator.sessionId);
    return roster ? ok({ roster }) : fail('unknown_session');
  }, onBug);
}

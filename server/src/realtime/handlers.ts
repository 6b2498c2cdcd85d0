import { ballotsOf, deriveAccessView, deriveLiveView, fail, meOf, ok, type SessionCommand, type SessionState } from '@pnyx/shared';
import type { TimerAction } from '@pnyx/shared/schemas';
import type { FastifyInstance } from 'fastify';
import type { ConnectionAdmission } from '../limits/admission.js';
import type { SessionService } from '../sessions/session-service.js';
import { joinedAs, type OnEvent, type PnyxSocket } from './connection.js';
import type { Presence } from './presence.js';
import { registerAccessHandlers } from './access-handlers.js';
import { registerContributionHandlers } from './contribution-handlers.js';
import { ownBallot } from './own-ballot.js';
import { registerTableHandlers } from './table-handlers.js';

export interface HandlerDeps {
  sessions: SessionService;
  readAgenda: FastifyInstance['readAgenda'];
  presence: Presence;
  /** Registers an event of this connection (rate limits, schema, ack). */
  on: OnEvent;
  /** This connection's rate limits (a wrong PIN counts against its address). */
  admission: ConnectionAdmission;
}

const MINUTE_MS = 60_000;

const TIMER_COMMANDS: Record<TimerAction, SessionCommand> = {
  start: { type: 'timer:start' },
  resume: { type: 'timer:start' },
  pause: { type: 'timer:pause' },
  reset: { type: 'timer:reset' },
  'add-minute': { type: 'timer:adjust', deltaMs: MINUTE_MS },
  'remove-minute': { type: 'timer:adjust', deltaMs: -MINUTE_MS },
};

export function registerHandlers(socket: PnyxSocket, { sessions, readAgenda, presence, on, admission }: HandlerDeps): void {
  const view = (state: SessionState) => deriveLiveView(state, sessions.now());

  const command = moderatorCommand(socket, sessions);

  on('session:join', async ({ code, participantToken, channel, tableId, pin, language }) => {
    const sessionId = await sessions.sessionIdByCode(code);
    if (!sessionId) return fail('unknown_session');
    if (pin !== undefined) {
      const mayTry = admission.mayTryPin();
      if (!mayTry.ok) return mayTry;
    }
    const joined = await sessions.joinAttendee(sessionId, { participantToken, channel: channel ?? 'onsite', tableId: tableId ?? null, pin, language });
    if (!joined.ok) {
      if (joined.error.code === 'wrong_pin') admission.wrongPin();
      return joined;
    }
    const participant = joined.state.participants.get(joined.participantId)!;
    presence.enter(socket, { sessionId, role: 'attendee', participantId: participant.id, channel: participant.channel });
    const ballots = ballotsOf(joined.state, participant).map(ownBallot);
    return ok({
      participantId: participant.id,
      participantToken: joined.participantToken,
      me: meOf(participant),
      view: view(joined.state),
      ballots,
    });
  });

  on('moderator:join', async ({ sessionId, moderatorToken }) => {
    const verdict = await sessions.authenticateModerator(sessionId, moderatorToken);
    if (!verdict.ok) return verdict;
    presence.enter(socket, { sessionId, role: 'moderator', moderatorLinkId: verdict.linkId });
    return ok({
      view: view(verdict.state),
      tally: presence.tallySnapshot(sessionId, verdict.state, 'moderator'),
      access: deriveAccessView(verdict.state),
      moderatorLinkId: verdict.linkId,
    });
  });

  on('screen:join', async ({ code }) => {
    const sessionId = await sessions.sessionIdByCode(code);
    const state = sessionId ? await sessions.state(sessionId) : null;
    if (!sessionId || !state) return fail('unknown_session');
    presence.enter(socket, { sessionId, role: 'screen' });
    return ok({ view: view(state), tally: presence.tallySnapshot(sessionId, state, 'screen') });
  });

  on('ballot:cast', async ({ questionId, answer, ballotId }) => {
    const voter = joinedAs(socket, 'attendee');
    if (!voter.ok) return voter;
    const decision = await sessions.execute(voter.sessionId, {
      type: 'ballot:cast',
      participantId: voter.participantId!,
      questionId,
      answer,
      ballotId,
    });
    if (!decision.ok) return decision;
    if (!decision.duplicate) return ok({ duplicate: false });
    // A retry of a ballot counted earlier: another facilitator of the table may have answered since, and the
    // phone should show what counts now.
    const state = await sessions.state(voter.sessionId);
    const participant = state?.participants.get(voter.participantId!);
    const counted = state && participant ? ballotsOf(state, participant).find((ballot) => ballot.questionId === questionId) : undefined;
    return ok({ duplicate: true, ...(counted ? { counted: ownBallot(counted) } : {}) });
  });

  on('question:open', ({ questionId }) =>
    command(async (sessionId) => {
      const definition = (await readAgenda(sessionId)).questions.find((question) => question.id === questionId);
      return definition ? { type: 'question:open', definition } : fail('unknown_question');
    }));

  on('question:close', ({ questionId }) =>
    command(async () => ({ type: 'question:close', questionId })));

  on('phase:go', (target) =>
    command(async (sessionId) => ({
      type: 'phase:go',
      target: 'to' in target ? target.to : { phaseId: target.phaseId },
      agenda: await readAgenda(sessionId),
      startTimer: false,
    })));

  on('timer:control', ({ action }) => command(async () => TIMER_COMMANDS[action]));

  on('word:hide', async (payload) => command(async () => ({ type: 'word:hide', ...payload })));

  on('answer:moderate', async (payload) =>
    command(async () => ({ type: 'answer:moderate', ...payload })));

  on('screen:show', async ({ mode, tableId }) =>
    command(async () => ({ type: 'screen:show', screen: { mode, tableId: tableId ?? null } })));

  on('languages:set', async (languages) => command(async () => ({ type: 'languages:set', languages })));

  on('session:end', () => command(async () => ({ type: 'session:end' })));

  on('session:reopen', () => command(async () => ({ type: 'session:reopen' })));

  on('clock:ping', async () => ok({ serverTime: sessions.now() }));

  registerTableHandlers(socket, { sessions, presence, on });
  registerContributionHandlers(socket, { sessions, on });
  registerAccessHandlers(socket, { sessions, on });
}

/** Runs a moderator's command and answers `{}` or the refusal. */
export function moderatorCommand(socket: PnyxSocket, sessions: SessionService) {
  return async (build: (sessionId: string) => Promise<SessionCommand | ReturnType<typeof fail>>) => {
    const moderator = joinedAs(socket, 'moderator');
    if (!moderator.ok) return moderator;
    const built = await build(moderator.sessionId);
    if ('ok' in built) return built;
    const decision = await sessions.execute(moderator.sessionId, built);
    return decision.ok ? ok({}) : decision;
  };
}

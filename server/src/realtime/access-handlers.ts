import { ok } from '@pnyx/shared';
import type { SessionService } from '../sessions/session-service.js';
import { hashSecret, newSecret } from '../sessions/secrets.js';
import { joinedAs, type OnEvent, type PnyxSocket } from './connection.js';
import { moderatorCommand } from './handlers.js';

export interface AccessHandlerDeps {
  sessions: SessionService;
  on: OnEvent;
}

/** Moderator links (make, revoke, replace one's own) and the join PIN; moderators only. */
export function registerAccessHandlers(socket: PnyxSocket, { sessions, on }: AccessHandlerDeps): void {
  const command = moderatorCommand(socket, sessions);

  on('moderator-link:create', async ({ label }) => {
    const moderator = joinedAs(socket, 'moderator');
    if (!moderator.ok) return moderator;
    const linkId = newSecret(9);
    const moderatorToken = newSecret();
    const created = await sessions.execute(moderator.sessionId, { type: 'moderator-link:create', linkId, label, credential: hashSecret(moderatorToken) });
    if (!created.ok) return created;
    const link = created.events.find((event) => event.type === 'moderator-link:created')!.link;
    return ok({ link: { id: link.id, label: link.label, createdAt: link.createdAt }, moderatorToken });
  });

  on('moderator-link:revoke', ({ linkId }) => command(async () => ({ type: 'moderator-link:revoke', linkId })));

  on('moderator-link:rotate', async () => {
    const moderator = joinedAs(socket, 'moderator');
    if (!moderator.ok) return moderator;
    const moderatorToken = newSecret();
    // The other connections holding this link are closed once the new token is in the log; this one asked.
    socket.data.replacingLink = true;
    try {
      const rotated = await sessions.execute(moderator.sessionId, {
        type: 'moderator-link:rotate',
        linkId: socket.data.moderatorLinkId!,
        credential: hashSecret(moderatorToken),
      });
      return rotated.ok ? ok({ moderatorToken }) : rotated;
    } finally {
      socket.data.replacingLink = false;
    }
  });

  on('join-pin:set', ({ pin }) => command(async () => ({ type: 'join-pin:set', pin })));

}

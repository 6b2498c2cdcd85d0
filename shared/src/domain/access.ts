import { fail, ok, type Result } from './errors.js';
import { changes, type Decision, type SessionState } from './session.js';

/**
 * Who may moderate and who may join. Moderator rights come from moderator links, each a secret token of
 * which the server keeps only a hash (the credential): the link that created the session (`owner`), and
 * co-moderator links moderators hand out and may revoke. Any link can be replaced (rotated) by its holder,
 * which ends the old token everywhere. A join PIN, when set, keeps people who only know the join code out.
 * A report share link lets anyone holding it read the report as the audience may see it (no moderator
 * rights); it can be withdrawn, and a new one replaces the old.
 */
export interface ModeratorLink {
  id: string;
  /** Who it is for, as the moderator who made it wrote (e.g. "Online moderator"). */
  label: string;
  credential: string;
  createdAt: number;
}

export interface AccessState {
  /** In the order they were made; `owner` first. */
  moderatorLinks: Map<string, ModeratorLink>;
  /** Digits newcomers must give to join, or null when the code alone lets them in. */
  joinPin: string | null;
  /** The hash of the report share link's token, or null while the report is not shared. */
  reportShare: string | null;
}

export const OWNER_LINK_ID = 'owner';

export const ACCESS_LIMITS = {
  /** Co-moderator links at once, besides the owner's. */
  maxCoModeratorLinks: 20,
  labelMaxLength: 60,
  pinMinLength: 4,
  pinMaxLength: 8,
} as const;

export const JOIN_PIN_PATTERN = new RegExp(`^[0-9]{${ACCESS_LIMITS.pinMinLength},${ACCESS_LIMITS.pinMaxLength}}$`);

export type AccessCommand =
  /** The server makes the link's id and token; the command carries the token's hash only. */
  | { type: 'moderator-link:create'; linkId: string; label: string; credential: string }
  | { type: 'moderator-link:revoke'; linkId: string }
  /** The holder of a link replaces its token with a new one. */
  | { type: 'moderator-link:rotate'; linkId: string; credential: string }
  | { type: 'join-pin:set'; pin: string | null }
  /** The server makes the share token; the command carries its hash, or null to stop sharing. */
  | { type: 'report-share:set'; credential: string | null };

export type AccessEvent =
  | { type: 'moderator-link:created'; link: ModeratorLink }
  | { type: 'moderator-link:revoked'; linkId: string; at: number }
  | { type: 'moderator-link:rotated'; linkId: string; credential: string; at: number }
  | { type: 'join-pin:set'; pin: string | null; at: number }
  | { type: 'report-share:set'; credential: string | null; at: number };

export function createAccessState(ownerCredential: string, createdAt: number): AccessState {
  const owner: ModeratorLink = { id: OWNER_LINK_ID, label: 'Created the session', credential: ownerCredential, createdAt };
  return { moderatorLinks: new Map([[OWNER_LINK_ID, owner]]), joinPin: null, reportShare: null };
}

export function decideAccess(state: SessionState, command: AccessCommand, now: number): Result<Decision> {
  const { moderatorLinks } = state.access;
  switch (command.type) {
    case 'moderator-link:create': {
      if (moderatorLinks.size - 1 >= ACCESS_LIMITS.maxCoModeratorLinks) {
        return fail('limit_reached', `A session has at most ${ACCESS_LIMITS.maxCoModeratorLinks} co-moderator links; revoke one first.`);
      }
      if (moderatorLinks.has(command.linkId)) return fail('invalid_input', 'This link exists already.');
      const label = command.label.trim().slice(0, ACCESS_LIMITS.labelMaxLength) || 'Co-moderator';
      return changes([{ type: 'moderator-link:created', link: { id: command.linkId, label, credential: command.credential, createdAt: now } }]);
    }
    case 'moderator-link:revoke': {
      if (command.linkId === OWNER_LINK_ID) return fail('forbidden', 'The link that created the session cannot be revoked; its holder can replace it.');
      if (!moderatorLinks.has(command.linkId)) return fail('unknown_moderator_link');
      return changes([{ type: 'moderator-link:revoked', linkId: command.linkId, at: now }]);
    }
    case 'moderator-link:rotate':
      if (!moderatorLinks.has(command.linkId)) return fail('unknown_moderator_link');
      return changes([{ type: 'moderator-link:rotated', linkId: command.linkId, credential: command.credential, at: now }]);
    case 'join-pin:set':
      if (command.pin !== null && !JOIN_PIN_PATTERN.test(command.pin)) {
        return fail('invalid_input', `A PIN has ${ACCESS_LIMITS.pinMinLength} to ${ACCESS_LIMITS.pinMaxLength} digits.`);
      }
      if (command.pin === state.access.joinPin) return changes([]);
      return changes([{ type: 'join-pin:set', pin: command.pin, at: now }]);
    case 'report-share:set':
      if (command.credential === null && state.access.reportShare === null) return changes([]);
      return changes([{ type: 'report-share:set', credential: command.credential, at: now }]);
  }
}

export function evolveAccess(state: SessionState, event: AccessEvent): void {
  const { moderatorLinks } = state.access;
  switch (event.type) {
    case 'moderator-link:created':
      moderatorLinks.set(event.link.id, event.link);
      return;
    case 'moderator-link:revoked':
      moderatorLinks.delete(event.linkId);
      return;
    case 'moderator-link:rotated': {
      const link = moderatorLinks.get(event.linkId);
      if (link) moderatorLinks.set(link.id, { ...link, credential: event.credential });
      return;
    }
    case 'join-pin:set':
      state.access.joinPin = event.pin;
      return;
    case 'report-share:set':
      state.access.reportShare = event.credential;
  }
}

/** The link whose credential (the hash of a presented token) this is, or null: no moderator rights. */
export function moderatorLinkOf(state: SessionState, credential: string): ModeratorLink | null {
  for (const link of state.access.moderatorLinks.values()) if (link.credential === credential) return link;
  return null;
}

/** Whether someone new (no participant token of this session) may join with `pin`. Returning participants never need it. */
export function admitsNewcomer(state: SessionState, pin: string | undefined): Result {
  const expected = state.access.joinPin;
  if (expected === null) return ok({});
  if (pin === undefined || pin === '') return fail('pin_required');
  return pin === expected ? ok({}) : fail('wrong_pin');
}

/** The links of a session as moderators see them: never a credential. */
export interface ModeratorLinkView {
  id: string;
  label: string;
  createdAt: number;
}

/** What moderators see of a session's access: the links that work, the PIN, whether the report is shared. */
export interface AccessView {
  moderatorLinks: ModeratorLinkView[];
  joinPin: string | null;
  reportShared: boolean;
}

export function deriveAccessView(state: SessionState): AccessView {
  return {
    moderatorLinks: [...state.access.moderatorLinks.values()].map(({ id, label, createdAt }) => ({ id, label, createdAt })),
    joinPin: state.access.joinPin,
    reportShared: state.access.reportShare !== null,
  };
}

/** Events after which connections holding a moderator link may have lost it. */
export function endsModeratorLink(event: { type: string }): event is Extract<AccessEvent, { linkId: string }> {
  return event.type === 'moderator-link:revoked' || event.type === 'moderator-link:rotated';
}

/** Events that change what moderators see of the access. */
export const changesAccess = (event: { type: string }): boolean =>
  event.type.startsWith('moderator-link:') || event.type === 'join-pin:set' || event.type === 'report-share:set';

/** Whether `credential` (the hash of a presented token) is the report's share link. */
export function sharesReport(state: SessionState, credential: string): boolean {
  return state.access.reportShare !== null && state.access.reportShare === credential;
}

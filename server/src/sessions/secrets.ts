import { createHash, randomBytes } from 'node:crypto';
import { joinCodeFromBytes, JOIN_CODE_LENGTH } from '@pnyx/shared';

/** Random url-safe secret (session ids, participant ids and tokens, moderator tokens). */
export function newSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function newJoinCode(): string {
  return joinCodeFromBytes(randomBytes(JOIN_CODE_LENGTH));
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

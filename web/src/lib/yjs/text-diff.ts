/** One contiguous edit: at `index`, remove `remove` UTF-16 units, then insert `insert`. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/** The shape of `Y.YTextEvent['delta']`, kept local so this module stays free of Yjs. */
export type TextDelta = ReadonlyArray<{ insert?: unknown; delete?: number; retain?: number }>;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single edit that turns `before` into `after` (an input event changes one range).
 * `caret`, the selection end after the edit, settles ambiguous cases: typing "a" inside "aa" at the start
 * is an insert at 0, not at 2, which matters when a co-moderator types nearby at the same moment.
 */
export function diffText(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);

  // Everything after the caret is untouched by the edit, so it is common suffix first.
  const suffixLimit = caret === undefined ? shorter : Math.min(shorter, Math.max(0, after.length - caret));
  let suffix = 0;
  while (suffix < suffixLimit && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;

  let prefix = 0;
  while (prefix < shorter - suffix && before[prefix] === after[prefix]) prefix++;

  if (caret !== undefined && suffix < shorter - prefix) {
    // The caret hint was wrong (e.g. a programmatic change); fall back to the longest common suffix.
    while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  }

  // Never split a surrogate pair: Yjs would store half an emoji.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;

  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/**
 * Where a position (a caret) lands after a remote change. Text inserted exactly at the caret goes after it,
 * so a co-moderator typing at the same spot does not push the local caret around.
 */
export function transformIndex(position: number, delta: TextDelta): number {
  let at = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain !== undefined) {
      at += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (at < result) result += length;
      at += length;
    } else if (op.delete !== undefined) {
      if (at < result) result -= Math.min(op.delete, result - at);
    }
    if (at > result) break;
  }
  return result;
}

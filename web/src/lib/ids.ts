const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_ALPHABET = `${LETTERS}0123456789_-`;
const ID_LENGTH = 21;

/**
 * A random id for questions, options and ballots: 21 chars of [A-Za-z0-9_-] starting with a letter
 * (about 125 bits). The letter matters for option ids, which become keys of tally objects: an integer-like
 * key would jump ahead of the others, so the core refuses to open a question with one.
 *
 * Uses crypto.getRandomValues, not crypto.randomUUID: venue Wi-Fi often serves pnyx over plain http,
 * which is not a secure context, and randomUUID only exists in secure contexts.
 */
export function newId(): string {
  return randomLetter() + randomChars(ID_LENGTH - 1);
}

function randomChars(length: number): string {
  let chars = '';
  // 64 symbols: masking to 6 bits keeps every symbol equally likely.
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) chars += ID_ALPHABET[byte & 63];
  return chars;
}

function randomLetter(): string {
  // Rejection sampling keeps the 52 letters equally likely (a modulo would favour some).
  for (;;) {
    const [byte = 0] = crypto.getRandomValues(new Uint8Array(1));
    if ((byte & 63) < LETTERS.length) return LETTERS[byte & 63]!;
  }
}

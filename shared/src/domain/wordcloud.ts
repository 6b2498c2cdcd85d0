/**
 * One spelling per word cloud entry, so "Trust", " trust " and "trüst" count together: accents and case
 * dropped, inner spacing collapsed, punctuation around the entry removed.
 */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

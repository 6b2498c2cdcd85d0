import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, joinCodeFromBytes, normaliseJoinCode } from '@pnyx/shared';

const LOOK_ALIKES = ['0', 'O', '1', 'I'];

describe('the join code alphabet', () => {
  it('has 32 distinct upper-case letters and digits, none of them a look-alike', () => {
    expect(JOIN_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(32);
    expect(JOIN_CODE_ALPHABET).toMatch(/^[A-Z2-9]+$/);
    for (const char of LOOK_ALIKES) expect(JOIN_CODE_ALPHABET).not.toContain(char);
    expect(JOIN_CODE_LENGTH).toBe(6);
  });
});

describe('joinCodeFromBytes', () => {
  it.each<[string, number[], string]>([
    ['all zero bytes', [0, 0, 0, 0, 0, 0], 'AAAAAA'],
    ['the first six letters', [0, 1, 2, 3, 4, 5], 'ABCDEF'],
    ['skips I after H and O after N', [6, 7, 8, 12, 13, 14], 'GHJNPQ'],
    ['the digits at the end', [24, 25, 26, 27, 30, 31], '234589'],
    ['bytes above 31 wrap around', [32, 33, 63, 64, 255, 224], 'AB9A9A'],
    ['only the first six bytes', [1, 1, 1, 1, 1, 1, 31, 31], 'BBBBBB'],
  ])('%s', (_, bytes, code) => {
    expect(joinCodeFromBytes(Uint8Array.from(bytes))).toBe(code);
  });

  it('maps every byte value to an alphabet character, each character from exactly 8 values', () => {
    const hits = new Map<string, number>();
    for (let start = 0; start < 256; start += JOIN_CODE_LENGTH) {
      const bytes = Uint8Array.from({ length: JOIN_CODE_LENGTH }, (_, index) => (start + index) % 256);
      const code = joinCodeFromBytes(bytes);
      expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      // The last chunk wraps around to 0; count each byte value once.
      for (const [index, char] of [...code].entries()) {
        if (start + index < 256) hits.set(char, (hits.get(char) ?? 0) + 1);
      }
    }
    expect([...hits.keys()].sort()).toEqual([...JOIN_CODE_ALPHABET].sort());
    expect(new Set(hits.values())).toEqual(new Set([8]));
  });

  it.each([0, 1, 5])('throws when given %i bytes', (length) => {
    expect(() => joinCodeFromBytes(new Uint8Array(length))).toThrow(/6 random bytes/);
  });

  it('makes codes that normalise to themselves', () => {
    for (let seed = 0; seed < 64; seed++) {
      const code = joinCodeFromBytes(Uint8Array.from({ length: 6 }, (_, index) => (seed * 37 + index * 101) % 256));
      expect(normaliseJoinCode(code)).toBe(code);
      expect(normaliseJoinCode(code.toLowerCase())).toBe(code);
    }
  });
});

describe('normaliseJoinCode', () => {
  it.each<[string, string]>([
    ['ABC234', 'ABC234'],
    ['abc234', 'ABC234'],
    ['aBc2z9', 'ABC2Z9'],
    ['ABC 234', 'ABC234'],
    ['  abc234  ', 'ABC234'],
    ['abc-234', 'ABC234'],
    ['a-b-c-2-3-4', 'ABC234'],
    ['a b\tc\n2 3-4', 'ABC234'],
    ['--ABC234--', 'ABC234'],
  ])('reads "%s" as %s', (input, code) => {
    expect(normaliseJoinCode(input)).toBe(code);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['only spaces and dashes', ' - - '],
    ['five characters', 'ABC23'],
    ['seven characters', 'ABC2345'],
    ['five characters padded to six with spaces', 'ABC 23 '],
    ['a zero', 'ABC0DE'],
    ['a letter O', 'ABCODE'],
    ['a one', 'ABC1DE'],
    ['a letter I', 'ABCIDE'],
    ['a lower-case i', 'abcide'],
    ['a lower-case o', 'abcode'],
    ['an underscore', 'ABC_23'],
    ['a dot', 'ABC.23'],
    ['a letter outside ASCII', 'ÄBC234'],
  ])('refuses %s', (_, input) => {
    expect(normaliseJoinCode(input)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { QUESTION_LIMITS, compareWithReference, parseReference, referenceLabel, type QuestionOption, type ReferenceProblem, type Tally } from '@pnyx/shared';

/** Published distributions pasted by moderators, and the room compared with them. */

const OPTIONS: QuestionOption[] = [
  { id: 'agree', label: 'Agree' },
  { id: 'disagree', label: 'Disagree' },
  { id: 'dk', label: "Don't know" },
];

describe('parseReference: CSV', () => {
  it.each<[string, string, Record<string, number>]>([
    ['one "label,share" line per option', "Agree,45\nDisagree,40\nDon't know,15", { agree: 45, disagree: 40, dk: 15 }],
    ['a header line', "Option,Share\nAgree,45\nDisagree,40\nDon't know,15", { agree: 45, disagree: 40, dk: 15 }],
    ['a header line that names the unit', 'Answer, Share (%)\nAgree,50\nDisagree,50', { agree: 50, disagree: 50 }],
    ['a % after the number', "Agree,45%\nDisagree, 40 %\nDon't know,15%", { agree: 45, disagree: 40, dk: 15 }],
    ['; as separator', 'Agree;60\nDisagree;40', { agree: 60, disagree: 40 }],
    ['a tab as separator', 'Agree\t60\nDisagree\t40', { agree: 60, disagree: 40 }],
    ['decimals with a point', 'Agree,45.5\nDisagree,54.5', { agree: 45.5, disagree: 54.5 }],
    ['decimal commas with ; as separator', 'Agree;45,5\nDisagree;54,5', { agree: 45.5, disagree: 54.5 }],
    ['decimal commas with a tab as separator', 'Agree\t45,5 %\nDisagree\t54,5 %', { agree: 45.5, disagree: 54.5 }],
    ['option ids instead of labels', 'agree,60\ndk,40', { agree: 60, dk: 40 }],
    ['labels in another case, with spaces around', '  AGREE  ,60\n disagree,40', { agree: 60, disagree: 40 }],
    ['quoted cells', '"Agree","60"\n"Disagree","40"', { agree: 60, disagree: 40 }],
    ['Windows line ends and blank lines', '\r\nAgree,60\r\n\r\nDisagree,40\r\n', { agree: 60, disagree: 40 }],
    ['only some options: the others have no share', 'Agree,100', { agree: 100 }],
    ['shares near 100 kept as published (rounding, "don\'t know" left out)', 'Agree,45\nDisagree,52', { agree: 45, disagree: 52 }],
    ['counts, turned into per cent', 'Agree,30\nDisagree,10', { agree: 75, disagree: 25 }],
    ['counts that do not divide evenly, rounded to a tenth', 'Agree,1\nDisagree,2', { agree: 33.3, disagree: 66.7 }],
    ['shares of 0', 'Agree,0\nDisagree,100', { agree: 0, disagree: 100 }],
  ])('reads %s', (_, text, shares) => {
    expect(parseReference(text, OPTIONS)).toEqual({ ok: true, shares });
  });

  it('reads a quoted label that holds the separator', () => {
    const options: QuestionOption[] = [
      { id: 'yes', label: 'Yes, definitely' },
      { id: 'no', label: 'No' },
    ];
    expect(parseReference('"Yes, definitely",70\nNo,30', options)).toEqual({ ok: true, shares: { yes: 70, no: 30 } });
  });

  it.each<[string, string]>([
    ['unquoted', 'Yes, definitely,70\nNo,30'],
    ['with ; as separator and a decimal comma', 'Yes, definitely;69,5\nNo;30,5'],
  ])('reads a label that holds a comma, %s', (_, text) => {
    const options: QuestionOption[] = [
      { id: 'yes', label: 'Yes, definitely' },
      { id: 'no', label: 'No' },
    ];
    const result = parseReference(text, options);
    expect(result.ok && Object.keys(result.shares)).toEqual(['yes', 'no']);
  });

  it('reads a quoted label with a quote in it', () => {
    const options: QuestionOption[] = [
      { id: 'best', label: 'The "best"' },
      { id: 'rest', label: 'The rest' },
    ];
    expect(parseReference('"The ""best""",60\nThe rest,40', options)).toEqual({ ok: true, shares: { best: 60, rest: 40 } });
  });

  it.each<[string, string, RegExp, ReferenceProblem]>([
    ['an option the question does not have', 'Agree,50\nMaybe,50', /"Maybe" is not one of the question's options/, { kind: 'unknown_option', name: 'Maybe' }],
    ['a line without a share', 'Agree,50\nDisagree', /Line 2/, { kind: 'not_a_line', line: 2 }],
    ['a share that is not a number after the first line', 'Agree,50\nDisagree,lots', /Line 2 has no number/, { kind: 'no_number', line: 2 }],
    ['a negative share', 'Agree,-5\nDisagree,105', /no number|0 or more/, { kind: 'no_number', line: 1 }],
    ['a first line naming an option with a share that is not a number (not a header)', 'Agree,n/a\nDisagree,100', /Line 1 has no number/, { kind: 'no_number', line: 1 }],
    ['a line without a label', 'Agree,50\n,50', /Line 2/, { kind: 'not_a_line', line: 2 }],
    ['nothing', '   \n  ', /No option/, { kind: 'no_shares' }],
    ['only a header', 'Option,Share', /No option/, { kind: 'no_shares' }],
  ])('refuses %s as invalid_input, saying why in words and as a problem the console words in its language', (_, text, message, problem) => {
    const result = parseReference(text, OPTIONS);
    if (result.ok) expect.fail(`expected a refusal, got ${JSON.stringify(result)}`);
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(message);
    expect(result.problem).toEqual(problem);
  });
});

describe('parseReference: JSON', () => {
  it.each<[string, string, Record<string, number>]>([
    ['an object of label → share', '{ "Agree": 45, "Disagree": 40, "Don\'t know": 15 }', { agree: 45, disagree: 40, dk: 15 }],
    ['an object of id → share, shares as text with %', '{ "agree": "45.5%", "disagree": "54.5" }', { agree: 45.5, disagree: 54.5 }],
    ['an object of counts', '{ "Agree": 3, "Disagree": 1 }', { agree: 75, disagree: 25 }],
    ['a list of { option, share }', '[{ "option": "Agree", "share": 60 }, { "option": "Disagree", "share": 40 }]', { agree: 60, disagree: 40 }],
    ['a list of { label, percent }', '[{ "label": "Agree", "percent": "60%" }, { "label": "dk", "percent": 40 }]', { agree: 60, dk: 40 }],
    ['a list of { id, value }', '[{ "id": "agree", "value": 60 }, { "id": "disagree", "value": 40 }]', { agree: 60, disagree: 40 }],
    ['a list of { id, count }', '[{ "id": "agree", "count": 9 }, { "id": "disagree", "count": 3 }]', { agree: 75, disagree: 25 }],
    ['spaces around the JSON', '\n  { "Agree": 100 }  \n', { agree: 100 }],
  ])('reads %s', (_, text, shares) => {
    expect(parseReference(text, OPTIONS)).toEqual({ ok: true, shares });
  });

  it.each<[string, string]>([
    ['JSON that cannot be read', '{ "Agree": 45, '],
    ['an option the question does not have', '{ "Agree": 50, "Maybe": 50 }'],
    ['a negative share', '{ "Agree": -5, "Disagree": 105 }'],
    ['a share that is not a number', '{ "Agree": true, "Disagree": 50 }'],
    ['a missing share', '{ "Agree": null, "Disagree": 50 }'],
    ['a list entry without a share', '[{ "option": "Agree" }]'],
    ['a list entry without an option', '[{ "share": 50 }]'],
    ['a list of numbers', '[50, 50]'],
    ['a list with null', '[null]'],
    ['an empty object', '{}'],
    ['an empty list', '[]'],
  ])('refuses %s as invalid_input', (_, text) => {
    const result = parseReference(text, OPTIONS);
    if (result.ok) expect.fail(`expected a refusal, got ${JSON.stringify(result)}`);
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message.trim()).not.toBe('');
  });
});

describe('compareWithReference', () => {
  const tally: Tally = { questionId: 'q', voters: 8, counts: { agree: 6, disagree: 2, dk: 0 } };

  it('gives the room and the reference share of every option, in option order', () => {
    expect(compareWithReference(tally, OPTIONS, { label: 'Global 2020', shares: { disagree: 40, agree: 45 } })).toEqual([
      { optionId: 'agree', room: 75, reference: 45 },
      { optionId: 'disagree', room: 25, reference: 40 },
      { optionId: 'dk', room: 0, reference: null },
    ]);
  });

  it('gives the room 0 when nobody voted', () => {
    const empty: Tally = { questionId: 'q', voters: 0, counts: { agree: 0, disagree: 0, dk: 0 } };
    expect(compareWithReference(empty, OPTIONS, { label: 'Global', shares: { agree: 100 } }).map((row) => row.room)).toEqual([0, 0, 0]);
  });

  it('counts the share of voters choosing each option of a multiple-choice question (they may add up to more than 100)', () => {
    const multi: Tally = { questionId: 'q', voters: 4, counts: { agree: 4, disagree: 2, dk: 1 } };
    expect(compareWithReference(multi, OPTIONS, { label: 'Global', shares: {} }).map((row) => row.room)).toEqual([100, 50, 25]);
  });

  it('reads a reference parsed from CSV', () => {
    const parsed = parseReference('Agree,50\nDisagree,50', OPTIONS);
    if (!parsed.ok) expect.fail(parsed.error.message);
    expect(compareWithReference(tally, OPTIONS, { label: 'Pasted', shares: parsed.shares }).map((row) => row.reference)).toEqual([50, 50, null]);
  });
});

describe('referenceLabel', () => {
  it('trims and cuts a label to the limit', () => {
    expect(referenceLabel('  Global results 2020  ')).toBe('Global results 2020');
    expect(referenceLabel(`  ${'x'.repeat(QUESTION_LIMITS.referenceLabelMaxLength + 5)}`)).toBe('x'.repeat(QUESTION_LIMITS.referenceLabelMaxLength));
  });
});

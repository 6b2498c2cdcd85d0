import { describe, expect, it } from 'vitest';
import { answerText, fileSlug, toCsv } from '@pnyx/shared';
import { questionOfKind } from '../utils/domain-fixtures.js';

describe('CSV for spreadsheets', () => {
  it('quotes what needs quoting and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b, c', 'say "hi"', 'two\nlines', 3, null]])).toBe('a,"b, c","say ""hi""","two\nlines",3,\r\n');
  });

  it('keeps a cell that starts like a formula as text', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(toCsv([[formula]]).startsWith(`'`) || toCsv([[formula]]).startsWith(`"'`)).toBe(true);
    }
    // Numbers are numbers, negative ones included.
    expect(toCsv([[-3]])).toBe('-3\r\n');
  });
});

describe('answers as text', () => {
  it('reads options by label, a ranking in order, words and open text', () => {
    const single = questionOfKind('q', 'single', ['Yes', 'No']);
    const [yes, no] = single.options.map((option) => option.id) as [string, string];
    expect(answerText(single, { optionId: no })).toBe('No');
    expect(answerText({ ...single, kind: 'multi' }, { optionIds: [yes, no] })).toBe('Yes | No');
    expect(answerText({ ...single, kind: 'ranking' }, { optionIds: [no, yes] })).toBe('No > Yes');
    expect(answerText(questionOfKind('w', 'wordcloud', []), { words: ['boats', 'sun'] })).toBe('boats | sun');
    expect(answerText(questionOfKind('o', 'open', []), { text: 'More benches' })).toBe('More benches');
  });
});

describe('file names', () => {
  it('come from the title, in plain letters', () => {
    expect(fileSlug('Town hall 2027')).toBe('town-hall-2027');
    expect(fileSlug('Bürgerdialog: Ökologie & Zukunft!')).toBe('burgerdialog-okologie-zukunft');
    expect(fileSlug('???')).toBe('pnyx');
  });
});

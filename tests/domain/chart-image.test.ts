import { describe, expect, it } from 'vitest';
import { resultChartSvg, type LiveQuestion, type Tally } from '@pnyx/shared';
import { questionOfKind } from '../utils/domain-fixtures.js';

const live = (kind: Parameters<typeof questionOfKind>[1], labels: string[]): LiveQuestion => ({ ...questionOfKind('q', kind, labels), status: 'closed' });

describe('chart images', () => {
  it('label every bar with its option, count and share', () => {
    const question = live('single', ['Yes', 'No']);
    const [yes, no] = question.options.map((option) => option.id) as [string, string];
    const svg = resultChartSvg(question, { questionId: 'q', voters: 4, counts: { [yes]: 3, [no]: 1 } })!;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toMatch(/>Yes<\/text><rect [^>]*width="480"[^>]*\/><text [^>]*>3 · 75%<\/text>/);
    expect(svg).toMatch(/>No<\/text><rect [^>]*width="160"[^>]*\/><text [^>]*>1 · 25%<\/text>/);
    expect(svg).toContain('>4 voters</text>');
  });

  it('say their own words in the reader’s language', () => {
    const question = live('scale', ['Pas du tout', 'Un peu', 'Tout à fait']);
    const counts = Object.fromEntries(question.options.map((option, index) => [option.id, index === 2 ? 1200 : 0]));
    const svg = resultChartSvg(question, { questionId: 'q', voters: 1200, counts, mean: 3 }, {
      voters: (count) => `${count.toLocaleString('fr')} votants`,
      mean: (value) => `moyenne ${value.toLocaleString('fr')}`,
      points: (count) => `${count} pts`,
      count: (value) => value.toLocaleString('fr'),
    })!;
    expect(svg).toContain('>1\u202f200 votants · moyenne 3</text>');
    expect(svg).toContain('>1\u202f200 · 100%</text>');
    expect(svg).not.toMatch(/voters|mean/);
  });

  it('escape what people wrote, so the file never carries markup', () => {
    const question = { ...live('wordcloud', []), text: 'Words <b>&</b>' };
    const tally: Tally = { questionId: 'q', voters: 2, counts: {}, words: [{ word: '<script>alert(1)</script>', count: 2 }, { word: 'hidden one', count: 1, hidden: true }] };
    const svg = resultChartSvg(question, tally)!;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(svg).not.toContain('hidden one');
  });

  it('give a scale its mean and have no image for open answers', () => {
    const scale = live('scale', ['1', '2', '3']);
    const counts = Object.fromEntries(scale.options.map((option, index) => [option.id, index]));
    expect(resultChartSvg(scale, { questionId: 'q', voters: 3, counts, mean: 2.666 })).toContain('3 voters · mean 2.7');
    expect(resultChartSvg(live('open', []), { questionId: 'q', voters: 1, counts: {}, answers: [] })).toBeNull();
  });
});

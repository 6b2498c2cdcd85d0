import { describe, expect, it } from 'vitest';
import { directionOf, isLocale, LOCALE_NAMES, LOCALES, pickLocale } from '@pnyx/shared';

describe('interface languages', () => {
  it('take the first of the browser\'s languages pnyx speaks, by its primary tag, else English', () => {
    expect(pickLocale(['fr-CA', 'en-US'])).toBe('fr');
    expect(pickLocale(['pt-BR', 'de-AT', 'fr'])).toBe('de');
    expect(pickLocale(['ES'])).toBe('es');
    expect(pickLocale(['ja', 'zh-Hans'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('name each language in its own words and write Arabic right to left', () => {
    expect(LOCALES.map((locale) => LOCALE_NAMES[locale])).toEqual(['English', 'Français', 'Español', 'Deutsch', 'العربية']);
    expect(LOCALES.filter((locale) => directionOf(locale) === 'rtl')).toEqual(['ar']);
    expect([isLocale('de'), isLocale('xx'), isLocale(3)]).toEqual([true, false, false]);
  });
});

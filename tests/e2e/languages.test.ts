import { describe, expect, it } from 'vitest';
import { LAPTOP, PHONE, useChromium } from '../utils/browser.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The interface's language in Chromium: chosen from the browser's languages, switched on any page, kept on
 * reload, and Arabic laid out right to left.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

describe('the interface language', () => {
  it('follows the browser\'s language and marks the page\'s', async () => {
    const french = await device({ ...LAPTOP, locale: 'fr-CA' });
    await french.goto(server.url);
    await french.getByRole('heading', { level: 1, name: 'Créer une session' }).waitFor();
    expect(await french.locator('html').getAttribute('lang')).toBe('fr');
    await french.getByLabel('Titre de la session').waitFor();

    const unknown = await device({ ...PHONE, locale: 'ja-JP' });
    await unknown.goto(`${server.url}/join`);
    await unknown.getByRole('heading', { level: 1, name: 'Join a session' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('is switched on any page, kept on reload, and Arabic reads right to left', async () => {
    const phone = await device({ ...PHONE, locale: 'en-GB' });
    await phone.goto(`${server.url}/join`);
    await phone.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Deutsch' });
    await phone.getByRole('heading', { level: 1, name: 'Einer Sitzung beitreten' }).waitFor();
    await phone.getByLabel('Sitzungscode').waitFor();
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: 'Einer Sitzung beitreten' }).waitFor();
    expect(await phone.locator('html').getAttribute('lang')).toBe('de');

    await phone.getByRole('combobox', { name: 'Sprache' }).selectOption({ label: 'Español' });
    await phone.getByRole('group', { name: '¿Dónde estás?' }).waitFor();

    await phone.getByRole('combobox', { name: 'Idioma' }).selectOption({ label: 'العربية' });
    await phone.getByRole('heading', { level: 1, name: 'الانضمام إلى جلسة' }).waitFor();
    expect(await phone.locator('html').getAttribute('dir')).toBe('rtl');
    // Not translated yet: English stands in, never a key.
    await phone.getByText('shown on the projector', { exact: false }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

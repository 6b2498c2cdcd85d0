import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request } from '../utils/clients.js';
import { joinPhone, openQuestion, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The interface's language in Chromium: chosen from the browser's languages, switched on any page, kept on
 * reload, and Arabic laid out right to left and complete: the join page, the phone and the projector show no
 * English.
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
    await phone.getByText('6 أحرف وأرقام، تظهر على جهاز العرض.', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('speaks Arabic on the join page, on the phone as it joins, is asked and votes, and on the projector', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'مجلس الحي', names: ['الزيتون', 'النخيل'] });
    const phone = await device({ ...PHONE, locale: 'ar-EG' });
    await phone.goto(`${server.url}/join`);
    await phone.getByRole('heading', { level: 1, name: 'الانضمام إلى جلسة' }).waitFor();
    await phone.getByText('6 أحرف وأرقام، تظهر على جهاز العرض.', { exact: true }).waitFor();
    await phone.getByRole('link', { name: 'إنشاء جلسة' }).waitFor();
    expect(await phone.title()).toBe('الانضمام إلى جلسة · pnyx');
    expect(await phone.locator('html').getAttribute('dir')).toBe('rtl');
    // Each list: English that Arabic used to fall back to.
    await expectNoneOn(phone, ['letters and digits', 'Create a session', 'Join a session']);

    await phone.getByLabel('رمز الجلسة').fill(room.session.code);
    await phone.getByRole('radio', { name: 'أنا في القاعة' }).check();
    await phone.getByRole('button', { name: 'انضمام' }).click();
    await phone.getByRole('group', { name: 'على أي طاولة تجلس؟' }).getByRole('button', { name: 'الزيتون' }).click();
    const seat = phone.getByRole('region', { name: 'طاولتك' });
    await seat.getByRole('button', { name: 'تغيير الطاولة' }).waitFor();
    await seat.getByText('أنا ميسّر هذه الطاولة', { exact: true }).waitFor();
    await phone.getByRole('status').filter({ hasText: 'في انتظار المشرف…' }).waitFor();
    await expectNoneOn(phone, ['I facilitate this table', 'change']);

    const question = await openQuestion(room, { kind: 'multi', maxChoices: 2, text: 'ماذا نضيف إلى الحديقة؟', labels: ['أشجار', 'مقاعد', 'نافورة'] });
    const ballot = phone.getByRole('region', { name: 'ماذا نضيف إلى الحديقة؟' });
    await ballot.getByRole('status').filter({ hasText: 'اختر، ثم اضغط إرسال' }).waitFor();
    await ballot.getByText('اختر حتى 2 · لم تختر شيئًا بعد', { exact: true }).waitFor();
    await ballot.getByRole('button', { name: 'أشجار' }).click();
    await ballot.getByText('اختر حتى 2 · اخترت واحدًا', { exact: true }).waitFor();
    await ballot.getByRole('button', { name: 'إرسال' }).click();
    await ballot.getByRole('status').filter({ hasText: 'تم استلام الصوت' }).waitFor();
    await expectNoneOn(phone, ['Choose up to', 'chosen', 'I facilitate this table', 'change']);

    const projector = await device({ ...PROJECTOR, locale: 'ar' });
    await projector.goto(`${server.url}/screen/${room.session.code}`);
    await projector.getByRole('heading', { level: 1, name: 'ماذا نضيف إلى الحديقة؟' }).waitFor();
    await projector.getByText('التصويت مفتوح', { exact: true }).waitFor();
    const chart = projector.getByRole('table', { name: 'الأصوات لكل خيار' });
    await chart.getByRole('columnheader', { name: '٪ من المصوّتين' }).waitFor();
    await projector.getByText('مصوّت واحد · لكلٍّ أن يختار حتى 2 · ٪ من المصوّتين', { exact: true }).waitFor();
    await projector.getByRole('img', { name: `رمز QR للانضمام إلى الجلسة ${room.session.code}` }).waitFor();
    expect(await projector.title()).toBe('مجلس الحي · جهاز العرض · pnyx');
    expect(await projector.locator('html').getAttribute('dir')).toBe('rtl');
    // The join address still reads left to right (host first, then /join) inside the right-to-left page.
    const address = projector.locator('strong[dir="ltr"]', { hasText: '/join' });
    expect(await address.textContent()).toMatch(/^127\.0\.0\.1:\d+\/join$/);
    const [host, path] = await Promise.all([
      address.evaluate((element) => {
        const range = document.createRange();
        range.setStart(element.firstChild!, 0);
        range.setEnd(element.firstChild!, 3);
        return range.getBoundingClientRect().left;
      }),
      address.evaluate((element) => {
        const text = element.firstChild!.textContent!;
        const range = document.createRange();
        range.setStart(element.firstChild!, text.length - 4);
        range.setEnd(element.firstChild!, text.length);
        return range.getBoundingClientRect().left;
      }),
    ]);
    expect(host).toBeLessThan(path);
    await expectNoneOn(projector, ['Votes per option', 'Option', '% of voters', 'each could choose', 'Most chosen']);

    // Arabic counts two apart from one and from three or more.
    const second = await joinPhone(fixture, room.session.code, { tableId: 't2' });
    const answer = { optionIds: question.optionIds.slice(0, 2) };
    expectOk(await request(second.socket, 'ballot:cast', { questionId: question.questionId, ballotId: 'second', answer }));
    await projector.getByText('مصوّتان · لكلٍّ أن يختار حتى 2 · ٪ من المصوّتين', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

/** Fails naming each of `texts` that the page still shows or says (its title, its text, its controls' labels). */
async function expectNoneOn(page: Page, texts: string[]): Promise<void> {
  const words = await wordsOn(page);
  expect(texts.filter((text) => words.includes(text))).toEqual([]);
}

/** What a person reads or hears on the page: its title, its text, and labels and placeholders of its controls. */
function wordsOn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labelled = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')];
    const attributes = labelled.flatMap((element) => ['aria-label', 'placeholder', 'title', 'alt'].map((name) => element.getAttribute(name) ?? ''));
    return [document.title, document.body.innerText, ...attributes].filter(Boolean).join('\n');
  });
}

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request } from '../utils/clients.js';
import { joinPhone, openQuestion, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The projector speaks the room's language: it starts in the browser's language, and the Language switch at
 * its foot changes every line on the picture at once, without reloading the page (a reload would blank the
 * room's screen and lose its connection for a moment).
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

/** `count` phones at the first table, each answering the question with its first option. */
async function votes(room: Room, question: { questionId: string; optionIds: string[] }, count: number): Promise<void> {
  for (let voter = 0; voter < count; voter++) {
    const phone = await joinPhone(fixture, room.session.code, { tableId: 't1' });
    const answer = { optionId: question.optionIds[0]! };
    expectOk(await request(phone.socket, 'ballot:cast', { questionId: question.questionId, ballotId: `ballot-${voter}`, answer }));
  }
}

/** The projector of the room's session in a browser whose language is `locale`. */
async function projectorIn(room: Room, locale: string): Promise<Page> {
  const projector = await device({ ...PROJECTOR, locale });
  await projector.goto(`${server.url}/screen/${room.session.code}`);
  // Set once in the page: still there after the switch only if the page was not reloaded.
  await projector.evaluate(() => document.documentElement.setAttribute('data-loaded-once', ''));
  return projector;
}

async function stillTheSamePage(projector: Page): Promise<void> {
  expect(await projector.evaluate(() => document.documentElement.hasAttribute('data-loaded-once'))).toBe(true);
}

describe('the projector in the room\'s language', () => {
  it('shows an open vote in German, then in French once switched', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: 'Harbour assembly' });
    const question = await openQuestion(room, { text: 'Open the harbour on Sundays?', labels: ['Yes', 'No'] });
    await votes(room, question, 1);

    const projector = await projectorIn(room, 'de-DE');
    await projector.getByRole('heading', { level: 1, name: 'Open the harbour on Sundays?' }).waitFor();
    await projector.getByText('Abstimmung läuft', { exact: true }).waitFor();
    await projector.getByText('1 Stimme', { exact: true }).waitFor();
    await projector.getByRole('table', { name: 'Stimmen pro Option' }).waitFor();
    await projector.getByRole('img', { name: `QR-Code zum Beitritt zur Sitzung ${room.session.code}` }).waitFor();
    await projector.getByRole('button', { name: 'Vollbild' }).waitFor({ state: 'attached' });
    expect(await projector.title()).toBe('Harbour assembly · Beamer · pnyx');
    expect(await projector.locator('html').getAttribute('lang')).toBe('de');

    await projector.getByRole('combobox', { name: 'Sprache' }).selectOption({ label: 'Français' });
    await projector.getByText('Le vote est ouvert', { exact: true }).waitFor();
    await projector.getByText('1 vote', { exact: true }).waitFor();
    await projector.getByRole('table', { name: 'Votes par option' }).waitFor();
    await projector.getByRole('img', { name: `QR code pour rejoindre la session ${room.session.code}` }).waitFor();
    await projector.getByRole('button', { name: 'Plein écran' }).waitFor({ state: 'attached' });
    expect(await projector.getByText('Abstimmung läuft').count()).toBe(0);
    expect(await projector.title()).toBe('Harbour assembly · projecteur · pnyx');
    await stillTheSamePage(projector);
    expect(pageErrors).toEqual([]);
  });

  it('counts the votes of a question revealed after it closes, in German and then in Spanish', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: 'Harbour assembly' });
    const question = await openQuestion(room, { text: 'Who should run the market?', labels: ['The town', 'A cooperative'], reveal: 'after-close' });
    await votes(room, question, 2);

    const projector = await projectorIn(room, 'de-DE');
    await projector.getByRole('heading', { level: 1, name: 'Who should run the market?' }).waitFor();
    await projector.getByText('Die Ergebnisse erscheinen, wenn die Abstimmung endet', { exact: true }).waitFor();
    await projector.getByText('Bisher 2 Stimmen', { exact: true }).waitFor();

    await projector.getByRole('combobox', { name: 'Sprache' }).selectOption({ label: 'Español' });
    await projector.getByText('Los resultados se mostrarán cuando se cierre la votación', { exact: true }).waitFor();
    await projector.getByText('2 votos hasta ahora', { exact: true }).waitFor();
    await projector.getByText('La votación está abierta', { exact: true }).waitFor();
    await stillTheSamePage(projector);
    expect(pageErrors).toEqual([]);
  });
});

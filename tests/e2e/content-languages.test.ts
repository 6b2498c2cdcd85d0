import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addQuestion } from '@pnyx/shared/session-doc';
import { PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { expectOk, request } from '../utils/clients.js';
import { untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { resultsOf, roomWithTables, type Room } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Questions and phases in several languages: moderators write a question and its vote phase in English with
 * French and German translations; each phone reads them in its person's language (French, English, or English
 * for a language the session lacks) and may switch in its "Questions in" select, every ballot landing on the
 * same options; the projector shows English, then English and French side by side once asked to.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

const ENGLISH = 'Open the harbour on Sundays?';
const FRENCH = 'Ouvrir le port le dimanche ?';
const GERMAN = 'Den Hafen sonntags öffnen?';

/** One question (Yes, No, Not sure: French leaves "Not sure" untranslated) in a vote phase, running. */
async function harbourVote(): Promise<{ room: Room; yes: string; no: string; notSure: string }> {
  const room = await roomWithTables(fixture, 1, { title: 'Harbour assembly' });
  const [yes, no, notSure] = ['yes', 'no', 'unsure'];
  addQuestion(room.doc.doc, 'harbour', [yes, no, notSure], {
    text: ENGLISH,
    labels: ['Yes', 'No', 'Not sure'],
    translations: {
      fr: { text: FRENCH, options: { [yes]: 'Oui', [no]: 'Non' } },
      de: { text: GERMAN, options: { [yes]: 'Ja', [no]: 'Nein', [notSure]: 'Weiß nicht' } },
    },
  });
  writePhase(room.doc.doc, {
    kind: 'vote',
    title: 'The harbour vote',
    text: 'One question, three answers.',
    durationMs: 5 * 60_000,
    questionIds: ['harbour'],
    translations: { fr: { title: 'Le vote du port', text: 'Une question, trois réponses.' }, de: { title: 'Die Hafenabstimmung', text: '' } },
  });
  expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr', 'de'], projectorSecond: null }));
  expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
  return { room, yes, no, notSure };
}

async function phoneIn(room: Room, locale: string): Promise<Page> {
  const phone = await device({ ...PHONE, locale });
  await phone.goto(`${server.url}/join/${room.session.code}`);
  return phone;
}

async function langOf(locator: Locator): Promise<string | null> {
  return locator.getAttribute('lang');
}

describe('questions and phases in the session’s languages', () => {
  it('shows each phone its language, counts every ballot on the same options, and switches without a reload', { timeout: 90_000 }, async () => {
    const { room, yes, no, notSure } = await harbourVote();

    const french = await phoneIn(room, 'fr-FR');
    const frenchTitle = french.getByRole('heading', { level: 2, name: 'Le vote du port' });
    await frenchTitle.waitFor();
    expect(await langOf(frenchTitle)).toBe('fr');
    const phaseText = french.getByText('Une question, trois réponses.');
    expect(await langOf(phaseText)).toBe('fr');
    const frenchBallot = french.getByRole('region', { name: FRENCH });
    expect(await langOf(frenchBallot.getByRole('heading', { name: FRENCH }))).toBe('fr');
    await frenchBallot.getByRole('button', { name: 'Non', exact: true }).waitFor();
    // Untranslated: the main language's label, marked as English.
    const fallback = frenchBallot.getByRole('button', { name: 'Not sure' });
    expect(await langOf(fallback.getByText('Not sure'))).toBe('en');
    expect(await langOf(frenchBallot.getByText('Oui', { exact: true }))).toBe('fr');
    await frenchBallot.getByRole('button', { name: 'Oui' }).click();
    await frenchBallot.getByRole('status').filter({ hasText: 'Vote reçu' }).waitFor();

    const english = await phoneIn(room, 'en-GB');
    const englishBallot = english.getByRole('region', { name: ENGLISH });
    await englishBallot.getByRole('button', { name: 'No', exact: true }).click();
    await englishBallot.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    await english.getByRole('heading', { level: 2, name: 'The harbour vote' }).waitFor();

    // The session has no Japanese: the main language, under English buttons.
    const japanese = await phoneIn(room, 'ja-JP');
    await japanese.getByRole('region', { name: ENGLISH }).getByRole('button', { name: 'Not sure' }).waitFor();
    const select = japanese.getByRole('combobox', { name: 'Questions in' });
    expect(await select.inputValue()).toBe('en');
    expect(await select.locator('option').allTextContents()).toEqual(['English', 'French', 'German']);

    // One question with one set of options, whatever language each phone read it in.
    const results = await resultsOf(room, 'harbour');
    expect(results.room.counts).toEqual({ [yes]: 1, [no]: 1, [notSure]: 0 });

    // The select switches the phone to German in place; the English phone's vote stays on its option.
    await english.evaluate(() => document.documentElement.setAttribute('data-loaded-once', ''));
    await english.getByRole('combobox', { name: 'Questions in' }).selectOption({ label: 'German' });
    const germanBallot = english.getByRole('region', { name: GERMAN });
    expect(await germanBallot.getByRole('button', { name: 'Nein', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await langOf(germanBallot.getByText('Weiß nicht'))).toBe('de');
    // The German phase has a title but no text: its text stays in English.
    await english.getByRole('heading', { level: 2, name: 'Die Hafenabstimmung' }).waitFor();
    expect(await langOf(english.getByText('One question, three answers.'))).toBe('en');
    expect(await english.evaluate(() => document.documentElement.hasAttribute('data-loaded-once'))).toBe(true);
    expect(await english.getByRole('region', { name: ENGLISH }).count()).toBe(0);
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    expect(pageErrors).toEqual([]);
  });

  it('follows the interface language the person picks, until they choose in the select', { timeout: 60_000 }, async () => {
    const { room } = await harbourVote();
    const phone = await phoneIn(room, 'ja-JP');
    await phone.getByRole('region', { name: ENGLISH }).waitFor();

    await phone.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Français' });
    await phone.getByRole('region', { name: FRENCH }).waitFor();
    const select = phone.getByRole('combobox', { name: 'Questions en' });
    expect(await select.inputValue()).toBe('fr');

    await select.selectOption({ label: 'allemand' });
    await phone.getByRole('region', { name: GERMAN }).waitFor();
    await phone.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'Español' });
    await phone.getByRole('combobox', { name: 'Preguntas en' }).waitFor();
    expect(await phone.getByRole('region', { name: GERMAN }).count()).toBe(1);

    // The choice is kept in this browser.
    await phone.reload();
    await phone.getByRole('region', { name: GERMAN }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('puts the projector’s second language beside the main one once moderators set it', { timeout: 60_000 }, async () => {
    const { room, yes } = await harbourVote();
    const voter = await phoneIn(room, 'en-GB');
    await voter.getByRole('region', { name: ENGLISH }).getByRole('button', { name: 'Yes' }).click();
    await voter.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();

    const projector = await device({ ...PROJECTOR, locale: 'en-GB' });
    await projector.goto(`${server.url}/screen/${room.session.code}`);
    const question = projector.getByRole('heading', { level: 2, name: ENGLISH, exact: true });
    await question.waitFor();
    expect(await langOf(question.getByText(ENGLISH))).toBe('en');
    await projector.getByRole('heading', { level: 1, name: 'The harbour vote', exact: true }).waitFor();
    await projector.getByRole('table', { name: 'Votes per option' }).getByRole('rowheader', { name: 'Yes', exact: true }).waitFor();
    expect(await projector.getByText(FRENCH).count()).toBe(0);

    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr', 'de'], projectorSecond: 'fr' }));
    const both = projector.getByRole('heading', { level: 2, name: `${ENGLISH} ${FRENCH}` });
    await both.waitFor();
    const main = both.locator('[lang="en"]', { hasText: ENGLISH });
    const second = both.locator('[lang="fr"]', { hasText: FRENCH });
    await second.waitFor({ state: 'visible' });
    await main.waitFor({ state: 'visible' });
    // Side by side: the French column starts right of the English one, on the same line.
    const [mainBox, secondBox] = [await main.boundingBox(), await second.boundingBox()];
    expect(secondBox!.x).toBeGreaterThanOrEqual(mainBox!.x + mainBox!.width);
    expect(Math.abs(secondBox!.y - mainBox!.y)).toBeLessThan(mainBox!.height);

    const title = projector.getByRole('heading', { level: 1, name: 'The harbour vote Le vote du port' });
    expect(await langOf(title.getByText('Le vote du port'))).toBe('fr');
    const subtitle = projector.getByText('Une question, trois réponses.');
    await subtitle.waitFor({ state: 'visible' });
    expect(await langOf(subtitle)).toBe('fr');

    const table = projector.getByRole('table', { name: 'Votes per option' });
    const yesRow = table.getByRole('row').filter({ has: projector.getByText('Oui', { exact: true }) });
    expect(await langOf(yesRow.getByText('Yes', { exact: true }))).toBe('en');
    expect(await langOf(yesRow.getByText('Oui', { exact: true }))).toBe('fr');
    await yesRow.getByRole('cell', { name: '1', exact: true }).waitFor();
    // Read as two words, the slash between them left out.
    await yesRow.getByRole('rowheader', { name: 'Yes Oui', exact: true }).waitFor();
    // "Not sure" has no French: it carries only its English label.
    await table.getByRole('rowheader', { name: 'Not sure', exact: true }).waitFor();
    expect((await resultsOf(room, 'harbour')).room.counts[yes]).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { PHONE, useChromium } from '../utils/browser.js';
import { openQuestion, resultsOf, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The attendee's phone in the attendee's language: a phone whose browser speaks French picks its table,
 * votes and hears back in French, sees a refusal of the server in French, and follows a switch to German
 * without a reload (the refusal already shown included). Everything is found by role and accessible name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

describe('the phone in the attendee’s language', () => {
  it('votes in French, reads a refusal in French, and switches to German', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: 'Assemblée citoyenne' });
    const { questionId, optionIds } = await openQuestion(room, { kind: 'single', text: 'Quelle voie choisir ?', labels: ['Tramway', 'Vélo'] });

    const phone = await device({ ...PHONE, locale: 'fr-FR' });
    await phone.goto(`${server.url}/join/${room.session.code}`);
    const picker = phone.getByRole('group', { name: 'À quelle table êtes-vous ?' });
    await picker.getByRole('button', { name: 'Table 1' }).click();
    const seat = phone.getByRole('region', { name: 'Votre table' });
    await seat.getByRole('button', { name: 'Changer de table' }).waitFor();

    const ballot = phone.getByRole('region', { name: 'Quelle voie choisir ?' });
    await ballot.getByRole('status').filter({ hasText: 'Touchez une option pour voter' }).waitFor();
    await ballot.getByRole('button', { name: 'Vélo' }).click();
    await ballot.getByRole('status').filter({ hasText: 'Vote reçu' }).waitFor();
    const results = await resultsOf(room, questionId);
    expect(results.room.counts[optionIds[1]!]).toBe(1);

    // The server refuses in English; the phone says what the refusal means in French.
    await seat.getByText('Je suis le facilitateur de cette table').click();
    await seat.getByLabel('Code de facilitateur').fill('ZZZ ZZZ');
    await seat.getByRole('button', { name: 'Devenir facilitateur' }).click();
    await seat.getByRole('alert').filter({ hasText: 'Ce code de facilitateur n’appartient à aucune table de cette session.' }).waitFor();

    await phone.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'Deutsch' });
    await ballot.getByRole('status').filter({ hasText: 'Stimme erhalten' }).waitFor();
    const germanSeat = phone.getByRole('region', { name: 'Dein Tisch' });
    await germanSeat.getByRole('button', { name: 'Tisch wechseln' }).waitFor();
    await germanSeat.getByLabel('Code der Tischleitung').waitFor();
    // The refusal shown before the switch is reworded too.
    await germanSeat.getByRole('alert').filter({ hasText: 'Dieser Code der Tischleitung gehört zu keinem Tisch dieser Sitzung.' }).waitFor();
    expect(await phone.locator('html').getAttribute('lang')).toBe('de');
    expect(await ballot.getByRole('button', { name: 'Vélo' }).getAttribute('aria-pressed')).toBe('true');
    expect(pageErrors).toEqual([]);
  });
});

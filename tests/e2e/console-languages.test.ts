import { describe, expect, it } from 'vitest';
import { LAPTOP, useChromium } from '../utils/browser.js';
import { harbourSession, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The moderator's pages in the moderator's language: the console opened by a browser that speaks French
 * (flow controls, agenda, a question, access, tables, ending the session), switched to Spanish without a
 * reload; the report and its published read-only page in German. Everything is found by role and name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

describe('the moderator console in the moderator’s language', () => {
  it('runs in French and follows a switch to Spanish', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: 'Assemblée du port' });
    const moderator = await device({ ...LAPTOP, locale: 'fr-FR' });
    await moderator.goto(room.session.urls.moderate);
    await moderator.getByRole('heading', { level: 1, name: 'Assemblée du port' }).waitFor();
    expect(await moderator.locator('html').getAttribute('lang')).toBe('fr');

    const flow = moderator.getByRole('region', { name: 'Aucune phase en cours' });
    await flow.getByRole('button', { name: 'Phase suivante' }).waitFor();
    await flow.getByRole('button', { name: 'Démarrer' }).waitFor();
    await moderator.getByRole('region', { name: 'Programme' }).getByRole('button', { name: 'Ajouter une phase' }).waitFor();

    const questions = moderator.getByRole('region', { name: 'Questions' });
    await questions.getByRole('button', { name: 'Ajouter une question' }).click();
    const question = questions.getByRole('article', { name: 'Question 1' });
    await question.getByRole('combobox', { name: 'Type de question' }).waitFor();
    await question.getByRole('button', { name: 'Ouvrir le vote' }).waitFor();
    // A reference that cannot be read is refused in French, naming the line.
    await question.getByText('Importer un CSV ou un JSON').click();
    await question.getByLabel('Coller un CSV ou un JSON').fill('option,part\nOui');
    await question.getByRole('button', { name: 'Importer la référence' }).click();
    await question.getByRole('alert').filter({ hasText: 'La ligne 2 n’est pas de la forme « option, part ».' }).waitFor();

    const access = moderator.getByRole('region', { name: 'Accès' });
    await access.getByRole('region', { name: 'Liens d’animation' }).getByText('A créé la session').waitFor();
    await access.getByRole('button', { name: 'Remplacer mon lien…' }).waitFor();
    await access.getByRole('textbox', { name: 'Nouveau code PIN' }).waitFor();

    const tables = moderator.getByRole('region', { name: 'Tables' });
    await tables.getByRole('button', { name: 'Ajouter les tables' }).waitFor();
    await tables.getByRole('textbox', { name: 'Nom de la table 1' }).waitFor();
    await tables.getByRole('link', { name: 'Imprimer les fiches des tables' }).waitFor();

    // The confirm step asks in French too.
    await moderator.getByRole('button', { name: 'Terminer la session' }).click();
    const confirm = moderator.getByRole('group', { name: 'Terminer la session ?' });
    await confirm.getByRole('button', { name: 'Oui, terminer la session' }).waitFor();
    await confirm.getByRole('button', { name: 'Continuer' }).click();

    await moderator.getByRole('combobox', { name: 'Langue' }).selectOption({ label: 'Español' });
    await moderator.getByRole('region', { name: 'Ninguna fase en curso' }).getByRole('button', { name: 'Fase siguiente' }).waitFor();
    await moderator.getByRole('region', { name: 'Agenda' }).getByRole('button', { name: 'Añadir fase' }).waitFor();
    const pregunta = moderator.getByRole('region', { name: 'Preguntas' }).getByRole('article', { name: 'Pregunta 1' });
    await pregunta.getByRole('button', { name: 'Abrir la votación' }).waitFor();
    await pregunta.getByRole('combobox', { name: 'Tipo de pregunta' }).waitFor();
    await moderator.getByRole('region', { name: 'Acceso' }).getByRole('button', { name: 'Sustituir mi enlace…' }).waitFor();
    const mesas = moderator.getByRole('region', { name: 'Mesas' });
    await mesas.getByRole('button', { name: 'Añadir mesas' }).waitFor();
    await mesas.getByRole('textbox', { name: 'Nombre de la mesa 1' }).waitFor();
    await moderator.getByRole('button', { name: 'Finalizar la sesión' }).waitFor();
    expect(await moderator.locator('html').getAttribute('lang')).toBe('es');
    // The switch did not reload the page: the question added before is still there, not yet opened.
    expect(await moderator.getByRole('article', { name: /^Pregunta/ }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows the report and its published page in German', { timeout: 60_000 }, async () => {
    const { room } = await harbourSession(fixture);
    const moderator = await device({ ...LAPTOP, locale: 'de-DE' });
    await moderator.goto(`${server.url}/moderate/${room.session.id}/report#token=${room.session.moderatorToken}`);
    await moderator.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
    await moderator.getByRole('region', { name: 'Teilnahme' }).getByText('Im Saal').waitFor();
    await moderator.getByRole('region', { name: 'Der Ablauf, wie er lief' }).getByRole('columnheader', { name: 'Dauer' }).waitFor();
    await moderator.getByRole('region', { name: '1. Open the harbour on Sundays?' }).getByText('3 Stimmen', { exact: false }).first().waitFor();
    await moderator.getByRole('button', { name: 'Drucken oder als PDF speichern' }).waitFor();
    await moderator.getByRole('button', { name: 'Stimmzettel (CSV)' }).waitFor();
    await moderator.getByRole('link', { name: 'Zurück zur Konsole' }).waitFor();

    const publish = moderator.getByRole('region', { name: 'Veröffentlichen' });
    await publish.getByRole('button', { name: 'Link nur zum Lesen teilen' }).click();
    const link = (await publish.getByRole('status').locator('code').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`/report/${room.session.id}#key=`));

    const reader = await device({ ...LAPTOP, locale: 'de-DE' });
    await reader.goto(link);
    await reader.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
    await reader.getByRole('region', { name: 'Tischnotizen' }).waitFor();
    await reader.getByRole('button', { name: 'Drucken oder als PDF speichern' }).waitFor();
    expect(await reader.title()).toBe('Bericht · Harbour assembly · pnyx');
    expect(pageErrors).toEqual([]);
  });
});

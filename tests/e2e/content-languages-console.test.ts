import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LiveView } from '@pnyx/shared';
import { readAgenda, readQuestions } from '@pnyx/shared/session-doc';
import { LAPTOP, useChromium } from '../utils/browser.js';
import { connect, createSession, expectOk, followViews, request, type CreatedSession } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, untilAgendaSynced } from '../utils/moderator-doc.js';
import { connectModerator, joinAsModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The console's side of content in several languages, in real Chromium: a moderator adds French and German,
 * puts French beside English on the projector and translates a question, its options and a phase title; a
 * second Yjs client finds the translations in the session document, a phone's view carries them once the
 * question opens, a second console follows the list of languages live, a tag that is none is refused on the
 * page without a message sent, and a session made from a French page is written in French.
 */

const fixture = useTestServer({ web: true });
const { server, sockets, docs } = fixture;
const { pageErrors, device } = useChromium();

async function moderatorConsole(session: CreatedSession, beforeLoad: (page: Page) => void = () => {}): Promise<Page> {
  const page = await device(LAPTOP);
  beforeLoad(page);
  await page.goto(session.urls.moderate);
  await page.getByRole('heading', { level: 1, name: session.title }).waitFor();
  return page;
}

/** Every `languages:set` the page sends, over Socket.IO's WebSocket or its HTTP long-polling before the upgrade. */
function recordLanguageCommands(page: Page, commands: string[]): void {
  const record = (payload: string | Buffer | null | undefined) => {
    if (typeof payload === 'string' && payload.includes('"languages:set"')) commands.push(payload);
  };
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => record(payload)));
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/socket.io/')) record(request.postData());
  });
}

const languagesSection = (page: Page) => page.getByRole('region', { name: 'Languages', exact: true });
const otherLanguages = (page: Page) => languagesSection(page).getByRole('region', { name: 'Translated into' }).getByRole('listitem');

async function addFromList(page: Page, language: string): Promise<void> {
  const section = languagesSection(page);
  await section.getByLabel('Add a language').selectOption({ label: language });
  await section.getByRole('button', { name: 'Add language' }).click();
  await section.getByRole('button', { name: `Remove ${language}` }).waitFor();
}

describe('content languages in the moderator console', () => {
  it('adds languages, translates a question and a phase, and phones get what was set', { timeout: 120_000 }, async () => {
    const session = await createSession(server.url, 'Harbour assembly');
    const languageCommands: string[] = [];
    const moderator = await moderatorConsole(session, (page) => recordLanguageCommands(page, languageCommands));
    const coModerator = await moderatorConsole(session);

    const phone = await joinPhone(fixture, session.code);
    const phoneViews = followViews(phone.socket, [phone.joined.view]);
    const phoneView = (): LiveView => phoneViews.at(-1)!;

    // English by default (the session was made without a language); French and German added from the list.
    await expect.poll(() => languagesSection(moderator).getByLabel('Questions are written in').inputValue()).toBe('en');
    await languagesSection(moderator).getByText('No other language yet: everyone reads the texts in English.').waitFor();
    await addFromList(moderator, 'French');
    await addFromList(moderator, 'German');
    expect(await otherLanguages(moderator).allInnerTexts()).toEqual([expect.stringContaining('French'), expect.stringContaining('German')]);
    // French is no longer offered, neither to add nor as the main language.
    expect(await languagesSection(moderator).getByLabel('Add a language').locator('option', { hasText: 'French' }).count()).toBe(0);
    expect(await languagesSection(moderator).getByLabel('Questions are written in').locator('option', { hasText: 'French' }).count()).toBe(0);

    // The projector shows French beside English; the co-moderator's console follows every change.
    await languagesSection(moderator).getByLabel('Languages on the projector').selectOption({ label: 'English and French side by side' });
    await expect.poll(() => phoneView().languages).toEqual({ main: 'en', others: ['fr', 'de'], projectorSecond: 'fr' });
    await expect.poll(() => otherLanguages(coModerator).allInnerTexts()).toEqual([expect.stringContaining('French'), expect.stringContaining('German')]);
    await expect.poll(() => languagesSection(coModerator).getByLabel('Languages on the projector').inputValue()).toBe('fr');

    // A question and its options, translated into French.
    await moderator.getByRole('button', { name: 'Add question' }).click();
    const question = moderator.getByRole('article', { name: 'Question 1', exact: true });
    await question.getByLabel('Question', { exact: true }).fill('Open the harbour on Sundays?');
    await question.getByRole('textbox', { name: 'Option 1', exact: true }).fill('Yes');
    await question.getByRole('textbox', { name: 'Option 2', exact: true }).fill('No');
    await question.getByText('Translations (French, German)').click();
    const frenchText = question.getByRole('group', { name: 'French' }).getByRole('textbox', { name: 'Question in French' });
    // What to translate stands in the empty field; the field says its language and direction.
    await expect.poll(() => frenchText.getAttribute('placeholder')).toBe('Open the harbour on Sundays?');
    expect(await frenchText.getAttribute('lang')).toBe('fr');
    expect(await frenchText.getAttribute('dir')).toBe('ltr');
    await frenchText.fill('Ouvrir le port le dimanche ?');
    await question.getByRole('textbox', { name: 'Option 1 in French' }).fill('Oui');
    await question.getByRole('textbox', { name: 'Option 2 in French' }).fill('Non');
    await question.getByRole('group', { name: 'German' }).getByRole('textbox', { name: 'Question in German' }).waitFor();

    // A phase's title too.
    const agenda = moderator.getByRole('region', { name: 'Agenda', exact: true });
    await agenda.getByRole('button', { name: 'Add phase' }).click();
    const phase = agenda.getByRole('article', { name: 'Phase 1', exact: true });
    await phase.getByRole('textbox', { name: 'Title of phase 1', exact: true }).fill('Talk at your table');
    await phase.getByText('Translations (French, German)').click();
    await phase.getByRole('textbox', { name: 'Title of phase 1 in French' }).fill('Discussion à votre table');

    // The co-moderator sees the translation arrive as it is typed.
    const coQuestion = coModerator.getByRole('article', { name: 'Question 1', exact: true });
    await coQuestion.getByText('Translations (French, German)').click();
    await expect.poll(() => coQuestion.getByRole('textbox', { name: 'Option 2 in French' }).inputValue()).toBe('Non');

    // Another real Yjs client finds every translation in the session document.
    const doc = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(doc);
    const written = await eventually(() => {
      const [first] = readQuestions(doc.doc);
      return first?.translations?.fr?.options[first.options[1]?.id ?? ''] === 'Non' && first;
    }, 'the French labels in the document');
    const [yes, no] = written.options.map((option) => option.id);
    expect(written.translations?.fr).toEqual({ text: 'Ouvrir le port le dimanche ?', options: { [yes!]: 'Oui', [no!]: 'Non' } });
    await expect.poll(() => readAgenda(doc.doc).phases[0]?.translations?.fr).toEqual({ title: 'Discussion à votre table', text: '' });

    // Opened, the question reaches the phone with its French text and labels (no German: none was written).
    await question.getByRole('button', { name: 'Open voting' }).click();
    await question.getByRole('button', { name: 'Close voting' }).waitFor();
    await expect.poll(() => phoneView().questions[0]?.translations).toEqual({
      fr: { text: 'Ouvrir le port le dimanche ?', options: { [yes!]: 'Oui', [no!]: 'Non' } },
    });
    // Its translations are frozen with it, and shown so.
    await question.getByText('Translations (French, German)').click();
    await expect.poll(() => question.getByRole('textbox', { name: 'Option 1 in French' }).inputValue()).toBe('Oui');
    expect(await question.getByRole('textbox', { name: 'Option 1 in French' }).getAttribute('readonly')).not.toBeNull();
    // The running phase carries its title in French.
    const watcher = await connectModerator(fixture, session);
    expectOk(await untilAgendaSynced(() => request(watcher, 'phase:go', { to: 'next' })));
    await expect.poll(() => phoneView().phase?.translations?.fr?.title).toBe('Discussion à votre table');

    // German removed: the phone's view and the co-moderator's console follow; the projector keeps French.
    await languagesSection(moderator).getByRole('button', { name: 'Remove German' }).click();
    await expect.poll(() => phoneView().languages).toEqual({ main: 'en', others: ['fr'], projectorSecond: 'fr' });
    await expect.poll(() => otherLanguages(coModerator).allInnerTexts()).toEqual([expect.stringContaining('French')]);
    await question.getByText('Translations (French)').waitFor();
    // Removing the language on the projector shows the main language alone there.
    await languagesSection(coModerator).getByRole('button', { name: 'Remove French' }).click();
    await expect.poll(() => phoneView().languages).toEqual({ main: 'en', others: [], projectorSecond: null });
    await languagesSection(moderator).getByText('No other language yet: everyone reads the texts in English.').waitFor();

    // A tag that is none: said on the page, nothing sent.
    const section = languagesSection(moderator);
    const sent = languageCommands.length;
    expect(sent).toBe(4);
    await section.getByLabel('Add a language').selectOption({ label: 'Another language, by its tag…' });
    const tag = section.getByRole('textbox', { name: 'Language tag' });
    await tag.fill('Portuguese please');
    await section.getByRole('button', { name: 'Add language' }).click();
    await section.getByRole('alert').filter({ hasText: 'This is not a language tag' }).waitFor();
    expect(await tag.getAttribute('aria-invalid')).toBe('true');
    expect(languageCommands).toHaveLength(sent);
    // Any tag is taken as the standard writes it.
    await tag.fill('PT-br');
    await section.getByRole('button', { name: 'Add language' }).click();
    await expect.poll(() => phoneView().languages.others).toEqual(['pt-BR']);
    await section.getByRole('button', { name: 'Remove Brazilian Portuguese' }).waitFor();
    // The message went with the mistake, and the tag field with the language added.
    await expect.poll(() => section.getByRole('alert').count()).toBe(0);
    expect(await tag.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('makes a session from a French page written in French', { timeout: 60_000 }, async () => {
    const page = await device({ ...LAPTOP, locale: 'fr-FR' });
    await page.goto(`${server.url}/`);
    await page.getByLabel('Titre de la session').fill('Assemblée du port');
    const created = page.waitForResponse((response) => response.url().endsWith('/api/sessions') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Créer la session' }).click();
    const session = (await (await created).json()) as CreatedSession;
    expect((await created).request().postDataJSON()).toEqual({ title: 'Assemblée du port', language: 'fr' });

    const { view } = await joinAsModerator(await connect(server.url, sockets), { ...session, title: 'Assemblée du port' });
    expect(view.languages).toEqual({ main: 'fr', others: [], projectorSecond: null });

    const console = await device({ ...LAPTOP, locale: 'fr-FR' });
    await console.goto(session.urls.moderate);
    const section = console.getByRole('region', { name: 'Langues', exact: true });
    await expect.poll(() => section.getByLabel('Les questions sont rédigées en').inputValue()).toBe('fr');
    expect(await section.getByLabel('Les questions sont rédigées en').locator('option:checked').textContent()).toBe('français');
    expect(pageErrors).toEqual([]);
  });

  it('counts what the phones read, offers to add a language the room reads, and follows a phone that changes', { timeout: 90_000 }, async () => {
    const session = await createSession(server.url, 'Harbour assembly');
    const moderator = await moderatorConsole(session);
    const phoneIn = async (locale: string) => {
      const phone = await device({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale });
      await phone.goto(session.urls.join);
      await phone.getByRole('heading', { level: 1, name: 'Harbour assembly' }).waitFor();
      return phone;
    };
    const french = await phoneIn('fr-FR');
    await phoneIn('ja-JP');
    await phoneIn('ja');

    const readers = languagesSection(moderator).getByRole('region', { name: 'Phones read' });
    await readers.getByText('Japanese: 2 people').waitFor();
    await readers.getByText('French: 1 person').waitFor();
    await readers.getByRole('button', { name: 'Add Japanese' }).click();
    await languagesSection(moderator).getByRole('button', { name: 'Remove Japanese' }).waitFor();
    expect(await readers.getByRole('button', { name: 'Add Japanese' }).count()).toBe(0);

    // French is added too; the French phone chooses Japanese in its select: the count follows.
    await addFromList(moderator, 'French');
    await french.getByLabel('Questions en').selectOption({ label: 'japonais' });
    await readers.getByText('Japanese: 3 people').waitFor();
    expect(await readers.getByText(/^French/).count()).toBe(0);

    const report = await device(LAPTOP);
    await report.goto(`${server.url}/moderate/${session.id}/report#token=${session.moderatorToken}`);
    const languages = report.getByRole('table', { name: 'Languages people read (as their phones said)' });
    await languages.getByRole('row', { name: 'Japanese 3' }).waitFor();
    expect(await languages.getByRole('row').allInnerTexts()).toEqual(['Language\tPeople', 'Japanese\t3']);
    expect(pageErrors).toEqual([]);
  });
});


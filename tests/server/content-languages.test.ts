import { describe, expect, it } from 'vitest';
import { readersByLanguage, rosterMembers, type LiveView, type Roster } from '@pnyx/shared';
import { orderedPhases, translationKey, translationText } from '@pnyx/shared/session-doc';
import { expectOk, followViews, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { untilAgendaSynced, writePhase } from '../utils/moderator-doc.js';
import { joinAsModerator, joinPhone, openQuestion, resultsOf, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/** A session's content languages and translations, against a real server over HTTP, Socket.IO and Yjs. */

const fixture = useTestServer();
const { server } = fixture;

async function phone(code: string) {
  const { socket, joined } = await joinPhone(fixture, code);
  const views = followViews(socket, [joined.view]);
  return { socket, joined, last: (): LiveView => views.at(-1)! };
}

function followRosters(socket: TestSocket): Roster[] {
  const rosters: Roster[] = [];
  socket.on('roster:update', (roster) => rosters.push(roster));
  return rosters;
}

function create(body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('a session’s languages', () => {
  it('start as the language its creator writes in', async () => {
    const response = await create({ title: 'Dialogue citoyen', language: 'fr' });
    expect(response.status).toBe(201);
    const session = (await response.json()) as { id: string; code: string };
    expect((await phone(session.code)).joined.view.languages).toEqual({ main: 'fr', others: [], projectorSecond: null });

    const refused = await create({ title: 'Dialogue', language: 'Français' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/language/) } });
  });

  it('are set by moderators and reach every phone; wrong ones and wrong roles change nothing', async () => {
    const room = await roomWithTables(fixture, 1);
    const attendee = await phone(room.session.code);
    const languages = { main: 'en', others: ['fr', 'de'], projectorSecond: 'fr' };

    expect(await request(attendee.socket, 'languages:set', languages)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(room.moderator, 'languages:set', { ...languages, others: ['fr', 'French'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await request(room.moderator, 'languages:set', { ...languages, others: ['fr', 'fr'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_languages', message: 'A language is listed twice.' },
    });
    expect(await request(room.moderator, 'languages:set', { ...languages, projectorSecond: 'es' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_languages' },
    });
    expect((await joinAsModerator(room.moderator, room.session)).view.languages).toEqual({ main: 'en', others: [], projectorSecond: null });

    expectOk(await request(room.moderator, 'languages:set', languages));
    await eventually(() => attendee.last().languages.others.length === 2, 'the phone to hear the languages');
    expect(attendee.last().languages).toEqual(languages);
  });
});

describe('translated questions and phases', () => {
  it('reach phones in the session’s languages only; every language votes on the same options', async () => {
    const room = await roomWithTables(fixture, 1);
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr'], projectorSecond: null }));
    const { questionId, optionIds } = await openQuestion(room, {
      text: 'Should the Internet be governed globally?',
      labels: ['Yes', 'No'],
      translations: {
        fr: { text: 'Internet doit-il être gouverné mondialement ?', options: { o: 'x' } },
        es: { text: '¿Debe Internet gobernarse globalmente?', options: {} },
      },
    });
    const french = await phone(room.session.code);
    const [question] = french.joined.view.questions;
    // `o` is no option of the question: dropped; Spanish is no language of the session: not sent.
    expect(question?.translations).toEqual({ fr: { text: 'Internet doit-il être gouverné mondialement ?', options: {} } });

    const english = await phone(room.session.code);
    expectOk(await request(french.socket, 'ballot:cast', { questionId, ballotId: 'b1', answer: { optionId: optionIds[0]! } }));
    expectOk(await request(english.socket, 'ballot:cast', { questionId, ballotId: 'b2', answer: { optionId: optionIds[0]! } }));
    expect((await resultsOf(room, questionId)).room).toMatchObject({ voters: 2, counts: { [optionIds[0]!]: 2, [optionIds[1]!]: 0 } });

    // Adding Spanish later sends the Spanish text the question was opened with.
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['fr', 'es'], projectorSecond: 'es' }));
    await eventually(() => french.last().questions[0]?.translations?.es, 'the phone to get the Spanish text');
    expect(french.last().questions[0]?.translations?.es?.text).toBe('¿Debe Internet gobernarse globalmente?');
  });

  it('follow a moderator translating the running phase, live', async () => {
    const room = await roomWithTables(fixture, 1);
    expectOk(await request(room.moderator, 'languages:set', { main: 'en', others: ['de'], projectorSecond: 'de' }));
    writePhase(room.doc.doc, { kind: 'discussion', title: 'Talk at your table', text: 'Ten minutes.', durationMs: 600_000 });
    expectOk(await untilAgendaSynced(() => request(room.moderator, 'phase:go', { to: 'next' })));
    const attendee = await phone(room.session.code);
    expect(attendee.joined.view.phase).not.toHaveProperty('translations');

    const phase = orderedPhases(room.doc.doc)[0]!;
    translationText(phase, translationKey.phaseTitle('de')).insert(0, 'Sprechen Sie an Ihrem Tisch');
    await eventually(() => attendee.last().phase?.translations?.de, 'the phone to get the German title');
    expect(attendee.last().phase?.translations).toEqual({ de: { title: 'Sprechen Sie an Ihrem Tisch', text: '' } });
    expect(attendee.last().phase?.title).toBe('Talk at your table');
  });
});

describe('the language each participant reads', () => {
  it('comes with the join and with a change of mind; moderators see it in the roster; a phone only speaks for itself', async () => {
    const room = await roomWithTables(fixture, 1);
    const french = await joinPhone(fixture, room.session.code, { language: 'fr' });
    await joinPhone(fixture, room.session.code, { language: 'ja' });
    await joinPhone(fixture, room.session.code);
    const languagesInRoster = async () => {
      const { roster } = expectOk(await request(room.moderator, 'roster:get', {}));
      return readersByLanguage(rosterMembers(roster));
    };
    expect(await languagesInRoster()).toEqual([{ language: 'fr', readers: 1 }, { language: 'ja', readers: 1 }]);

    const updates = followRosters(room.moderator);
    expectOk(await request(french.socket, 'participant:language', { language: 'es' }));
    await eventually(() => updates.some((roster) => readersByLanguage(rosterMembers(roster)).some((entry) => entry.language === 'es')), 'the roster update');
    expect(await request(french.socket, 'participant:language', { language: 'Español' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await request(room.moderator, 'participant:language', { language: 'de' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A phone back with its token says its language again: a new one is noted, the same one changes nothing.
    const back = await joinPhone(fixture, room.session.code, { participantToken: french.joined.participantToken, language: 'de' });
    expect(back.joined.participantId).toBe(french.joined.participantId);
    expect(await languagesInRoster()).toEqual([{ language: 'de', readers: 1 }, { language: 'ja', readers: 1 }]);
  });
});


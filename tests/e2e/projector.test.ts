import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Answer } from '@pnyx/shared';
import { addQuestion, type QuestionContent } from '@pnyx/shared/session-doc';
import { PROJECTOR, useChromium } from '../utils/browser.js';
import { connect, createSession, expectOk, followViews, request, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc } from '../utils/moderator-doc.js';
import { joinAsModerator, joinPhone } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The projector in real Chromium against a real server: phones (socket.io clients) seated at tables answer a
 * scale, a ranking, a word cloud and a question asked before and after discussion with a reference; the
 * moderator switches what the screen shows. Everything is read by role and name, as a screen reader would.
 *
 * With PNYX_SCREENSHOTS=<dir>, the tables and reference views are saved there (1280 × 720).
 */

const SCREENSHOTS = process.env.PNYX_SCREENSHOTS;

const fixture = useTestServer({ web: true });
const { server, sockets, docs } = fixture;
const { pageErrors, device } = useChromium();

let ballots = 0;

async function cast(phone: TestSocket, questionId: string, answer: Answer): Promise<void> {
  expectOk(await request(phone, 'ballot:cast', { questionId, ballotId: `b${ballots++}`, answer }));
}

/** Opens a question once the server's copy of the agenda has the moderator's latest edit. */
function open(moderator: TestSocket, questionId: string): Promise<unknown> {
  return eventually(async () => (await request(moderator, 'question:open', { questionId })).ok, `question ${questionId} to open`);
}

/** The row of one option: its name starts with the label ("No" is not "Not sure"). */
function rowOf(table: ReturnType<Page['getByRole']>, label: string) {
  return table.getByRole('row', { name: new RegExp(`^${label}\\b`) });
}

/** The cells of one option's row in a "Votes per option" table: [votes, percent]. */
function cellsOf(scope: Page | ReturnType<Page['getByRole']>, label: string): Promise<string[]> {
  return rowOf(scope.getByRole('table', { name: 'Votes per option' }), label).getByRole('cell').allInnerTexts();
}

describe('the projector shows every kind and the comparisons the moderator picks', () => {
  it('scale, ranking, word cloud, tables, reference and before/after', { timeout: 90_000 }, async () => {
    const session = await createSession(server.url, 'Citizens on mobility');
    const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
    docs.push(editor);
    const moderator = await connect(server.url, sockets);
    const joined = await joinAsModerator(moderator, session);
    const views = followViews(moderator, [joined.view]);

    const write = (id: string, optionIds: string[], content: QuestionContent) => addQuestion(editor.doc, id, optionIds, content);
    write('scale', ['s1', 's2', 's3', 's4', 's5'], {
      kind: 'scale',
      text: 'Cars should leave the old town',
      labels: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
    });
    write('ranking', ['tram', 'bike', 'bus'], { kind: 'ranking', text: 'What should get money first?', labels: ['Trams', 'Bike lanes', 'Buses'] });
    write('words', [], { kind: 'wordcloud', text: 'One word for a good street' });
    const reference = { label: 'Global results 2020, 5,000 citizens in 80 countries', shares: { yes: 55, no: 30, unsure: 15 } };
    write('before', ['yes', 'no', 'unsure'], { text: 'Ban cars from the centre?', labels: ['Yes', 'No', 'Not sure'], reference });
    write('after', ['yes', 'no', 'unsure'], { text: 'Ban cars from the centre? (after talking)', labels: ['Yes', 'No', 'Not sure'], comparesWith: 'before' });
    write('parking', ['more', 'fewer'], { text: 'Parking spaces in the centre?', labels: ['More', 'Fewer'] });

    expectOk(await request(moderator, 'tables:add', { count: 3, names: ['Oak', 'Birch', 'Maple'] }));
    const tables = await eventually(() => views.at(-1)!.tables.length === 3 && views.at(-1)!.tables, 'three tables');
    const [oak, birch, maple] = tables.map((table) => table.id);
    // Two at Oak, two at Birch, one at Maple, who follows online.
    const phones: TestSocket[] = [];
    for (const tableId of [oak, oak, birch, birch, maple]) {
      phones.push((await joinPhone(fixture, session.code, { tableId, ...(tableId === maple ? { channel: 'online' as const } : {}) })).socket);
    }

    const projector = await device(PROJECTOR);
    await projector.goto(`${server.url}/screen/${session.code}`);
    await projector.getByRole('heading', { level: 1, name: 'Citizens on mobility' }).waitFor();

    // Scale: points 4, 5, 3, 4, 3 → mean 3.8.
    await open(moderator, 'scale');
    for (const [index, point] of [4, 5, 3, 4, 3].entries()) await cast(phones[index]!, 'scale', { optionId: `s${point}` });
    await projector.getByRole('heading', { level: 1, name: 'Cars should leave the old town' }).waitFor();
    await projector.getByText('Mean 3.8 of 5').waitFor();
    const points = projector.getByRole('table', { name: 'Answers per point of the scale' });
    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-scale.png` });
    expect(await rowOf(points, '4. Agree').getByRole('cell').allInnerTexts()).toEqual(['2', '40%']);

    // Ranking: Borda points Trams 8, Bike lanes 4, Buses 3.
    await open(moderator, 'ranking');
    const rankings = [
      ['tram', 'bike', 'bus'],
      ['tram', 'bus', 'bike'],
      ['bike', 'tram', 'bus'],
      ['tram', 'bike', 'bus'],
      ['bus', 'tram', 'bike'],
    ];
    for (const [index, optionIds] of rankings.entries()) await cast(phones[index]!, 'ranking', { optionIds });
    const ranking = projector.getByRole('list', { name: 'Ranking, by Borda points' });
    await expect
      .poll(() => ranking.getByRole('listitem').allInnerTexts())
      .toEqual([
        expect.stringMatching(/Trams\s*avg\. rank 1\.4, 8 pts/),
        expect.stringMatching(/Bike lanes\s*avg\. rank 2\.2, 4 pts/),
        expect.stringMatching(/Buses\s*avg\. rank 2\.4, 3 pts/),
      ]);

    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-ranking.png` });

    // Word cloud: a moderator takes a word off the screen.
    await open(moderator, 'words');
    const entries = [['Trust', 'Shade'], ['trust'], ['Benches', ' TRUST '], ['shade'], ['rubbish']];
    for (const [index, words] of entries.entries()) await cast(phones[index]!, 'words', { words });
    const cloud = projector.getByRole('list', { name: 'Words, most frequent first' });
    await cloud.getByRole('listitem').filter({ hasText: 'rubbish' }).waitFor();
    expect(await cloud.getByRole('listitem').first().innerText()).toMatch(/^trust/);
    expectOk(await request(moderator, 'word:hide', { questionId: 'words', word: 'rubbish', hidden: true }));
    await expect.poll(() => cloud.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^trust/),
      expect.stringMatching(/^shade/),
      expect.stringMatching(/^benches/),
    ]);

    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-words.png` });

    // Before discussion: Yes 2, No 2, Not sure 1 in the room.
    await open(moderator, 'before');
    for (const [index, optionId] of ['yes', 'no', 'yes', 'unsure', 'no'].entries()) await cast(phones[index]!, 'before', { optionId });
    await projector.getByRole('heading', { level: 1, name: 'Ban cars from the centre?' }).waitFor();
    await expect.poll(() => cellsOf(projector, 'Yes')).toEqual(['2', '40%']);

    // By table: one small chart per table, with its name and its own numbers.
    expectOk(await request(moderator, 'screen:show', { mode: 'tables' }));
    const byTable = projector.getByRole('list', { name: 'Results by table' });
    await byTable.waitFor();
    const cell = (name: string) => byTable.getByRole('region', { name });
    await cell('Oak').getByText('2 voters').waitFor();
    expect(await cellsOf(cell('Oak'), 'Yes')).toEqual(['1', '50%']);
    expect(await cellsOf(cell('Oak'), 'No')).toEqual(['1', '50%']);
    expect(await cellsOf(cell('Birch'), 'Not sure')).toEqual(['1', '50%']);
    await cell('Maple').getByText('1 voter', { exact: true }).waitFor();
    expect(await cellsOf(cell('Maple'), 'No')).toEqual(['1', '100%']);
    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-tables.png` });

    // Against the reference: room and reference per option, under the reference's label.
    expectOk(await request(moderator, 'screen:show', { mode: 'reference' }));
    const versus = projector.getByRole('table', { name: `This room compared with ${reference.label}` });
    await versus.waitFor();
    expect(await rowOf(versus, 'Yes').getByRole('cell').allInnerTexts()).toEqual(['40%', '55%']);
    expect(await rowOf(versus, 'Not sure').getByRole('cell').allInnerTexts()).toEqual(['20%', '15%']);
    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-reference.png` });

    // Asked again after discussion: two people changed their answer.
    await open(moderator, 'after');
    for (const [index, optionId] of ['yes', 'yes', 'yes', 'no', 'no'].entries()) await cast(phones[index]!, 'after', { optionId });
    expectOk(await request(moderator, 'screen:show', { mode: 'shift' }));
    await projector.getByRole('heading', { level: 1, name: 'Ban cars from the centre? (after talking)' }).waitFor();
    await projector.getByText('2 of 5 people changed their answer').waitFor();
    const shift = projector.getByRole('table', { name: 'Share of voters per option, before and after discussion' });
    expect(await rowOf(shift, 'Yes').getByRole('cell').allInnerTexts()).toEqual(['40%', '60%', expect.stringMatching(/\+20 pts$/)]);
    expect(await rowOf(shift, 'Not sure').getByRole('cell').allInnerTexts()).toEqual(['20%', '0%', expect.stringMatching(/−20 pts$/)]);
    if (SCREENSHOTS) await projector.screenshot({ path: `${SCREENSHOTS}/projector-shift.png` });

    // By channel: the room's phones, the online one and Oak's paper ballots side by side, then everyone.
    expectOk(await request(moderator, 'paper:enter', { questionId: 'after', tableId: oak!, counts: { no: 3 } }));
    expectOk(await request(moderator, 'screen:show', { mode: 'channels' }));
    const channels = projector.getByRole('list', { name: 'Results by channel' });
    const channel = (name: string) => channels.getByRole('region', { name });
    await channel('On paper').waitFor();
    expect(await cellsOf(channel('In the room'), 'Yes')).toEqual(['3', '75%']);
    expect(await cellsOf(channel('Online'), 'No')).toEqual(['1', '100%']);
    expect(await cellsOf(channel('On paper'), 'No')).toEqual(['3', '100%']);
    expect(await cellsOf(channel('Everyone'), 'No')).toEqual(['5', '63%']);

    // One table, large: Oak's phones and its paper ballots.
    expectOk(await request(moderator, 'screen:show', { mode: 'table', tableId: oak! }));
    const oneTable = projector.getByRole('region', { name: /^Oak/ });
    await oneTable.getByText('5 voters').waitFor();
    expect(await cellsOf(oneTable, 'No')).toEqual(['3', '60%']);

    // A question without an earlier one has no before and after, and says so.
    expectOk(await request(moderator, 'screen:show', { mode: 'shift' }));
    await open(moderator, 'parking');
    await projector.getByRole('heading', { level: 1, name: 'Parking spaces in the centre?' }).waitFor();
    await projector.getByText('This question does not ask an earlier one again', { exact: false }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

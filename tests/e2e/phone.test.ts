import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PHONE, useChromium } from '../utils/browser.js';
import { expectOk, request } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openQuestion, resultsOf, roomWithTables, tableTally } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The attendee's phone in real Chromium against the built web app, with tables: a phone that followed table
 * 2's QR link ranks and rates, and changes its rating; a phone without a table link picks one, claims the
 * facilitator role and answers for its table. The moderator is a Socket.IO and Yjs client; everything on the
 * phone is found by role and accessible name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

const TITLE = 'Citizens’ assembly';

/** A phone of its own (an iPhone-sized screen). */
const phone = () => device(PHONE);

/** A question's card on the phone: the region named by its text. */
function card(page: Page, text: string): Locator {
  return page.getByRole('region', { name: text });
}

async function received(region: Locator): Promise<void> {
  await region.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
}

describe('the attendee’s phone at a table', () => {
  it('follows table 2’s link, ranks and rates, and changes its rating', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 3, { title: TITLE });
    const ranking = await openQuestion(room, { kind: 'ranking', text: 'Which pet should the park welcome first?', labels: ['Cats', 'Dogs', 'Birds'] });
    const scale = await openQuestion(room, {
      kind: 'scale',
      text: 'The park should stay open at night.',
      labels: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
    });
    const [cats, dogs, birds] = ranking.optionIds as [string, string, string];

    const page = await phone();
    await page.goto(`${server.url}/join/${room.session.code}?table=t2`);
    const seat = page.getByRole('region', { name: 'Your table' });
    await seat.getByText('Table 2', { exact: true }).waitFor();
    await seat.getByRole('button', { name: 'Change table' }).waitFor();

    // Birds up twice, Cats down once: Birds, Dogs, Cats.
    const rankingCard = card(page, 'Which pet should the park welcome first?');
    await rankingCard.getByRole('button', { name: 'Move Birds up' }).click();
    await rankingCard.getByRole('button', { name: 'Move Birds up' }).click();
    expect(await rankingCard.getByRole('button', { name: 'Move Birds up' }).isDisabled()).toBe(true);
    await rankingCard.getByRole('button', { name: 'Move Cats down' }).click();
    expect(await rankingCard.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Birds'),
      expect.stringContaining('Dogs'),
      expect.stringContaining('Cats'),
    ]);
    // Keyboard users keep their place: focus follows the moved option (at the bottom, to its other button).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Cats up');
    await rankingCard.getByRole('button', { name: 'Send ranking' }).click();
    await received(rankingCard);

    const scaleCard = card(page, 'The park should stay open at night.');
    await scaleCard.getByRole('button', { name: '4 Agree' }).click();
    await received(scaleCard);
    expect(await scaleCard.getByRole('button', { name: '4 Agree' }).getAttribute('aria-pressed')).toBe('true');

    const ranked = await resultsOf(room, ranking.questionId);
    expect(tableTally(ranked, 't2')).toMatchObject({ voters: 1, counts: { [birds]: 1, [cats]: 0, [dogs]: 0 } });
    expect(tableTally(ranked, 't2').ranking!.map((entry) => entry.optionId)).toEqual([birds, dogs, cats]);
    expect(tableTally(ranked, 't1').voters).toBe(0);
    const rated = await resultsOf(room, scale.questionId);
    expect(tableTally(rated, 't2')).toMatchObject({ voters: 1, mean: 4, counts: { [scale.optionIds[3]!]: 1 } });

    // Changing the rating replaces it: still one voter, now at 2.
    await scaleCard.getByRole('button', { name: '2 Disagree' }).click();
    await received(scaleCard);
    await expect
      .poll(async () => tableTally(await resultsOf(room, scale.questionId), 't2'))
      .toMatchObject({ voters: 1, mean: 2, counts: { [scale.optionIds[1]!]: 1, [scale.optionIds[3]!]: 0 } });
    expect((await resultsOf(room, scale.questionId)).room.voters).toBe(1);

    // Words and a free answer: sent as typed (trimmed), shown back, changeable.
    const words = await openQuestion(room, { kind: 'wordcloud', text: 'One word for the park?', labels: [] });
    const open = await openQuestion(room, { kind: 'open', text: 'Anything else?', labels: [] });
    const wordsCard = card(page, 'One word for the park?');
    await wordsCard.getByLabel('Word 1').fill('  Shade ');
    await wordsCard.getByLabel('Word 2').fill('quiet');
    await wordsCard.getByRole('button', { name: 'Send words' }).click();
    await wordsCard.getByText('Your words: Shade, quiet').waitFor();
    await wordsCard.getByRole('status').filter({ hasText: 'Answer received' }).waitFor();
    const openCard = card(page, 'Anything else?');
    await openCard.getByLabel('Your answer').fill('More <b>benches</b>, please.');
    await openCard.getByText('28 of 1000 characters').waitFor();
    await openCard.getByRole('button', { name: 'Send answer' }).click();
    // Attendee text is text, never HTML.
    await openCard.getByText('Your answer: More <b>benches</b>, please.').waitFor();
    await openCard.getByLabel('Your answer').fill('More benches, please.');
    await openCard.getByRole('status').filter({ hasText: 'Changed: send it to replace your answer' }).waitFor();
    await openCard.getByRole('button', { name: 'Send answer' }).click();
    await openCard.getByText('Your answer: More benches, please.').waitFor();
    await openCard.getByRole('status').filter({ hasText: 'Answer received' }).waitFor();
    expect((await resultsOf(room, words.questionId)).room.words).toEqual([
      expect.objectContaining({ word: 'quiet', count: 1 }),
      expect.objectContaining({ word: 'shade', count: 1 }),
    ]);
    const answered = await resultsOf(room, open.questionId);
    expect(answered.room.answers?.map((answer) => answer.text)).toEqual(['More benches, please.']);
    expect(tableTally(answered, 't2').voters).toBe(1);

    // A reload shows the counted answers.
    await page.reload();
    await received(card(page, 'The park should stay open at night.'));
    expect(await card(page, 'The park should stay open at night.').getByRole('button', { name: '2 Disagree' }).getAttribute('aria-pressed')).toBe('true');
    expect(await card(page, 'Which pet should the park welcome first?').getByRole('button', { name: 'Send ranking' }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('finds its table by searching when the room has many', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 40, { title: TITLE });
    const page = await phone();
    await page.goto(`${server.url}/join/${room.session.code}`);
    const tables = page.getByRole('group', { name: 'Which table are you at?' }).getByRole('button');
    await expect.poll(() => tables.count()).toBe(40);
    await page.getByLabel('Find your table').fill('table 37');
    await expect.poll(() => tables.allInnerTexts()).toEqual(['Table 37']);
    await page.getByLabel('Find your table').fill('table 99');
    await page.getByText('No table is called “table 99”.').waitFor();
    await page.getByLabel('Find your table').fill('37');
    await tables.click();
    await page.getByRole('region', { name: 'Your table' }).getByText('Table 37', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('picks a table without a table link, claims the facilitator role and answers for the table', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 2, { title: TITLE });
    const page = await phone();
    await page.goto(`${server.url}/join/${room.session.code}`);
    await page.getByRole('heading', { name: 'Which table are you at?' }).waitFor();
    await page.getByLabel('Your name (optional)').fill('Ana');
    await page.getByRole('group', { name: 'Which table are you at?' }).getByRole('button', { name: 'Table 1' }).click();
    const seat = page.getByRole('region', { name: 'Your table' });
    await seat.getByText('Table 1', { exact: true }).waitFor();
    await eventually(async () => {
      const { roster } = expectOk(await request(room.moderator, 'roster:get', {}));
      return roster.tables[0]!.members.some((member) => member.name === 'Ana');
    }, 'Ana at table 1 in the roster');

    // A wrong code shows the server's refusal; the right one makes the phone the facilitator.
    await seat.getByText('I facilitate this table').click();
    await seat.getByLabel('Facilitator code').fill('ZZZ ZZZ');
    await seat.getByRole('button', { name: 'Become facilitator' }).click();
    await seat.getByRole('alert').filter({ hasText: 'This facilitator code does not belong to a table of this session.' }).waitFor();
    await seat.getByLabel('Facilitator code').fill(room.roster.tables[0]!.facilitatorCode.toLowerCase());
    await seat.getByRole('button', { name: 'Become facilitator' }).click();
    await seat.getByText('· facilitator').waitFor();

    // A second phone at the same table sees that its facilitator answers.
    const member = await phone();
    await member.goto(`${server.url}/join/${room.session.code}?table=t1`);
    await member.getByRole('region', { name: 'Your table' }).getByText('Table 1', { exact: true }).waitFor();

    const tableQuestion = await openQuestion(room, { text: 'Our table recommends…', labels: ['More trees', 'More benches'], scope: 'table' });
    const facilitatorCard = card(page, 'Our table recommends…');
    await facilitatorCard.getByText('You answer for Table 1').waitFor();
    await card(member, 'Our table recommends…').getByText('Your facilitator answers for the table').waitFor();
    expect(await card(member, 'Our table recommends…').getByRole('button', { name: 'More trees' }).count()).toBe(0);
    await facilitatorCard.getByRole('button', { name: 'More trees' }).click();
    await received(facilitatorCard);
    const counted = await resultsOf(room, tableQuestion.questionId);
    expect(tableTally(counted, 't1')).toMatchObject({ voters: 1, counts: { [tableQuestion.optionIds[0]!]: 1 } });
    // The member's phone shows the table's answer as the facilitator gives or changes it, and after a reload.
    await card(member, 'Our table recommends…').getByText('Table 1’s answer: More trees').waitFor();
    await facilitatorCard.getByRole('button', { name: 'More benches' }).click();
    await card(member, 'Our table recommends…').getByText('Table 1’s answer: More benches').waitFor();
    await member.reload();
    await card(member, 'Our table recommends…').getByText('Table 1’s answer: More benches').waitFor();

    // Moved to table 2, which has not answered: the phone stops showing table 1's answer.
    const { roster } = expectOk(await request(room.moderator, 'roster:get', {}));
    const moved = roster.tables[0]!.members.find((someone) => !someone.facilitator)!;
    expectOk(await request(room.moderator, 'participant:move', { participantId: moved.participantId, tableId: 't2' }));
    await member.getByRole('region', { name: 'Your table' }).getByText('Table 2', { exact: true }).waitFor();
    await expect.poll(() => card(member, 'Our table recommends…').getByText('Table 1’s answer', { exact: false }).count()).toBe(0);
    await card(member, 'Our table recommends…').getByText('Your facilitator answers for the table').waitFor();

    // Paper ballots of the table, on a question each person answers.
    const choice = await openQuestion(room, { kind: 'multi', maxChoices: 2, text: 'What should the park add?', labels: ['Lights', 'Toilets', 'Fountain'] });
    const choiceCard = card(page, 'What should the park add?');
    await choiceCard.getByText('Choose up to 2').waitFor();
    await choiceCard.getByText('Enter paper ballots for Table 1').click();
    await choiceCard.getByLabel('Lights').fill('3');
    await choiceCard.getByLabel('Fountain').fill('2');
    await choiceCard.getByLabel('Paper ballots counted').fill('1');
    await choiceCard.getByRole('button', { name: 'Save paper ballots' }).click();
    await choiceCard.getByRole('status').filter({ hasText: '1 ballots cannot carry these counts' }).waitFor();
    await choiceCard.getByLabel('Paper ballots counted').fill('4');
    await choiceCard.getByRole('button', { name: 'Save paper ballots' }).click();
    await choiceCard.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const paper = await resultsOf(room, choice.questionId);
    const [lights, toilets, fountain] = choice.optionIds as [string, string, string];
    expect(paper.byChannel.paper).toMatchObject({ voters: 4, counts: { [lights]: 3, [toilets]: 0, [fountain]: 2 } });
    // After a reload the form starts from the saved count, so correcting one number keeps the others.
    await page.reload();
    await choiceCard.getByText('Enter paper ballots for Table 1').click();
    await expect.poll(() => choiceCard.getByLabel('Lights').inputValue()).toBe('3');
    expect(await choiceCard.getByLabel('Paper ballots counted').inputValue()).toBe('4');
    await choiceCard.getByLabel('Fountain').fill('1');
    await choiceCard.getByRole('button', { name: 'Save paper ballots' }).click();
    await choiceCard.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await resultsOf(room, choice.questionId)).byChannel.paper).toMatchObject({ voters: 4, counts: { [lights]: 3, [fountain]: 1 } });

    // The facilitator's own multiple choice: at most two, then Send.
    await choiceCard.getByRole('button', { name: 'Lights' }).click();
    await choiceCard.getByRole('button', { name: 'Fountain' }).click();
    expect(await choiceCard.getByRole('button', { name: 'Toilets' }).isDisabled()).toBe(true);
    await choiceCard.getByRole('button', { name: 'Send', exact: true }).click();
    await received(choiceCard);
    expect(tableTally(await resultsOf(room, choice.questionId), 't1')).toMatchObject({ voters: 5, counts: { [lights]: 4, [fountain]: 2 } });
    expect(pageErrors).toEqual([]);
  });
});

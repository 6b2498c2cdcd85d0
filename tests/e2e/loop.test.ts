import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, PROJECTOR, SMALL_PHONE, useChromium } from '../utils/browser.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The whole loop in real Chromium against the built web app: a session is created on `/`, two moderators
 * write a question together (Yjs), three phones vote, the projector shows the counts, voting closes.
 * Everything is found by role and accessible name, as a screen reader would.
 *
 * With PNYX_SCREENSHOT set, the projector is also saved to docs/screenshot-projector.png.
 */

const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshot-projector.png', import.meta.url));

const { server } = useTestServer({ web: true });
const { pageErrors, device } = useChromium();

/** The cells of the results row of one option: [votes, percent]. */
async function resultCells(page: Page, label: string): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Votes per option' });
  return table.getByRole('row', { name: label }).getByRole('cell').allInnerTexts();
}

async function hrefOf(page: Page, name: string): Promise<string> {
  const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
  if (!href) throw new Error(`link "${name}" has no href`);
  return href;
}

describe('a live vote in the browser', () => {
  it('runs from the moderator console to the phones and the projector', { timeout: 90_000 }, async () => {
    const question = 'Where should the extra budget go?';
    const options = ['Parks and playgrounds', 'Public transport', 'Libraries'];

    // The organiser creates the session on the start page.
    const organiser = await device(LAPTOP);
    await organiser.goto(`${server.url}/`);
    await organiser.getByLabel('Session title').fill('Town hall 2027');
    await organiser.getByRole('button', { name: 'Create session' }).click();
    const moderatorLink = await hrefOf(organiser, 'Moderator link');
    const screenLink = await hrefOf(organiser, 'Projector screen');
    const code = screenLink.split('/').pop()!;
    await organiser.getByRole('img', { name: `QR code to join session ${code}` }).waitFor();
    expect(moderatorLink).toContain('#token=');

    // Moderator 1 opens the console; the token leaves the address bar.
    const moderator = await device(LAPTOP);
    await moderator.goto(moderatorLink);
    await moderator.getByRole('heading', { level: 1, name: 'Town hall 2027' }).waitFor();
    expect(moderator.url()).not.toContain('token');
    await moderator.getByRole('button', { name: 'Add question' }).click();
    const questionField = moderator.getByLabel('Question', { exact: true });
    await questionField.pressSequentially('should the budget go?');
    await moderator.getByRole('button', { name: 'Add option' }).click();
    await moderator.getByRole('textbox', { name: 'Option 1', exact: true }).fill(options[0]!);
    await moderator.getByRole('textbox', { name: 'Option 2', exact: true }).fill(options[1]!);

    // Moderator 2, in another browser, sees the typing live and writes the third option.
    const coModerator = await device(LAPTOP);
    await coModerator.goto(moderatorLink);
    const coQuestionField = coModerator.getByLabel('Question', { exact: true });
    await expect.poll(() => coQuestionField.inputValue()).toBe('should the budget go?');
    await expect.poll(() => coModerator.getByRole('textbox', { name: 'Option 2', exact: true }).inputValue()).toBe(options[1]);

    // Both type in the same field: moderator 1's caret stays before "budget" while text lands before it.
    await questionField.click();
    await questionField.press('Home');
    for (let step = 0; step < 'should the '.length; step++) await questionField.press('ArrowRight');
    await coQuestionField.click();
    await coQuestionField.press('Home');
    await coModerator.keyboard.type('Where ');
    await expect.poll(() => questionField.inputValue()).toBe('Where should the budget go?');
    await moderator.keyboard.type('extra ');
    await expect.poll(() => coQuestionField.inputValue()).toBe(question);
    expect(await questionField.inputValue()).toBe(question);
    await coModerator.getByRole('textbox', { name: 'Option 3', exact: true }).pressSequentially(options[2]!);
    await expect.poll(() => moderator.getByRole('textbox', { name: 'Option 3', exact: true }).inputValue()).toBe(options[2]);
    await moderator.getByText('Moderator 2', { exact: true }).waitFor();
    await coModerator.getByText('Moderator 1', { exact: true }).waitFor();

    // The projector shows the join code until a question opens.
    const projector = await device(PROJECTOR);
    await projector.goto(screenLink);
    await projector.getByRole('img', { name: `QR code to join session ${code}` }).waitFor();
    await projector.getByRole('heading', { level: 1, name: 'Town hall 2027' }).waitFor();

    await moderator.getByRole('button', { name: 'Open voting' }).click();
    await moderator.getByRole('button', { name: 'Close voting' }).waitFor();
    await projector.getByRole('heading', { level: 1, name: question }).waitFor();
    expect(await questionField.isEditable()).toBe(false);

    // Three phones: one types the code on /join (lower case, with a space), two follow the link.
    const phones: Page[] = [];
    for (let index = 0; index < 3; index++) {
      const phone = await device(SMALL_PHONE);
      if (index === 0) {
        await phone.goto(`${server.url}/join`);
        await phone.getByLabel('Session code').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
        await phone.getByRole('button', { name: 'Join' }).click();
        await phone.waitForURL(`**/join/${code}`);
      } else {
        await phone.goto(`${server.url}/join/${code}`);
      }
      await phone.getByRole('heading', { level: 2, name: question }).waitFor();
      phones.push(phone);
    }

    const choices = [options[0]!, options[1]!, options[0]!];
    for (const [index, phone] of phones.entries()) {
      const button = phone.getByRole('button', { name: choices[index] });
      await button.click();
      await phone.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
      expect(await button.getAttribute('aria-pressed')).toBe('true');
    }

    await expect.poll(() => resultCells(projector, options[0]!)).toEqual(['2', '67%']);
    await expect.poll(() => resultCells(projector, options[1]!)).toEqual(['1', '33%']);
    await expect.poll(() => resultCells(projector, options[2]!)).toEqual(['0', '0%']);
    await projector.getByText('3 votes', { exact: true }).waitFor();
    await moderator.getByText('3 of 3 voted').waitFor();

    if (process.env.PNYX_SCREENSHOT) await projector.screenshot({ path: SCREENSHOT });

    // A phone that loses the network keeps its change and sends it when it is back; it counts once.
    const wanderer = phones[1]!;
    await wanderer.context().setOffline(true);
    await wanderer.getByText('Reconnecting…').waitFor();
    await wanderer.getByRole('button', { name: options[2] }).click();
    await wanderer.getByRole('status').filter({ hasText: 'Will be sent when you are back online' }).waitFor();
    await wanderer.context().setOffline(false);
    await wanderer.getByRole('status').filter({ hasText: 'Vote received' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => resultCells(projector, options[1]!)).toEqual(['0', '0%']);
    await expect.poll(() => resultCells(projector, options[2]!)).toEqual(['1', '33%']);
    await projector.getByText('3 votes', { exact: true }).waitFor();

    // A reload is the same voter, with its choice still marked.
    await phones[0]!.reload();
    await phones[0]!.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    expect(await phones[0]!.getByRole('button', { name: options[0] }).getAttribute('aria-pressed')).toBe('true');

    // Closing: every phone says so and keeps showing its choice.
    await moderator.getByRole('button', { name: 'Close voting' }).click();
    await moderator.getByRole('button', { name: 'Reopen voting' }).waitFor();
    for (const [index, phone] of phones.entries()) {
      await phone.getByRole('status').filter({ hasText: 'Voting is closed' }).waitFor();
      const chosen = phone.getByRole('button', { name: index === 1 ? options[2] : choices[index] });
      expect(await chosen.getAttribute('aria-pressed')).toBe('true');
      expect(await chosen.isDisabled()).toBe(true);
    }
    await projector.getByText('Voting is closed').waitFor();
    await expect.poll(() => resultCells(projector, options[0]!)).toEqual(['2', '67%']);
    expect(pageErrors).toEqual([]);
  });
});

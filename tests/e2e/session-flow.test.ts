import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { LAPTOP, PROJECTOR, SMALL_PHONE, useChromium } from '../utils/browser.js';
import { createSession } from '../utils/clients.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * A timed agenda in real Chromium: two moderators write it together (typing in the same field, one moving a
 * phase while the other types in it), take a template, and drive it; a phone whose clock is seven minutes
 * fast and the projector follow each phase and show the same second; pause freezes them; a late joiner lands
 * in the running phase at the running second. Everything is found by role and accessible name.
 */

const { server } = useTestServer({ web: true });
const chromium = useChromium();
const { pageErrors } = chromium;

const MINUTE = 60_000;

/**
 * A page in its own browser context (its own storage and connection, like a separate device). With
 * `clockOffsetMs`, the device's clock is that far off: Date, timers and performance are Playwright's
 * fake clock, set off and then left running at the real pace.
 */
async function device(options: BrowserContextOptions, clockOffsetMs = 0): Promise<Page> {
  const page = await chromium.device(options);
  if (clockOffsetMs !== 0) {
    await page.clock.install({ time: Date.now() + clockOffsetMs });
    await page.clock.resume();
  }
  return page;
}

/** The countdown as a number of seconds: "01:58" is 118, "+00:03" (over time) is −3. */
async function secondsLeft(page: Page): Promise<number> {
  const reading = (await page.getByRole('timer', { name: 'Time left' }).innerText()).trim();
  const match = /^(\+)?(?:(\d+):)?(\d{2}):(\d{2})$/.exec(reading);
  if (!match) throw new Error(`unexpected countdown reading "${reading}"`);
  const [, over, hours = '0', minutes, seconds] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return over ? -total : total;
}

/** Reads every page's countdown at the same moment; they may differ by one second at most (a flip between reads). */
async function sameSecond(pages: Page[]): Promise<number> {
  const readings = await Promise.all(pages.map(secondsLeft));
  expect(Math.max(...readings) - Math.min(...readings), `readings ${readings.join(', ')}`).toBeLessThanOrEqual(1);
  return Math.min(...readings);
}

/** The polite announcement of a countdown state ("Paused", "Last minute", "Time is up"). */
function timerState(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: text });
}

function phase(page: Page, number: number) {
  return page.getByRole('article', { name: `Phase ${number}`, exact: true });
}

async function resultCells(page: Page, label: string): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Votes per option' });
  return table.getByRole('row', { name: label }).getByRole('cell').allInnerTexts();
}

describe('a session flow in the browser', () => {
  it('two moderators prepare and drive a timed agenda; phones and the projector follow', { timeout: 180_000 }, async () => {
    const session = await createSession(server.url, 'Town hall 2027');

    // Two moderators open the console (one onsite, one online).
    const alice = await device(LAPTOP);
    const bob = await device(LAPTOP);
    for (const moderator of [alice, bob]) {
      await moderator.goto(session.urls.moderate);
      await moderator.getByRole('heading', { level: 1, name: 'Town hall 2027' }).waitFor();
    }
    await expect.poll(() => alice.getByRole('button', { name: 'Add phase' }).isEnabled()).toBe(true);
    await alice.getByText('Moderator 2', { exact: true }).waitFor();

    // Alice adds a discussion; both type in its title at the same time, at both ends: nothing is lost.
    await alice.getByLabel('New phase').selectOption({ label: 'Discussion' });
    await alice.getByRole('button', { name: 'Add phase' }).click();
    const aliceTitle = alice.getByLabel('Title of phase 1', { exact: true });
    const bobTitle = bob.getByLabel('Title of phase 1', { exact: true });
    await expect.poll(() => bobTitle.inputValue()).toBe('Discussion');
    await aliceTitle.click();
    await aliceTitle.press('End');
    await bobTitle.click();
    await bobTitle.press('Home');
    await Promise.all([alice.keyboard.type(' at the tables', { delay: 30 }), bob.keyboard.type('Open ', { delay: 30 })]);
    const title = 'Open Discussion at the tables';
    await expect.poll(() => aliceTitle.inputValue()).toBe(title);
    await expect.poll(() => bobTitle.inputValue()).toBe(title);

    // Bob adds a welcome; then he types the discussion's prompt while Alice moves the welcome first.
    await bob.getByLabel('New phase').selectOption({ label: 'Information' });
    await bob.getByRole('button', { name: 'Add phase' }).click();
    await bob.keyboard.type('Welcome'); // the new title field has the focus, its default text selected
    await expect.poll(() => alice.getByLabel('Title of phase 2', { exact: true }).inputValue()).toBe('Welcome');
    const prompt = 'What matters most to you, and why?';
    await bob.getByLabel('Prompt for the tables of phase 1', { exact: true }).click();
    const typing = bob.keyboard.type(prompt, { delay: 40 });
    await expect.poll(() => alice.getByLabel('Prompt for the tables of phase 1', { exact: true }).inputValue()).toMatch(/^What m/);
    await phase(alice, 2).getByRole('button', { name: 'Move up' }).click();
    await typing;
    for (const moderator of [alice, bob]) {
      await expect.poll(() => moderator.getByLabel('Title of phase 1', { exact: true }).inputValue()).toBe('Welcome');
      await expect.poll(() => moderator.getByLabel('Title of phase 2', { exact: true }).inputValue()).toBe(title);
      await expect.poll(() => moderator.getByLabel('Prompt for the tables of phase 2', { exact: true }).inputValue()).toBe(prompt);
    }

    // Bob appends a template (the agenda is not empty, so he confirms); Alice makes the discussion 2 minutes.
    await bob.getByLabel('Start from a template').selectOption({ label: '45-minute conference session' });
    await bob.getByRole('button', { name: 'Use template' }).click();
    await bob.getByRole('button', { name: 'Add 5 phases' }).click();
    await phase(alice, 7).waitFor();
    const minutes = alice.getByLabel('Duration (minutes) of phase 2', { exact: true });
    await minutes.fill('2');
    await minutes.press('Enter');
    await expect.poll(() => bob.getByLabel('Duration (minutes) of phase 2', { exact: true }).inputValue()).toBe('2');
    // The template's question shows its results on the projector only once voting closes.
    await alice.getByRole('radio', { name: 'After voting closes' }).check();

    // The projector and a phone whose clock is 7 minutes fast wait for the first phase.
    const projector = await device(PROJECTOR);
    await projector.goto(session.urls.screen);
    await projector.getByRole('img', { name: `QR code to join session ${session.code}` }).waitFor();
    const phone = await device(SMALL_PHONE, 7 * MINUTE);
    await phone.goto(session.urls.join);
    expect((await phone.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(6.9 * MINUTE);
    await phone.getByRole('status').filter({ hasText: 'Waiting for the moderator…' }).waitFor();

    // Next phase twice: everyone is in the discussion, its timer set and stopped until Alice starts it.
    await alice.getByRole('button', { name: 'Next phase' }).click();
    await phone.getByRole('heading', { level: 2, name: 'Welcome' }).waitFor();
    await projector.getByRole('heading', { level: 1, name: 'Welcome' }).waitFor();
    await alice.getByRole('button', { name: 'Next phase' }).click();
    await phone.getByRole('heading', { level: 2, name: title }).waitFor();
    await projector.getByRole('heading', { level: 1, name: title }).waitFor();
    await phone.getByText(prompt).waitFor();
    expect(await sameSecond([alice, phone, projector])).toBe(120);
    await alice.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => secondsLeft(phone)).toBeLessThan(120);
    const running = await sameSecond([alice, phone, projector]);
    expect(running).toBeGreaterThan(100);

    // Pause freezes every screen on one value.
    await alice.getByRole('button', { name: 'Pause' }).click();
    for (const page of [alice, phone, projector]) await timerState(page, 'Paused').waitFor();
    const paused = await sameSecond([alice, phone, projector]);
    await phone.waitForTimeout(2_000);
    expect(await Promise.all([alice, phone, projector].map(secondsLeft))).toEqual([paused, paused, paused]);

    // A minute more shows everywhere; resuming counts down again, still in step.
    await alice.getByRole('button', { name: '+1 min' }).click();
    for (const page of [alice, phone, projector]) await expect.poll(() => secondsLeft(page)).toBe(paused + 60);
    await alice.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => secondsLeft(projector)).toBeLessThan(paused + 60);
    await expect.poll(() => timerState(phone, 'Paused').count()).toBe(0);
    expect(await sameSecond([alice, phone, projector])).toBeGreaterThan(paused);

    // Two minutes off: the last minute; one more: time is up (the moderator decides what comes next).
    await alice.getByRole('button', { name: '−1 min' }).click();
    await alice.getByRole('button', { name: '−1 min' }).click();
    for (const page of [alice, phone, projector]) await timerState(page, 'Last minute').waitFor();
    expect(await sameSecond([alice, phone, projector])).toBeLessThanOrEqual(60);
    await alice.getByRole('button', { name: '−1 min' }).click();
    for (const page of [alice, phone, projector]) await timerState(page, 'Time is up').waitFor();
    expect(await sameSecond([alice, phone, projector])).toBeLessThanOrEqual(0);
    await projector.getByRole('heading', { level: 1, name: title }).waitFor();

    // Next phase moves everyone on.
    await alice.getByRole('button', { name: 'Next phase' }).click();
    await phone.getByText('Information · 3 of 7').waitFor();
    await projector.getByText('Phase 3 of 7 · Information').waitFor();

    // Bob jumps to the vote and starts it: the phone gets the ballot, the projector hides the counts.
    await phase(bob, 6).getByRole('button', { name: 'Go to this phase' }).click();
    const question = 'Which option should we pursue?';
    await phone.getByRole('heading', { level: 3, name: question }).waitFor();
    await projector.getByRole('heading', { level: 2, name: question }).waitFor();
    await bob.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => secondsLeft(projector)).toBeLessThan(300);
    await phone.getByRole('button', { name: 'Option B' }).click();
    await phone.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();
    await projector.getByText('Results will be shown when voting closes').waitFor();
    await projector.getByText('1 vote so far').waitFor();
    await alice.getByText('1 connected').waitFor();

    // A late joiner (its clock 3 minutes slow, joining online) lands in the vote, at the running second.
    const late = await device(SMALL_PHONE, -3 * MINUTE);
    await late.goto(`${session.urls.join}?channel=online`);
    expect((await late.evaluate(() => Date.now())) - Date.now()).toBeLessThan(-2.9 * MINUTE);
    await late.getByRole('heading', { level: 3, name: question }).waitFor();
    const left = await sameSecond([late, projector, phone]);
    expect(left).toBeGreaterThan(250);
    expect(left).toBeLessThan(300);
    await alice.getByText('(onsite 1, online 1)').waitFor();

    // The results phase closes the vote: the projector reveals the counts, the phone shows them too.
    await alice.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => resultCells(projector, 'Option B')).toEqual(['1', '100%']);
    await expect.poll(() => resultCells(phone, 'Option B')).toEqual(['1', '100%']);
    await projector.getByText('Voting is closed').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('exports an agenda as JSON and imports it into another session; a bad file is refused', { timeout: 60_000 }, async () => {
    const first = await createSession(server.url, 'Café débat 2027');
    const moderator = await device(LAPTOP);
    await moderator.goto(first.urls.moderate);
    await expect.poll(() => moderator.getByRole('button', { name: 'Use template' }).isEnabled()).toBe(true);
    await moderator.getByLabel('Start from a template').selectOption({ label: "Citizens' dialogue" });
    await moderator.getByRole('button', { name: 'Use template' }).click();
    await phase(moderator, 8).waitFor();
    await moderator.getByLabel('Title of phase 1', { exact: true }).fill('Bienvenue');

    const [download] = await Promise.all([
      moderator.waitForEvent('download'),
      moderator.getByRole('button', { name: 'Export agenda' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cafe-debat-2027-agenda.json');
    const file = await readFile((await download.path())!);
    const agenda = JSON.parse(file.toString('utf8')) as { format: string; phases: { title: string }[] };
    expect(agenda.format).toBe('pnyx-agenda');
    expect(agenda.phases.map((entry) => entry.title)[0]).toBe('Bienvenue');
    expect(agenda.phases).toHaveLength(8);

    const second = await createSession(server.url, 'Second session');
    const other = await device(LAPTOP);
    await other.goto(second.urls.moderate);
    const importField = other.getByLabel('Import an agenda (JSON)');
    await expect.poll(() => importField.isEnabled()).toBe(true);
    await importField.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"pnyx-agenda"}') });
    await other.getByRole('alert').filter({ hasText: '“notes.json” is not a pnyx agenda' }).waitFor();
    await importField.setInputFiles({ name: 'agenda.json', mimeType: 'application/json', buffer: file });
    await other.getByRole('status').filter({ hasText: 'Added 8 phases and 2 questions from “agenda.json”.' }).waitFor();
    expect(await other.getByLabel('Title of phase 1', { exact: true }).inputValue()).toBe('Bienvenue');
    await phase(other, 8).waitFor();
    // The questions came along, each named by the vote phases that open them.
    expect(await phase(other, 4).getByRole('checkbox', { name: 'What is your view on the question of the day?' }).isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

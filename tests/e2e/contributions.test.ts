import { expect, it } from 'vitest';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { createSession, request } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, writePhase } from '../utils/moderator-doc.js';
import { connectModerator } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Contributions in real Chromium, found by role and accessible name: in a Q&A phase a phone posts a
 * proposal, which waits for the moderator; the moderator approves and spotlights it from the console; the
 * projector shows it large, and the phone's upvote reaches it.
 */

const fixture = useTestServer({ web: true });
const { server, docs } = fixture;
const { pageErrors, device } = useChromium();

it('a phone posts, the moderator approves and spotlights, the projector shows it with its upvotes', async () => {
  const session = await createSession(server.url, 'Town hall');
  // The agenda: one Q&A phase, entered (the console's agenda editor has its own tests).
  const editor = await openModeratorDoc(server.url, session.id, session.moderatorToken);
  docs.push(editor);
  writePhase(editor.doc, { kind: 'qna', title: 'Your questions', text: '', durationMs: 10 * 60_000 });
  const driver = await connectModerator(fixture, session);
  await eventually(async () => (await request(driver, 'phase:go', { to: 'next' })).ok, 'the server to see the agenda');

  const [phone, console, projector] = await Promise.all([device(PHONE), device(LAPTOP), device(PROJECTOR)]);
  await Promise.all([phone.goto(session.urls.join), console.goto(session.urls.moderate), projector.goto(session.urls.screen)]);

  const text = 'Publish every table’s notes <b>before</b> the vote';
  await phone.getByLabel('Kind').selectOption({ label: 'Proposal' });
  await phone.getByLabel('Your proposal').fill(text);
  await phone.getByRole('button', { name: 'Post', exact: true }).click();
  await expect.poll(() => phone.getByRole('status').filter({ hasText: 'once a moderator approves it' }).count()).toBe(1);
  const list = phone.getByRole('list', { name: 'Contributions of the room' });
  const mine = list.getByRole('listitem').filter({ hasText: text });
  await expect.poll(() => mine.innerText()).toContain('Waiting for the moderator');

  const queue = console.getByRole('list', { name: 'Waiting for approval' });
  await queue.getByRole('button', { name: `Approve: ${text}` }).click();
  await console.getByRole('list', { name: 'Shown to the room' }).getByRole('button', { name: `Spotlight: ${text}` }).click();
  await expect
    .poll(() => console.getByRole('button', { name: `Spotlight: ${text}` }).getAttribute('aria-pressed'))
    .toBe('true');

  // Text is shown as text: the tags are visible characters, never markup.
  const spotlight = projector.getByRole('figure');
  await expect.poll(() => spotlight.innerText(), { timeout: 10_000 }).toContain(text);
  expect(await spotlight.innerText()).toContain('0 upvotes');
  expect(await projector.locator('b').count()).toBe(0);

  const upvote = phone.getByRole('button', { name: `Upvote: ${text}` });
  expect(await upvote.getAttribute('aria-pressed')).toBe('false');
  await upvote.click();
  await expect.poll(() => upvote.getAttribute('aria-pressed')).toBe('true');
  await expect.poll(() => spotlight.innerText()).toContain('1 upvote');
  await expect.poll(() => mine.innerText()).not.toContain('Waiting for the moderator');
  expect(pageErrors).toEqual([]);
});

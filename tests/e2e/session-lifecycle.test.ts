import { describe, expect, it } from 'vitest';
import { LAPTOP, PHONE, PROJECTOR, useChromium } from '../utils/browser.js';
import { openQuestion, roomWithTables } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * The end of a session in real Chromium against the built web app: the moderator ends it from the console,
 * the phone thanks its attendee instead of offering the vote, the projector says it ended; then the moderator
 * deletes it and lands on the home page, and the phone hears the session is gone. Everything is found by role
 * and accessible name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

const TITLE = 'Neighbourhood assembly';
const QUESTION = 'Should the square be car-free?';

describe('the end of a session', () => {
  it('is ended from the console, thanks the phones, and is deleted for good', { timeout: 60_000 }, async () => {
    const room = await roomWithTables(fixture, 1, { title: TITLE });
    await openQuestion(room, { text: QUESTION, labels: ['Yes', 'No'] });

    const phone = await device(PHONE);
    await phone.goto(`${server.url}/join/${room.session.code}`);
    const ballot = phone.getByRole('region', { name: QUESTION });
    await ballot.getByRole('button', { name: 'Yes' }).click();
    await ballot.getByRole('status').filter({ hasText: 'Vote received' }).waitFor();

    const projector = await device(PROJECTOR);
    await projector.goto(`${server.url}/screen/${room.session.code}`);
    await projector.getByRole('heading', { name: QUESTION }).waitFor();

    const moderator = await device(LAPTOP);
    await moderator.goto(room.session.urls.moderate);
    await moderator.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    // Ending asks first; keeping it running changes nothing.
    await moderator.getByRole('button', { name: 'End session' }).click();
    await moderator.getByRole('button', { name: 'Keep it running' }).click();
    await moderator.getByRole('button', { name: 'End session' }).click();
    await moderator.getByRole('group', { name: 'End the session?' }).getByRole('button', { name: 'Yes, end session' }).click();
    const ended = moderator.getByRole('region', { name: 'This session has ended' });
    await ended.waitFor();
    await moderator.getByRole('button', { name: 'Next phase' }).waitFor({ state: 'detached' });

    await phone.getByRole('status').filter({ hasText: 'This session has ended. Thank you for taking part.' }).waitFor();
    await ballot.waitFor({ state: 'detached' });
    expect(await phone.getByRole('button', { name: 'Yes' }).count()).toBe(0);
    await projector.getByText('Session ended', { exact: true }).waitFor();
    await projector.getByRole('heading', { name: QUESTION }).waitFor();

    // Deleting asks a second time, then leaves for the home page, which says so.
    await ended.getByRole('button', { name: 'Delete session…' }).click();
    await ended.getByRole('group', { name: 'Delete the session?' }).getByRole('button', { name: 'Yes, delete for good' }).click();
    await moderator.waitForURL(`${server.url}/`);
    await moderator.getByRole('status').filter({ hasText: `The session “${TITLE}” was deleted` }).waitFor();
    await moderator.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();
    expect((await server.store.listSessions()).map(({ id }) => id)).not.toContain(room.session.id);
    expect(await moderator.evaluate((id) => localStorage.getItem(`pnyx:moderator:${id}`), room.session.id)).toBeNull();

    // The phone is let go and, joining again, hears the session is gone.
    await phone.getByRole('alert').filter({ hasText: 'There is no session with this code or id.' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});

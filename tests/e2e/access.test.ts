import { describe, expect, it } from 'vitest';
import { LAPTOP, PHONE, useChromium } from '../utils/browser.js';
import { createSession, expectOk, request } from '../utils/clients.js';
import { connectModerator } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Access in real Chromium: the console hands out a co-moderator link and revokes it, replaces its own link,
 * and sets a join PIN that a phone is asked for. Found by role and accessible name.
 */

const fixture = useTestServer({ web: true });
const { server } = fixture;
const { pageErrors, device } = useChromium();

const TITLE = 'Budget assembly';

describe('access to a session', () => {
  it('gives a co-moderator a link, revokes it, and replaces the moderator\'s own link', { timeout: 60_000 }, async () => {
    const session = await createSession(server.url, TITLE);
    const owner = await device(LAPTOP);
    await owner.goto(session.urls.moderate);
    await owner.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const access = owner.getByRole('region', { name: 'Access' });

    await access.getByLabel('Co-moderator').fill('Online moderator');
    await access.getByRole('button', { name: 'Create link' }).click();
    const made = access.getByRole('status').filter({ hasText: 'Link for Online moderator' });
    const link = (await made.locator('code').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`/moderate/${session.id}#token=`));

    const coModerator = await device(LAPTOP);
    await coModerator.goto(link);
    await coModerator.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The co-moderator's console lists both links and says which one is theirs.
    await coModerator.getByRole('region', { name: 'Access' }).getByText('(you)').waitFor();

    await access.getByRole('button', { name: 'Revoke Online moderator' }).click();
    await access.getByRole('group', { name: 'Revoke the link of Online moderator?' }).getByRole('button', { name: 'Yes, revoke' }).click();
    await coModerator.getByRole('heading', { level: 1, name: 'Could not open the console' }).waitFor();
    await coModerator.getByRole('alert').filter({ hasText: 'This moderator link does not open the session' }).waitFor();
    await access.getByRole('button', { name: 'Revoke Online moderator' }).waitFor({ state: 'detached' });

    // Replacing one's own link: the console starts again with the new one, the old link opens nothing.
    await access.getByRole('button', { name: 'Replace my link…' }).click();
    await access.getByRole('group', { name: 'Replace your moderator link?' }).getByRole('button', { name: 'Yes, replace it' }).click();
    await owner.waitForEvent('load');
    await owner.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const stale = await device(LAPTOP);
    await stale.goto(session.urls.moderate);
    await stale.getByRole('alert').filter({ hasText: 'This moderator link does not open the session' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('asks newcomers for the join PIN the console set', { timeout: 60_000 }, async () => {
    const session = await createSession(server.url, TITLE);
    const owner = await device(LAPTOP);
    await owner.goto(session.urls.moderate);
    const access = owner.getByRole('region', { name: 'Access' });
    await access.getByText('Off: the join code alone lets people in.').waitFor();
    await access.getByLabel('New PIN').fill('4821');
    await access.getByRole('button', { name: 'Set PIN' }).click();
    await access.getByRole('status').filter({ hasText: 'Newcomers need the PIN 4821' }).waitFor();
    // The table sheets, which lie in the room, carry it.
    expectOk(await request(await connectModerator(fixture, session), 'tables:add', { count: 1 }));
    const sheets = await owner.context().newPage();
    await sheets.goto(`${server.url}/moderate/${session.id}/tables`);
    await sheets.getByRole('region', { name: 'Table 1' }).getByText('PIN 4821').waitFor();
    await sheets.close();

    const phone = await device(PHONE);
    await phone.goto(`${server.url}/join/${session.code}`);
    await phone.getByRole('heading', { level: 1, name: 'Enter the PIN' }).waitFor();
    await phone.getByLabel('PIN').fill('1234');
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByRole('alert').filter({ hasText: 'This PIN is not the session\'s PIN.' }).waitFor();
    await phone.getByLabel('PIN').fill('4821');
    await phone.getByRole('button', { name: 'Join' }).click();
    await phone.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // Back later, the phone is known: no PIN asked.
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    await access.getByRole('button', { name: 'Turn the PIN off' }).click();
    await access.getByText('Off: the join code alone lets people in.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

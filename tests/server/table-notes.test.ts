import { describe, expect, it } from 'vitest';
import { TABLE_NOTES_LIMITS, tableNotesDocumentName, tableNotesText, type TableNotesUpdate } from '@pnyx/shared';
import { connect, createSession, expectOk, request, type CreatedSession, type TestSocket } from '../utils/clients.js';
import { eventually } from '../utils/eventually.js';
import { openModeratorDoc, yjsUpgradeStatus, type ModeratorDoc } from '../utils/moderator-doc.js';
import { connectModerator, joinAsModerator } from '../utils/rooms.js';
import { useTestServer } from '../utils/test-server.js';

/**
 * Table notes against a real server with real Yjs clients over WebSocket: members of a table co-edit, no
 * one else gets in, a move cuts the old table off at once, and moderators and the projector read the text
 * over Socket.IO.
 */

const fixture = useTestServer();
const { server, sockets, docs } = fixture;

interface Room {
  session: CreatedSession;
  moderator: TestSocket;
}

async function roomWithTables(count: number): Promise<Room> {
  const session = await createSession(server.url);
  const moderator = await connectModerator(fixture, session);
  expectOk(await request(moderator, 'tables:add', { count }));
  return { session, moderator };
}

/** A phone seated at a table; its token is the one the page keeps in localStorage. */
async function phoneAt(room: Room, tableId: string) {
  const socket = await connect(server.url, sockets);
  const joined = expectOk(await request(socket, 'session:join', { code: room.session.code, tableId }));
  return { participantId: joined.participantId, token: joined.participantToken };
}

/** A synced Yjs client of a table's notes, as a phone or the console holds it (the helper takes any document name). */
async function openNotes(room: Room, tableId: string, token: string): Promise<ModeratorDoc> {
  const notes = await openModeratorDoc(server.url, tableNotesDocumentName(room.session.id, tableId), token);
  docs.push(notes);
  return notes;
}

const textOf = (notes: ModeratorDoc) => tableNotesText(notes.doc).toString();

/** The HTTP status the upgrade to a table's notes gets (101 when it is accepted). */
const upgradeStatus = (room: Room, tableId: string, token: string) =>
  yjsUpgradeStatus(server.url, tableNotesDocumentName(room.session.id, tableId), token);

/** The close code the server ends a client's connection with. */
function closedWith(notes: ModeratorDoc): Promise<number> {
  return new Promise((resolve) => notes.provider.once('closed', ({ code }) => resolve(code)));
}

/** Notes updates a Socket.IO client receives, by table. */
function notesReceived(socket: TestSocket): Map<string, string> {
  const received = new Map<string, string>();
  socket.on('notes:update', ({ tableId, text }: TableNotesUpdate) => received.set(tableId, text));
  return received;
}

describe('table notes', () => {
  it('lets two members of a table type at once and converge, with awareness only among them', async () => {
    const room = await roomWithTables(2);
    const alice = await phoneAt(room, 't1');
    const bob = await phoneAt(room, 't1');
    const aliceNotes = await openNotes(room, 't1', alice.token);
    const bobNotes = await openNotes(room, 't1', bob.token);

    // Both type before either hears of the other: a real conflict for the CRDT.
    tableNotesText(aliceNotes.doc).insert(0, 'Alice: more trees. ');
    tableNotesText(bobNotes.doc).insert(0, 'Bob: fewer cars. ');
    aliceNotes.provider.awareness.setLocalStateField('user', { name: 'Alice' });

    await eventually(() => textOf(aliceNotes) === textOf(bobNotes) && textOf(aliceNotes).length > 20, 'both phones to converge');
    expect(textOf(aliceNotes)).toContain('Alice: more trees. ');
    expect(textOf(aliceNotes)).toContain('Bob: fewer cars. ');
    await eventually(
      () => [...bobNotes.provider.awareness.getStates().values()].some((state) => state.user?.name === 'Alice'),
      'Bob to see that Alice is editing',
    );

    const other = await phoneAt(room, 't2');
    const otherNotes = await openNotes(room, 't2', other.token);
    expect(textOf(otherNotes)).toBe('');
    expect([...otherNotes.provider.awareness.getStates().values()].some((state) => state.user)).toBe(false);
  });

  it('keeps what a phone typed offline and shares it once the phone is back', async () => {
    const room = await roomWithTables(1);
    const online = await openNotes(room, 't1', (await phoneAt(room, 't1')).token);
    const offline = await openNotes(room, 't1', (await phoneAt(room, 't1')).token);
    offline.provider.disconnect();
    tableNotesText(offline.doc).insert(0, 'Typed in the basement. ');
    tableNotesText(online.doc).insert(0, 'Typed upstairs.');
    // Let the online edit reach the server: the offline phone must get it on reconnect, not before.
    const check = await openNotes(room, 't1', room.session.moderatorToken);
    await eventually(() => textOf(check) === 'Typed upstairs.', 'the server to have the online edit');
    expect(textOf(offline)).toBe('Typed in the basement. ');

    offline.provider.connect();
    await eventually(() => textOf(online) === textOf(offline) && textOf(online).length === 38, 'the phones to converge after reconnecting');
    expect(textOf(online)).toContain('Typed in the basement. ');
    expect(textOf(online)).toContain('Typed upstairs.');
  });

  it('refuses a member of another table and a stranger, and a refused client changes nothing', async () => {
    const room = await roomWithTables(2);
    const member = await phoneAt(room, 't1');
    const elsewhere = await phoneAt(room, 't2');
    const memberNotes = await openNotes(room, 't1', member.token);
    tableNotesText(memberNotes.doc).insert(0, 'Our table only');

    expect(await upgradeStatus(room, 't1', elsewhere.token)).toBe(403);
    expect(await upgradeStatus(room, 't1', 'not-a-token-of-this-session')).toBe(401);
    expect(await upgradeStatus(room, 't1', '')).toBe(401);
    expect(await upgradeStatus(room, 't9', member.token)).toBe(403);
    // The session's own document stays the moderators'.
    expect(await yjsUpgradeStatus(server.url, room.session.id, member.token)).toBe(401);
    // A malformed escape in the path names no document: refused, not a server error.
    expect(await yjsUpgradeStatus(server.url, '%E0%A4%A', member.token)).toBe(401);

    // A member whose client breaks the layout or the length limit is cut off; nothing of it is kept.
    const crafted = await openNotes(room, 't1', member.token);
    const refusedLayout = closedWith(crafted);
    crafted.doc.getMap('elsewhere').set('payload', 'x'.repeat(1000));
    expect(await refusedLayout).toBe(4413);
    const tooLong = await openNotes(room, 't1', member.token);
    const refusedLength = closedWith(tooLong);
    tableNotesText(tooLong.doc).insert(0, 'x'.repeat(TABLE_NOTES_LIMITS.hardMaxLength + 1));
    expect(await refusedLength).toBe(4413);

    const moderatorNotes = await openNotes(room, 't1', room.session.moderatorToken);
    expect(textOf(moderatorNotes)).toBe('Our table only');
    expect([...moderatorNotes.doc.share.keys()]).toEqual(['notes']);
  });

  it('lets a moderator read and write every table', async () => {
    const room = await roomWithTables(2);
    const first = await openNotes(room, 't1', (await phoneAt(room, 't1')).token);
    const second = await openNotes(room, 't2', (await phoneAt(room, 't2')).token);
    tableNotesText(first.doc).insert(0, 'Table 1 notes');
    tableNotesText(second.doc).insert(0, 'Table 2 notes');

    const moderatorFirst = await openNotes(room, 't1', room.session.moderatorToken);
    const moderatorSecond = await openNotes(room, 't2', room.session.moderatorToken);
    await eventually(() => textOf(moderatorFirst) === 'Table 1 notes' && textOf(moderatorSecond) === 'Table 2 notes', 'the moderator to read both');
    tableNotesText(moderatorSecond.doc).insert(0, 'Moderator: ');
    await eventually(() => textOf(second) === 'Moderator: Table 2 notes', 'the table to see the moderator’s edit');
  });

  it('cuts a moved participant off the old table at once and lets them into the new one', async () => {
    const room = await roomWithTables(2);
    const mover = await phoneAt(room, 't1');
    const stayer = await phoneAt(room, 't1');
    const moverNotes = await openNotes(room, 't1', mover.token);
    const stayerNotes = await openNotes(room, 't1', stayer.token);
    tableNotesText(stayerNotes.doc).insert(0, 'Before the move');
    await eventually(() => textOf(moverNotes) === 'Before the move', 'the mover to see the notes');

    const cutOff = closedWith(moverNotes);
    expectOk(await request(room.moderator, 'participant:move', { participantId: mover.participantId, tableId: 't2' }));
    expect(await cutOff).toBe(4403);

    // Nothing written after the move reaches the old table, and the old table's news no longer reach the mover.
    tableNotesText(moverNotes.doc).insert(0, 'Written after the move. ');
    tableNotesText(stayerNotes.doc).insert(textOf(stayerNotes).length, ', and after.');
    const check = await openNotes(room, 't1', room.session.moderatorToken);
    await eventually(() => textOf(check) === 'Before the move, and after.', 'the old table to keep its own notes');
    expect(textOf(moverNotes)).toBe('Written after the move. Before the move');
    expect(await upgradeStatus(room, 't1', mover.token)).toBe(403);
    expect(await upgradeStatus(room, 't2', mover.token)).toBe(101);

    // Removing a table ends its connections too, moderators' included.
    const moderatorCut = closedWith(check);
    const stayerCut = closedWith(stayerNotes);
    expectOk(await request(room.moderator, 'table:remove', { tableId: 't1' }));
    expect(await Promise.all([moderatorCut, stayerCut])).toEqual([4403, 4403]);
  });

  it('closes the phones\' notes when the session ends; moderators keep theirs', async () => {
    const room = await roomWithTables(1);
    const member = await phoneAt(room, 't1');
    const memberNotes = await openNotes(room, 't1', member.token);
    const moderatorNotes = await openNotes(room, 't1', room.session.moderatorToken);
    tableNotesText(memberNotes.doc).insert(0, 'Our summary');
    await eventually(() => textOf(moderatorNotes) === 'Our summary', 'the moderator to see the notes');

    const cutOff = closedWith(memberNotes);
    expectOk(await request(room.moderator, 'session:end', {}));
    expect(await cutOff).toBe(4403);
    expect(await upgradeStatus(room, 't1', member.token)).toBe(403);
    tableNotesText(moderatorNotes.doc).insert(textOf(moderatorNotes).length, ', tidied');
    const check = await openNotes(room, 't1', room.session.moderatorToken);
    await eventually(() => textOf(check) === 'Our summary, tidied', 'the moderator\'s edit to be kept');
  });

  it('sends the text to moderators for every table and to projectors for the table shown', async () => {
    const room = await roomWithTables(2);
    const moderatorTexts = notesReceived(room.moderator);
    const screen = await connect(server.url, sockets);
    const screenTexts = notesReceived(screen);
    expectOk(await request(screen, 'screen:join', { code: room.session.code }));

    const first = await openNotes(room, 't1', (await phoneAt(room, 't1')).token);
    const second = await openNotes(room, 't2', (await phoneAt(room, 't2')).token);
    tableNotesText(first.doc).insert(0, 'Ideas of table 1');
    tableNotesText(second.doc).insert(0, 'Ideas of table 2');
    await eventually(
      () => moderatorTexts.get('t1') === 'Ideas of table 1' && moderatorTexts.get('t2') === 'Ideas of table 2',
      'the moderator to get both tables',
    );
    expect(screenTexts.size).toBe(0);

    expectOk(await request(room.moderator, 'screen:show', { mode: 'notes', tableId: 't2' }));
    await eventually(() => screenTexts.get('t2') === 'Ideas of table 2', 'the projector to get the shown table');
    tableNotesText(second.doc).insert(textOf(second).length, ', typed live');
    await eventually(() => screenTexts.get('t2') === 'Ideas of table 2, typed live', 'the projector to follow the typing');
    tableNotesText(first.doc).insert(0, 'Private: ');
    await eventually(() => moderatorTexts.get('t1') === 'Private: Ideas of table 1', 'the moderator to follow table 1');
    expect(screenTexts.has('t1')).toBe(false);

    // A projector joining late, and a moderator reconnecting, catch up at once.
    const lateScreen = await connect(server.url, sockets);
    const lateTexts = notesReceived(lateScreen);
    expectOk(await request(lateScreen, 'screen:join', { code: room.session.code }));
    await eventually(() => lateTexts.get('t2') === 'Ideas of table 2, typed live', 'the late projector to get the notes');
    const console = await connect(server.url, sockets);
    const consoleTexts = notesReceived(console);
    await joinAsModerator(console, room.session);
    await eventually(() => consoleTexts.size === 2, 'a reconnecting moderator to get every table');
    expect(lateTexts.has('t1')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TABLE_NOTES_LIMITS } from '@pnyx/shared';
import { tableNotesGuard } from '@pnyx/server/yjs/table-notes-guard';

/** The guard a table's notes document checks every update with, before the document applies it. */

/** A peer's document whose updates the server document receives through the guard, as SharedDocument does. */
function peerOf(server: Y.Doc, guard: (doc: Y.Doc, update: Uint8Array) => boolean) {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));
  const verdicts: boolean[] = [];
  peer.on('update', (update: Uint8Array) => {
    const accepted = guard(server, update);
    verdicts.push(accepted);
    if (accepted) Y.applyUpdate(server, update);
  });
  return { peer, verdicts };
}

describe('tableNotesGuard', () => {
  it('lets keystrokes through, refuses a foreign type and an overlong note, and goes on after a refusal', () => {
    const server = new Y.Doc();
    const guard = tableNotesGuard();
    const honest = peerOf(server, guard);
    const notes = honest.peer.getText('notes');
    for (const letter of 'Our table wants more trees') notes.insert(notes.length, letter);
    expect(honest.verdicts.every(Boolean)).toBe(true);

    // A refused peer is disconnected, so each attack comes from a fresh one.
    const foreign = peerOf(server, guard);
    foreign.peer.getMap('elsewhere').set('x', 1);
    const overlong = peerOf(server, guard);
    overlong.peer.getText('notes').insert(0, 'x'.repeat(TABLE_NOTES_LIMITS.hardMaxLength + 1));
    expect([foreign.verdicts, overlong.verdicts]).toEqual([[false], [false]]);
    expect([...server.share.keys()]).toEqual(['notes']);

    notes.insert(notes.length, '.');
    expect(honest.verdicts.at(-1)).toBe(true);
    expect(server.getText('notes').toString()).toBe('Our table wants more trees.');
  });

  it('forgets a malformed update that threw halfway, so the next honest keystroke is judged on the document', () => {
    const server = new Y.Doc();
    const guard = tableNotesGuard();
    const honest = peerOf(server, guard);
    const notes = honest.peer.getText('notes');
    notes.insert(0, 'Hello');

    // A long insert whose end (its delete set) is cut off: the text is read, then decoding fails.
    const crafty = new Y.Doc();
    Y.applyUpdate(crafty, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(crafty);
    crafty.getText('notes').insert(5, 'x'.repeat(TABLE_NOTES_LIMITS.hardMaxLength - 5));
    const update = Y.encodeStateAsUpdate(crafty, before);
    expect(() => guard(server, update.subarray(0, update.length - 1))).toThrow();

    notes.insert(notes.length, '!');
    expect(honest.verdicts.at(-1)).toBe(true);
    expect(server.getText('notes').toString()).toBe('Hello!');
  });

  it('refuses an update that waits for missing pieces, which another member’s edit would otherwise complete', () => {
    const server = new Y.Doc();
    const guard = tableNotesGuard();
    const crafty = new Y.Doc();
    const updates: Uint8Array[] = [];
    crafty.on('update', (update: Uint8Array) => updates.push(update));
    crafty.getText('notes').insert(0, 'first');
    crafty.getText('notes').insert(5, ' second');

    // The second edit alone cannot be placed: it builds on the first, which the server never got.
    expect(guard(server, updates[1]!)).toBe(false);
    expect(guard(server, updates[0]!)).toBe(true);
  });
});

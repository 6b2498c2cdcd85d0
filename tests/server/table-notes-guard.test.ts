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
});

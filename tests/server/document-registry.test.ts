import { afterEach, expect, it } from 'vitest';
import { MemoryStore } from '@pnyx/server/stores/memory-store';
import type { Store } from '@pnyx/server/stores/store';
import { DocumentRegistry } from '@pnyx/server/yjs/document-registry';

/** What the registry does with an edit its store refuses because the session is gone. */

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

it('lets an edit go that raced its session’s deletion, instead of keeping the document to retry it forever', async () => {
  const memory = new MemoryStore();
  await memory.createSession({ info: { id: 's1', code: 'CS1', title: 'Assembly', createdAt: 0 }, moderatorTokenHash: 'hash' });
  let appends = 0;
  const store: Store = Object.assign(Object.create(memory) as Store, {
    appendDocumentUpdate: (name: string, update: Uint8Array) => {
      appends++;
      return memory.appendDocumentUpdate(name, update);
    },
  });
  const errors: unknown[] = [];
  const unloaded: string[] = [];
  const documents = new DocumentRegistry({ store, onStoreError: (error) => errors.push(error), idleUnloadMs: 10 });
  documents.onUnload((name) => unloaded.push(name));
  closers.push(() => documents.close());
  const peer = { send: () => {} };
  const document = await documents.addPeer('s1', peer);

  await memory.deleteSession('s1');
  document.doc.getText('notes').insert(0, 'written as the session went');
  documents.removePeer(document, peer);

  // A document holding an update the store refused stays loaded until the update is stored; this one unloads.
  await expect.poll(() => unloaded).toEqual(['s1']);
  expect(appends).toBe(1);
  expect(errors).toEqual([]);
  expect(await memory.loadDocument('s1')).toBeNull();
});

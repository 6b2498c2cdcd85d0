// The process tests/server/embedded-store.test.ts kills with SIGKILL: it opens the embedded store in a data
// directory and casts ballots into one session, wave after wave, until it is killed. For every append that
// resolved it prints "SEQ N" (the entry's seq and the ballot's number) on a line of its own. Plain JavaScript
// on the compiled server, since Node 20 does not run TypeScript.
//
// Usage: node embedded-store-writer.mjs DATA_DIR SESSION_ID
import { EmbeddedStore } from '../../server/dist/stores/embedded-store.js';

/** Ballots cast in one event turn: a burst of phones, with the next burst following at once. */
const WAVE = 250;

const [dataDir, sessionId] = process.argv.slice(2);
if (!dataDir || !sessionId) throw new Error('usage: embedded-store-writer.mjs DATA_DIR SESSION_ID');

const store = await EmbeddedStore.open(dataDir);
let cast = 0;
for (;;) {
  for (let i = 0; i < WAVE; i++) {
    const n = cast++;
    const command = { type: 'ballot:cast', participantId: `p${n}`, questionId: 'q1', ballotId: `b${n}`, answer: { optionId: `o${n % 4}` } };
    // Writes to a pipe are synchronous on Linux: a printed line has left the process before the next turn.
    void store.append(sessionId, command).then((entry) => process.stdout.write(`${entry.seq} ${n}\n`));
  }
  await new Promise((resolve) => setImmediate(resolve));
}

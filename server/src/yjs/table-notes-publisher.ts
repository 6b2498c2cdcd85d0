import fp from 'fastify-plugin';
import {
  parseTableNotesDocumentName,
  TABLE_NOTES_PUBLISH_INTERVAL_MS,
  tableNotesDocumentName,
  tableNotesText,
  type SessionState,
} from '@pnyx/shared';
import { moderatorRoom, screenRoom } from '../realtime/rooms.js';
import { CoalescingPublisher } from '../realtime/coalescing-publisher.js';
import type { SessionService } from '../sessions/session-service.js';

export interface TableNotesPublisherOptions {
  sessions: SessionService;
}

const MODERATOR_ROOM_PREFIX = moderatorRoom('');
const SCREEN_ROOM_PREFIX = screenRoom('');

/** The table whose notes the projector shows, if it shows notes. */
const shownTable = (state: SessionState) => (state.screen.mode === 'notes' ? state.screen.tableId : null);

/**
 * Table notes as plain text over Socket.IO, for those who read them without Yjs: moderators get every
 * table's notes (the console's overview and projector preview), projectors the table they show. Coalesced
 * per table; sent in full to a moderator or projector as it joins (and rejoins), and to projectors when a
 * moderator puts a table's notes on screen. Registered after the Yjs and Socket.IO plugins.
 */
export const tableNotesPublisher = fp<TableNotesPublisherOptions>(
  async (app, { sessions }) => {
    const { io, documents } = app;
    const onBug = (error: unknown) => app.log.error({ err: error }, 'publishing table notes failed');

    /**
     * The last text read per notes document: a moderator's (re)join then costs no document loads, which
     * matters with hundreds of tables. Refreshed on every coalesced publish.
     */
    const texts = new Map<string, string>();
    const readText = async (name: string) => {
      const text = tableNotesText((await documents.get(name)).doc).toString();
      texts.set(name, text);
      return text;
    };
    const textOf = (sessionId: string, tableId: string) => {
      const name = tableNotesDocumentName(sessionId, tableId);
      const known = texts.get(name);
      return known === undefined ? readText(name) : Promise.resolve(known);
    };

    const publisher = new CoalescingPublisher({
      intervalMs: TABLE_NOTES_PUBLISH_INTERVAL_MS,
      publish: (name) => {
        const { sessionId, tableId } = parseTableNotesDocumentName(name)!;
        void Promise.all([sessions.state(sessionId), readText(name)]).then(([state, text]) => {
          if (!state?.tables.has(tableId)) return;
          const rooms = [moderatorRoom(sessionId), ...(shownTable(state) === tableId ? [screenRoom(sessionId)] : [])];
          // Only the instances whose peers edit a note hear of it: this goes through the adapter to all.
          io.to(rooms).emit('notes:update', { tableId, text });
        }, onBug);
      },
    });
    documents.onChange((name, madeHere) => {
      if (!parseTableNotesDocumentName(name)) return;
      // Another instance, whose peers made the change, publishes it; here the text read is stale.
      if (madeHere) publisher.markChanged(name);
      else texts.delete(name);
    });
    documents.onUnload((name) => texts.delete(name));

    sessions.onApplied((sessionId, events) => {
      for (const event of events) {
        if (event.type === 'table:removed') texts.delete(tableNotesDocumentName(sessionId, event.tableId));
        if (event.type !== 'screen:shown' || event.screen.mode !== 'notes' || event.screen.tableId === null) continue;
        const { tableId } = event.screen;
        textOf(sessionId, tableId).then((text) => io.local.to(screenRoom(sessionId)).emit('notes:update', { tableId, text }), onBug);
      }
    });

    /** A moderator or projector (re)joined: everything it reads, since what it had may be stale. */
    async function catchUp(socketId: string, sessionId: string, moderator: boolean): Promise<void> {
      const state = await sessions.state(sessionId);
      const shown = state && shownTable(state);
      const tableIds = moderator ? [...(state?.tables.keys() ?? [])] : shown ? [shown] : [];
      for (const tableId of tableIds) {
        const text = await textOf(sessionId, tableId);
        if (text || !moderator) io.local.to(socketId).emit('notes:update', { tableId, text });
      }
    }

    io.of('/').adapter.on('join-room', (room: string, socketId: string) => {
      if (room.startsWith(MODERATOR_ROOM_PREFIX)) catchUp(socketId, room.slice(MODERATOR_ROOM_PREFIX.length), true).catch(onBug);
      if (room.startsWith(SCREEN_ROOM_PREFIX)) catchUp(socketId, room.slice(SCREEN_ROOM_PREFIX.length), false).catch(onBug);
    });

    app.addHook('preClose', async () => publisher.close());
  },
  { name: 'table-notes-publisher', dependencies: ['yjs'] },
);

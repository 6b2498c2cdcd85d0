import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { tableNotesDocumentName, tableNotesText, YJS_CLOSE, YJS_PATH, yjsSubprotocols } from '@pnyx/shared';
import { followProvider } from './follow-provider';

/** `ended`: the server closed the notes for good (moved to another table, or an edit it refused). */
export type NotesStatus = 'connecting' | 'connected' | 'disconnected' | 'ended';

/** Why the server ended the connection (see YJS_CLOSE). */
export type NotesEnd = 'left-table' | 'refused';

/** Someone else with the notes open, as awareness tells. */
export interface NotesPeer {
  clientId: number;
  name: string;
  typing: boolean;
}

export interface TableNotesAddress {
  sessionId: string;
  tableId: string;
  /** The phone's participant token, or the moderator token. */
  token: string;
  /** Shown to the others editing ("Anna is typing…"). */
  name: string;
}

interface PeerState {
  name: string;
  typing: boolean;
}

/** Typing shows for this long after the last keystroke. */
const TYPING_MS = 2_500;

/**
 * One table's notes: a small Y.Doc and its y-websocket provider, for the table's phones and the moderators.
 * Edits made offline stay in the page and sync when the connection is back. Awareness says who else has the
 * notes open and who is typing; it stays inside this table. Imported lazily: Yjs is too heavy for the phone's
 * first load.
 */
export class TableNotesConnection {
  readonly doc = new Y.Doc();
  readonly text = tableNotesText(this.doc);

  #status = $state<NotesStatus>('connecting');
  #end = $state<NotesEnd | null>(null);
  #synced = $state(false);
  #peers = $state.raw<NotesPeer[]>([]);

  readonly #provider: WebsocketProvider;
  readonly #name: string;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor({ sessionId, tableId, token, name }: TableNotesAddress) {
    this.#name = name;
    const server = new URL(YJS_PATH, location.href).href.replace(/^http/, 'ws');
    this.#provider = new WebsocketProvider(server, tableNotesDocumentName(sessionId, tableId), this.doc, {
      connect: false,
      protocols: yjsSubprotocols(token),
      // Tabs of one browser may hold different seats (or a moderator's rights): only the server decides who reads.
      disableBc: true,
    });
  }

  get status(): NotesStatus {
    return this.#status;
  }

  get end(): NotesEnd | null {
    return this.#end;
  }

  /** True once the notes arrived from the server; from then on they can be edited offline too. */
  get synced(): boolean {
    return this.#synced;
  }

  /** The others with these notes open (this page not included). */
  get peers(): NotesPeer[] {
    return this.#peers;
  }

  /** Connects; the returned function (safe to call twice) leaves the notes and frees them. */
  connect(): () => void {
    const stop = followProvider(this.#provider, {
      status: ({ status }) => {
        if (this.#status !== 'ended') this.#status = status;
      },
      sync: (synced) => {
        this.#synced = this.#synced || synced;
      },
      closed: ({ code }) => {
        this.#status = 'ended';
        this.#end = code === YJS_CLOSE.accessEnded ? 'left-table' : 'refused';
      },
      awareness: () => {
        this.#peers = this.#readPeers();
      },
    });
    this.#setPresence(false);
    this.#provider.connect();

    let left = false;
    return () => {
      if (left) return;
      left = true;
      clearTimeout(this.#typingTimer);
      stop();
      this.#provider.destroy();
      this.doc.destroy();
    };
  }

  /** Called on each keystroke: the others see "typing…" until a short pause. */
  typed(): void {
    if (this.#typingTimer === undefined) this.#setPresence(true);
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => {
      this.#typingTimer = undefined;
      this.#setPresence(false);
    }, TYPING_MS);
  }

  #setPresence(typing: boolean): void {
    const state: PeerState = { name: this.#name, typing };
    this.#provider.awareness.setLocalStateField('user', state);
  }

  #readPeers(): NotesPeer[] {
    const peers: NotesPeer[] = [];
    for (const [clientId, state] of this.#provider.awareness.getStates()) {
      const user = state.user as Partial<PeerState> | undefined;
      if (clientId === this.doc.clientID || typeof user?.name !== 'string') continue;
      peers.push({ clientId, name: user.name, typing: user.typing === true });
    }
    return peers.sort((a, b) => a.name.localeCompare(b.name));
  }
}

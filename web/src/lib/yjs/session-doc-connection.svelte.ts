import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { YJS_PATH, yjsSubprotocols } from '@pnyx/shared';
import { followProvider } from './follow-provider';

export type DocStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

/** A moderator editing the session document, as the presence list shows them. */
export interface Editor {
  clientId: number;
  /** "Moderator 3": the page says it in its language. */
  number: number;
  colour: string;
  self: boolean;
}

interface EditorState {
  number: number;
  colour: string;
}

/** Distinct, dark enough for white text (≥ 4.5:1), and not told apart by hue alone: the name is shown too. */
const EDITOR_COLOURS = ['#0b5cad', '#b3261e', '#1b6e3a', '#6a3fb5', '#8a4b00', '#a0216b', '#00695c', '#4a4a4a'];

function wsOrigin(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

/**
 * The session's Y.Doc and its one y-websocket provider: moderators only (phones and the projector get a
 * compact live view over Socket.IO instead). Exposes the connection and who else is editing as
 * read-only reactive state.
 */
export class SessionDocConnection {
  readonly doc = new Y.Doc();

  #status = $state<DocStatus>('connecting');
  /** Tries to connect before the first connection ever opened (see `neverConnected`). */
  #tries = $state(0);
  #everConnected = false;
  #synced = $state(false);
  #editors = $state.raw<Editor[]>([]);

  readonly #provider: WebsocketProvider;
  readonly #numberKey: string;

  constructor(sessionId: string, moderatorToken: string) {
    this.#numberKey = `pnyx:editor-number:${sessionId}`;
    this.#provider = new WebsocketProvider(wsOrigin() + YJS_PATH, sessionId, this.doc, {
      connect: false,
      protocols: yjsSubprotocols(moderatorToken),
    });
  }

  get status(): DocStatus {
    return this.#status;
  }

  /**
   * True after several tries of which none ever opened: with Socket.IO online (it falls back to long polling),
   * this is a network that blocks WebSockets, which Yjs needs.
   */
  get neverConnected(): boolean {
    return !this.#everConnected && this.#tries > 3;
  }

  /** True once the document arrived from the server: editing before would race the initial content. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Everyone editing the document, this tab included, by their number. */
  get editors(): Editor[] {
    return this.#editors;
  }

  /** Connects; the returned function (safe to call twice) leaves the document and frees it. */
  connect(): () => void {
    const provider = this.#provider;
    const awareness = provider.awareness;

    const stopFollowing = followProvider(provider, {
      status: ({ status }) => {
        if (status === 'connected') this.#everConnected = true;
        // y-websocket says `connecting` at every try, and nothing when a try fails.
        if (status === 'connecting' && !this.#everConnected) this.#tries++;
        if (this.#status !== 'refused') this.#status = status;
      },
      sync: (synced) => {
        this.#synced = this.#synced || synced;
        if (synced && awareness.getLocalState()?.editor === undefined) this.#claimNumber();
      },
      // y-websocket stops for good on a 44xx close (the server refused a message of ours).
      closed: () => {
        this.#status = 'refused';
      },
      awareness: () => {
        this.#resolveClash();
        this.#editors = this.#readEditors();
      },
    });
    provider.connect();

    let left = false;
    return () => {
      if (left) return;
      left = true;
      stopFollowing();
      provider.destroy();
      this.doc.destroy();
    };
  }

  /**
   * Waits until this browser has handed every local edit to the network, so a `question:open` sent next
   * (over Socket.IO, another connection) does not overtake the last keystrokes. False when offline or
   * still sending after `timeoutMs`.
   */
  async whenSent(timeoutMs = 2_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const socket = this.#provider.ws;
      if (!this.#provider.wsconnected || socket === null) return false;
      if (socket.bufferedAmount === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Takes the lowest free "Moderator N", preferring the one this tab had before a reload. */
  #claimNumber(): void {
    const taken = this.#numbersOfOthers();
    const remembered = Number(readSessionStorage(this.#numberKey));
    let number = Number.isInteger(remembered) && remembered > 0 && !taken.has(remembered) ? remembered : 1;
    while (taken.has(number)) number++;
    this.#setNumber(number);
  }

  /** Two tabs that claimed the same number at once: the one with the higher client id moves on. */
  #resolveClash(): void {
    const mine = this.#localEditor()?.number;
    if (mine === undefined) return;
    for (const [clientId, state] of this.#provider.awareness.getStates()) {
      if (clientId < this.doc.clientID && editorOf(state)?.number === mine) {
        this.#claimNumber();
        return;
      }
    }
  }

  #numbersOfOthers(): Set<number> {
    const taken = new Set<number>();
    for (const [clientId, state] of this.#provider.awareness.getStates()) {
      const editor = editorOf(state);
      if (clientId !== this.doc.clientID && editor) taken.add(editor.number);
    }
    return taken;
  }

  #setNumber(number: number): void {
    writeSessionStorage(this.#numberKey, String(number));
    const editor: EditorState = { number, colour: EDITOR_COLOURS[(number - 1) % EDITOR_COLOURS.length]! };
    this.#provider.awareness.setLocalStateField('editor', editor);
  }

  #localEditor(): EditorState | undefined {
    return editorOf(this.#provider.awareness.getLocalState());
  }

  #readEditors(): Editor[] {
    const editors: Editor[] = [];
    for (const [clientId, state] of this.#provider.awareness.getStates()) {
      const editor = editorOf(state);
      if (!editor) continue;
      editors.push({
        clientId,
        number: editor.number,
        colour: editor.colour,
        self: clientId === this.doc.clientID,
      });
    }
    return editors.sort((a, b) => a.number - b.number);
  }
}

function editorOf(state: Record<string, unknown> | null): EditorState | undefined {
  const editor = state?.editor;
  if (typeof editor !== 'object' || editor === null) return undefined;
  const { number, colour } = editor as Partial<EditorState>;
  return typeof number === 'number' && typeof colour === 'string' ? { number, colour } : undefined;
}

// Per tab on purpose (a reload keeps its number, a second tab gets its own); never fatal when blocked.
function readSessionStorage(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSessionStorage(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // The number is then only kept until a reload.
  }
}

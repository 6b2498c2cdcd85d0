import { untrack } from 'svelte';
import type { ContributionBoard, ContributionKind, ContributionStatus, ContributionView, MyContributions } from '@pnyx/shared';
import type { CommandResult, SessionConnection } from '$lib/realtime/session-connection.svelte';

/**
 * The contributions as this page's role sees them: the board (coalesced updates; after every (re)join the
 * snapshot replaces it) and, on a phone, the attendee's own contributions and upvotes.
 */
export class ContributionFeed {
  #board = $state.raw<ContributionBoard | null>(null);
  #mine = $state.raw<MyContributions | null>(null);

  constructor(private readonly connection: SessionConnection) {}

  get board(): ContributionBoard | null {
    return this.#board;
  }

  get mine(): MyContributions | null {
    return this.#mine;
  }

  /** Follows the connection until the returned function is called (for `$effect`, which it does not make depend on anything). */
  start(): () => void {
    return untrack(() => this.#follow());
  }

  #follow(): () => void {
    const stops = [
      this.connection.on('contributions:update', (board) => {
        // Coalesced updates may overtake each other; the version tells which is newer.
        if (this.#board === null || board.version >= this.#board.version) this.#board = board;
      }),
      this.connection.on('contributions:mine', (mine) => {
        if (this.#mine === null || mine.version >= this.#mine.version) this.#mine = mine;
      }),
      this.connection.onJoined(() => void this.#refresh()),
    ];
    if (this.connection.status === 'online') void this.#refresh();
    return () => {
      for (const stop of stops) stop();
    };
  }

  /** `postId` is the phone's id of this post: sending it again (after no answer) posts nothing twice. */
  async post(kind: ContributionKind, text: string, forTable: boolean, postId: string): Promise<CommandResult<{ contribution: ContributionView }>> {
    const result = await this.connection.send('contribution:post', { kind, text, postId, ...(forTable ? { forTable } : {}) });
    // Shown at once as the author's own; the server's `contributions:mine` confirms it.
    if (result.ok && this.#mine && !this.#mine.posted.some(({ id }) => id === result.contribution.id)) {
      this.#mine = { ...this.#mine, posted: [...this.#mine.posted, result.contribution] };
    }
    return result;
  }

  async upvote(contributionId: string, upvote: boolean): Promise<CommandResult<{ duplicate: boolean }>> {
    const result = await this.connection.send('contribution:upvote', { contributionId, upvote });
    if (result.ok && this.#mine) {
      const others = this.#mine.upvoted.filter((id) => id !== contributionId);
      this.#mine = { ...this.#mine, upvoted: upvote ? [...others, contributionId] : others };
    }
    return result;
  }

  moderate(contributionId: string, status: ContributionStatus): Promise<CommandResult> {
    return this.connection.send('contribution:moderate', { contributionId, status });
  }

  spotlight(contributionId: string | null): Promise<CommandResult> {
    return this.connection.send('contribution:spotlight', { contributionId });
  }

  configure(moderation: boolean): Promise<CommandResult> {
    return this.connection.send('contributions:configure', { moderation });
  }

  async #refresh(): Promise<void> {
    const result = await this.connection.send('contributions:get', {});
    if (!result.ok) return;
    // The snapshot replaces the board even when its version is lower: the server may have restarted.
    this.#board = result.board;
    this.#mine = result.mine ?? null;
  }
}

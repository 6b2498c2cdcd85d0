import type { Redis } from 'ioredis';

/** Told what is published on a channel. */
export interface ChannelListener {
  message(payload: Buffer): void;
  /** Messages may have been missed: before the subscription took effect, or while the connection was down. */
  resync(): void;
}

/**
 * The channels a store's processes publish on, heard through one connection in subscriber mode. A channel
 * is subscribed while anyone listens to it. Redis keeps nothing for a subscriber that is away, so once a
 * listener's subscription is confirmed, and again after every reconnect (when all channels are subscribed
 * anew), listeners are told to resync: what they read before that may have missed a message.
 */
export class RedisChannels {
  private readonly listeners = new Map<string, Set<ChannelListener>>();

  /** `connection` is connected already: every later `ready` is a reconnect. */
  constructor(private readonly connection: Redis) {
    connection.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      for (const listener of this.listeners.get(channel.toString()) ?? []) listener.message(payload);
    });
    connection.on('ready', () => void this.resubscribe());
  }

  /** Returns the function that stops listening. */
  listen(channel: string, listener: ChannelListener): () => void {
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(channel, listeners);
    }
    listeners.add(listener);
    const listening = listeners;
    // Subscribing to a subscribed channel is harmless, and its reply says this listener hears from now on.
    this.connection.subscribe(channel).then(
      () => {
        if (listening.has(listener)) listener.resync();
      },
      () => {
        // Redis is away: the reconnect subscribes again and tells every listener to resync.
      },
    );
    return () => {
      if (!listening.delete(listener) || listening.size > 0) return;
      this.listeners.delete(channel);
      this.connection.unsubscribe(channel).catch(() => {
        // Redis is away: the new connection will not subscribe to it.
      });
    };
  }

  private async resubscribe(): Promise<void> {
    const channels = [...this.listeners.keys()];
    if (channels.length === 0) return;
    try {
      await this.connection.subscribe(...channels);
    } catch {
      return; // gone again: the next reconnect tries again
    }
    for (const listeners of this.listeners.values()) for (const listener of listeners) listener.resync();
  }
}

import { fail, type Result } from '@pnyx/shared';
import type { ClientEvent } from '@pnyx/shared/schemas';
import type { AddressAction, ConnectionAction, RateLimits } from './rate-limits.js';
import { KeyedRateLimiter, TokenBucket } from './token-bucket.js';

/** The events limited on their own, beyond the limit on every message. */
const EVENT_ACTIONS: Partial<Record<ClientEvent, ConnectionAction & AddressAction>> = {
  'session:join': 'join',
  'moderator:join': 'join',
  'screen:join': 'join',
  // Each change is a logged command: as rare as a join, and limited like one.
  'participant:language': 'join',
  'ballot:cast': 'ballot',
  'contribution:post': 'contribution',
  'contribution:upvote': 'upvote',
};

const WHAT: Record<ConnectionAction | AddressAction, string> = {
  message: 'messages',
  join: 'joins',
  ballot: 'votes',
  contribution: 'contributions',
  upvote: 'upvotes',
  yjsMessage: 'edits',
  wrongPin: 'wrong PINs',
  sessionCreate: 'new sessions',
};

export type Admitted = Result<object>;

function tooMany(action: ConnectionAction | AddressAction, from: string, waitMs: number): Admitted {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const refusal = fail('rate_limited', `Too many ${WHAT[action]} from ${from}; try again in ${seconds} s.`);
  return { ok: false, error: { ...refusal.error, retryAfterMs: waitMs } };
}

const ADMITTED: Admitted = { ok: true };

/**
 * The server's rate limits: per client address here (every connection and request from one address
 * together), per connection in the `ConnectionAdmission` each connection gets. A refusal costs one map
 * lookup and changes nothing, so a flood cannot slow the honest clients down. In memory, per instance: with
 * several instances behind a proxy that keeps a client on one instance, that instance sees all of it.
 */
export class Admission {
  readonly #byAddress: Record<AddressAction, KeyedRateLimiter>;

  constructor(
    private readonly limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.#byAddress = Object.fromEntries(
      Object.entries(limits.address).map(([action, rate]) => [action, new KeyedRateLimiter(rate, clock)]),
    ) as Record<AddressAction, KeyedRateLimiter>;
  }

  /** Takes one of `action` for `address`, or says how long to wait. */
  admitAddress(action: AddressAction, address: string): Admitted {
    const wait = this.#byAddress[action].take(address);
    return wait === 0 ? ADMITTED : tooMany(action, 'this network', wait);
  }

  /** Whether `address` may try a PIN now; only wrong ones count (`wrongPin`). */
  mayTryPin(address: string): Admitted {
    const wait = this.#byAddress.wrongPin.peek(address);
    return wait === 0 ? ADMITTED : tooMany('wrongPin', 'this network', wait);
  }

  wrongPin(address: string): void {
    this.#byAddress.wrongPin.take(address);
  }

  connection(address: string): ConnectionAdmission {
    return new ConnectionAdmission(this, this.limits, address, this.clock);
  }
}

/** One connection's limits; it goes with its connection. */
export class ConnectionAdmission {
  readonly #buckets = new Map<ConnectionAction, TokenBucket>();

  constructor(
    private readonly admission: Admission,
    private readonly limits: RateLimits,
    readonly address: string,
    private readonly clock: () => number,
  ) {}

  /** Every message counts here, before anything else is looked at. */
  admitMessage(): Admitted {
    return this.#take('message');
  }

  /** A well-formed join, ballot, contribution or upvote also counts by its own limits, here and for the address. */
  admitEvent(event: ClientEvent): Admitted {
    const action = EVENT_ACTIONS[event];
    if (!action) return ADMITTED;
    const here = this.#take(action);
    return here.ok ? this.admission.admitAddress(action, this.address) : here;
  }

  /** Whether this connection's address may try a PIN now. */
  mayTryPin(): Admitted {
    return this.admission.mayTryPin(this.address);
  }

  /** A wrong PIN from this connection counts against its address. */
  wrongPin(): void {
    this.admission.wrongPin(this.address);
  }

  /** A Yjs message (document update or presence) on this connection. */
  admitYjsMessage(): Admitted {
    return this.#take('yjsMessage');
  }

  #take(action: ConnectionAction): Admitted {
    const now = this.clock();
    let bucket = this.#buckets.get(action);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.connection[action], now);
      this.#buckets.set(action, bucket);
    }
    const wait = bucket.take(now);
    return wait === 0 ? ADMITTED : tooMany(action, 'this device', wait);
  }
}

/** What the HTTP, Socket.IO and Yjs endpoints need to limit their clients. */
export interface ClientLimits {
  admission: Admission;
  /** See `clientAddress`. */
  trustedProxies: number;
}

import type { Rate } from './token-bucket.js';

/** What is limited on one connection, on top of `message`, which every event counts towards. */
export type ConnectionAction = 'message' | 'join' | 'ballot' | 'contribution' | 'upvote' | 'yjsMessage';
/** What is limited per client address (all connections and requests from it together). */
export type AddressAction = 'join' | 'ballot' | 'contribution' | 'upvote' | 'wrongPin' | 'sessionCreate';

export interface RateLimits {
  connection: Record<ConnectionAction, Rate>;
  address: Record<AddressAction, Rate>;
}

/**
 * The defaults. Per connection they stop one phone or script; per address they must let a whole venue through,
 * because a venue's Wi-Fi often puts every phone behind one public address: 2,000 phones join within a minute
 * and vote within a second, from one address, without meeting a limit. `ADDRESS_LIMIT_SCALE` multiplies the
 * address limits for bigger rooms behind one address.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  connection: {
    message: { burst: 60, perSecond: 20 },
    // A phone joins again on every reconnect and when its seat changes.
    join: { burst: 10, perSecond: 0.5 },
    ballot: { burst: 30, perSecond: 5 },
    contribution: { burst: 10, perSecond: 0.2 },
    upvote: { burst: 30, perSecond: 3 },
    // Typing produces an update and a presence message per keystroke; past this a connection is closed and
    // its client syncs again, so nothing is silently dropped.
    yjsMessage: { burst: 600, perSecond: 100 },
  },
  address: {
    join: { burst: 2_000, perSecond: 100 },
    ballot: { burst: 5_000, perSecond: 500 },
    contribution: { burst: 500, perSecond: 10 },
    upvote: { burst: 5_000, perSecond: 200 },
    // Guessing a 6-digit PIN at this pace takes months.
    wrongPin: { burst: 30, perSecond: 0.2 },
    // Creating a session writes one small record; retention deletes what is never used.
    sessionCreate: { burst: 100, perSecond: 0.5 },
  },
};

/** The defaults with every address limit multiplied by `scale` (connection limits stay). */
export function rateLimitsScaled(scale: number, limits: RateLimits = DEFAULT_RATE_LIMITS): RateLimits {
  const address = Object.fromEntries(
    Object.entries(limits.address).map(([action, rate]) => [action, { burst: rate.burst * scale, perSecond: rate.perSecond * scale }]),
  ) as Record<AddressAction, Rate>;
  return { connection: limits.connection, address };
}

import { fail } from '../config/check';

/** What a store does when it cannot count: let the request through, or refuse it with 503. */
export type StoreErrorPolicy = 'open' | 'closed';

/** The state of one counter after a hit. */
export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

/**
 * A counter for rate limiting. Share one across instances (`mongoRateLimitStore`,
 * `redisRateLimitStore`, or your own) so N app instances allow the limit once, not N times.
 */
export interface RateLimitStore {
  /** Counts one hit for `key` in the current window and reports the window's state. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  /**
   * When `hit` fails or times out: `'open'` lets the request through (and reports the error),
   * `'closed'` answers 503 `store_unavailable`. @default 'open'
   */
  readonly onStoreError?: StoreErrorPolicy;
  /**
   * Adds `amount` hits at once to `key`'s fixed window that holds the instant `at` (epoch ms) and
   * reports that window's shared total. A store whose every call is a network round trip offers
   * it, with `globalSyncMs`, so a route group's global ceiling is counted in process and
   * reconciled in the background instead of costing each request a second round trip.
   */
  add?(key: string, windowMs: number, amount: number, at: number): Promise<RateLimitHit>;
  /** How often each instance reconciles its global-ceiling count through `add`, in ms. */
  readonly globalSyncMs?: number;
}

/** Rejects when `operation` takes longer than `timeoutMs`, so a slow store cannot hold a request. */
export async function withinMs<T>(timeoutMs: number, operation: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} exceeded ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([operation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function storeErrorPolicy(value: unknown, name: string): StoreErrorPolicy {
  if (value === undefined) return 'open';
  if (value === 'open' || value === 'closed') return value;
  return fail(`\`${name}\` must be 'open' or 'closed'.`);
}

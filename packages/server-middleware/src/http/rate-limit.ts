import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { fail, isObject, positiveInt } from '../config/check';
import { RateLimitedError, StoreUnavailableError } from '../errors';
import { clientAddressKey } from '../rate-limit/client-key';
import { type RateLimitHit, type RateLimitStore, type StoreErrorPolicy, withinMs } from '../rate-limit/store';
import { type SyncedCounter, syncedCounter } from '../rate-limit/synced-counter';

export { clientAddressKey } from '../rate-limit/client-key';
export { type MemoryRateLimitStoreOptions, memoryRateLimitStore } from '../rate-limit/memory-store';
export type { RateLimitHit, RateLimitStore, StoreErrorPolicy } from '../rate-limit/store';

/** The route groups that are limited: each has its own global ceiling. */
export const RATE_LIMIT_GROUPS = ['signIn', 'nonce', 'refresh', 'link'] as const;
export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number];

/**
 * Hits per window across all addresses, per route group: a number for every group, `false` for
 * none, or one entry per group (a missing entry keeps its default).
 */
export type GlobalLimitOption = number | false | Partial<Record<RateLimitGroup, number | false>>;

/**
 * Default ceilings: the routes that call a provider (`signIn`, `link`) are capped so a spread of
 * addresses cannot spend the app's provider quota; `nonce` and `refresh` only touch the database.
 */
export const GLOBAL_LIMIT_DEFAULTS: Readonly<Record<RateLimitGroup, number | false>> = Object.freeze({
  signIn: 1000,
  link: 1000,
  nonce: false,
  refresh: false,
});

/** Checks `rateLimit.globalLimit` once, at startup. */
export function resolveGlobalLimit(value: unknown): Partial<Record<RateLimitGroup, number>> {
  const limitOf = (entry: unknown, name: string): number | undefined =>
    entry === false ? undefined : positiveInt(entry, name, 1);
  const merged: Record<string, unknown> = { ...GLOBAL_LIMIT_DEFAULTS };
  if (value === false || typeof value === 'number') {
    for (const group of RATE_LIMIT_GROUPS) merged[group] = value;
  } else if (isObject(value)) {
    for (const [group, entry] of Object.entries(value)) {
      if (!(RATE_LIMIT_GROUPS as readonly string[]).includes(group)) {
        fail(
          `unknown option \`rateLimit.globalLimit.${group}\`; the groups are ${RATE_LIMIT_GROUPS.join(', ')}.`,
        );
      }
      if (entry !== undefined) merged[group] = entry;
    }
  } else if (value !== undefined) {
    fail('`rateLimit.globalLimit` must be a number, `false`, or `{ signIn, nonce, refresh, link }`.');
  }
  const resolved: Partial<Record<RateLimitGroup, number>> = {};
  for (const group of RATE_LIMIT_GROUPS) {
    const limit = limitOf(merged[group], `rateLimit.globalLimit.${group}`);
    if (limit !== undefined) resolved[group] = limit;
  }
  return resolved;
}

export interface RateLimitConfig {
  /** Hits per client address (IPv6: per /64) per window, across all limited routes. */
  limit: number;
  windowMs: number;
  /**
   * Hits per window across all addresses, per route group; a group without one has no ceiling.
   * @default resolveGlobalLimit(undefined): `signIn` and `link` at 1000
   */
  globalLimit?: Partial<Record<RateLimitGroup, number>>;
  store: RateLimitStore;
  /** Used when the store does not say. @default 'open' */
  onStoreError?: StoreErrorPolicy;
  /** Receives every store failure. */
  report(err: unknown, req: Request): void;
  /**
   * Bound on each store call, for stores that do not bound themselves (the built-in ones do, at
   * 1000 ms): past it the call counts as a store failure. @default 2000
   */
  storeTimeoutMs?: number;
}

/** Builds the limiting middleware of one route group. */
export interface RateLimiter {
  (group: RateLimitGroup): RequestHandler;
  /** Stops background work (global-ceiling syncs), handing unsynced counts to the store once. */
  close(): Promise<void>;
}

function retryAfterSeconds(hit: RateLimitHit): number {
  return Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000));
}

/**
 * Counts attempts before any provider or database work: first per client address, then, for an
 * address still within its limit, against the route group's global ceiling. The address is
 * `req.ip` as Express computes it, so `X-Forwarded-For` counts only when the app's
 * `trust proxy` setting says the hop that sent it is trusted (Express "Behind proxies").
 *
 * @example
 * const limiter = rateLimiter({ limit: 30, windowMs: 60_000, globalLimit: { signIn: 1000 }, store, report });
 * router.post('/nonce', limiter('nonce'), issueNonce);
 */
export function rateLimiter(config: RateLimitConfig): RateLimiter {
  const { limit, windowMs, store } = config;
  const globalLimit = config.globalLimit ?? resolveGlobalLimit(undefined);
  const policy = store.onStoreError ?? config.onStoreError ?? 'open';
  const storeTimeoutMs = config.storeTimeoutMs ?? 2000;
  const within = <T>(timeoutMs: number, operation: Promise<T>) =>
    withinMs(timeoutMs, operation, 'rate-limit store');
  const hit = (key: string) => within(storeTimeoutMs, store.hit(key, windowMs));
  const counters = new Set<SyncedCounter>();
  const { add, globalSyncMs } = store;

  /**
   * The ceiling's counter: in process, synced with the store in the background when the store
   * offers it (its round trip would otherwise double each request's), else one store hit each.
   */
  const ceilingCounter = (globalKey: string): (() => Promise<RateLimitHit> | RateLimitHit) => {
    if (typeof add !== 'function' || globalSyncMs === undefined) return () => hit(globalKey);
    const counter = syncedCounter({
      store: { add: add.bind(store) },
      key: globalKey,
      windowMs,
      syncMs: globalSyncMs,
      timeoutMs: storeTimeoutMs,
      within,
      report: (err) => config.report(err, undefined as never),
    });
    counters.add(counter);
    return () => counter.hit();
  };

  const limiter = (group: RateLimitGroup): RequestHandler => {
    const ceiling = globalLimit[group];
    const countGlobally = ceiling === undefined ? undefined : ceilingCounter(`socialauth:all:${group}`);
    return async function socialAuthRateLimit(
      req: Request,
      res: Response,
      next: NextFunction,
    ): Promise<void> {
      const addressKey = `socialauth:ip:${clientAddressKey(req.ip ?? req.socket.remoteAddress)}`;
      let over: RateLimitHit | undefined;
      try {
        const perAddress = await hit(addressKey);
        if (perAddress.count > limit) over = perAddress;
        // An address already over its own limit does not count globally: one client alone
        // cannot use up everyone's ceiling.
        else if (ceiling !== undefined && countGlobally) {
          const global = await countGlobally();
          if (global.count > ceiling) over = global;
        }
      } catch (err) {
        // Closed: the 503 reaches `onError` through the error handler, with this as its cause.
        if (policy === 'closed') {
          next(new StoreUnavailableError({ cause: err }));
          return;
        }
        config.report(err, req);
        next();
        return;
      }
      if (over) {
        const retryAfter = retryAfterSeconds(over);
        res.setHeader('Retry-After', String(retryAfter));
        next(new RateLimitedError(retryAfter));
        return;
      }
      next();
    };
  };
  return Object.assign(limiter, {
    async close() {
      await Promise.all([...counters].map((counter) => counter.close()));
    },
  });
}

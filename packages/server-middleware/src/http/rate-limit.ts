import type { NextFunction, Request, Response } from 'express';
import { positiveInt } from '../config/check';
import { RateLimitedError } from '../errors';

/** Shared counter for rate limiting; implement it over Redis or MongoDB to run many instances. */
export interface RateLimitStore {
  /** Counts one hit for `key` in the current fixed window and reports the window's state. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

export interface MemoryRateLimitStoreOptions {
  /**
   * The most client keys held at once. Past it the oldest window is forgotten, so memory stays
   * bounded under a flood of distinct addresses; the trade-off is that such a flood also resets
   * the oldest counts, letting those addresses start a fresh window early. @default 10000
   */
  maxKeys?: number;
}

/**
 * A per-process fixed-window store, the default; with several instances each keeps its own count.
 *
 * @example
 * socialAuth({ rateLimit: { limit: 20, windowMs: 60_000, store: memoryRateLimitStore({ maxKeys: 50_000 }) }, ... });
 */
export function memoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const maxKeys = positiveInt(options.maxKeys, 'maxKeys', 10_000);
  // Insertion order is the order windows opened: the expired and the oldest sit at the front.
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      for (const [openKey, open] of windows) {
        if (open.resetAt > now) break;
        windows.delete(openKey);
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowMs };
        windows.delete(key);
        windows.set(key, window);
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value as string);
      }
      window.count += 1;
      return { count: window.count, resetAt: window.resetAt };
    },
  };
}

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  store: RateLimitStore;
  /** A failing store lets requests through (fail open) and reports here. */
  onStoreError(err: unknown, req: Request): void;
}

/** Counts attempts per client IP before any provider or database work is done. */
export function rateLimiter(config: RateLimitConfig) {
  return async function socialAuthRateLimit(req: Request, res: Response, next: NextFunction): Promise<void> {
    const key = `socialauth:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    let state: { count: number; resetAt: number };
    try {
      state = await config.store.hit(key, config.windowMs);
    } catch (err) {
      config.onStoreError(err, req);
      next();
      return;
    }
    if (state.count > config.limit) {
      const retryAfter = Math.max(1, Math.ceil((state.resetAt - Date.now()) / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      next(new RateLimitedError(retryAfter));
      return;
    }
    next();
  };
}

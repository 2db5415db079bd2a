import { positiveInt } from '../config/check';
import type { RateLimitStore } from './store';

export interface MemoryRateLimitStoreOptions {
  /**
   * The most client keys held at once. Past it the oldest window is forgotten, so memory stays
   * bounded under a flood of distinct addresses; the trade-off is that such a flood also resets
   * the oldest counts, letting those addresses start a fresh window early. @default 10000
   */
  maxKeys?: number;
}

/**
 * A per-process fixed-window store for single-process apps and tests; with several instances
 * each keeps its own count, so prefer `mongoRateLimitStore` (the default) or `redisRateLimitStore`.
 *
 * @example
 * socialAuth({ rateLimit: { limit: 20, store: memoryRateLimitStore({ maxKeys: 50_000 }) }, ... });
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

import {
  memoryRateLimitStore,
  mongoRateLimitStore,
  type RateLimitStore,
  redisRateLimitStore,
} from '@socialkit/express';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { RateLimitStoreKind } from './config';

/** The rate-limit store the demo counts in, and how to let go of it. */
export interface DemoRateLimitStore {
  store: RateLimitStore;
  /** One line for the startup log. */
  description: string;
  close(): Promise<void>;
}

/**
 * `AUTH_RATE_LIMIT_STORE`: `mongo` (the default) counts in the demo's database, so several demo
 * instances share one limit; `redis` counts in `REDIS_URL`; `memory` counts in this process only.
 *
 * @example
 * const { store } = demoRateLimitStore('mongo', connection);
 * socialAuth({ rateLimit: { limit: 30, windowMs: 60_000, store }, ... });
 */
export function demoRateLimitStore(
  kind: RateLimitStoreKind,
  connection: Connection,
  redisUrl?: string,
): DemoRateLimitStore {
  if (kind === 'memory') {
    return { store: memoryRateLimitStore(), description: 'in this process only', close: async () => {} };
  }
  if (kind === 'redis') {
    // Bounded: a Redis that is down must not queue commands forever (the store times out at 1 s).
    const client = new Redis(redisUrl ?? '', { lazyConnect: false, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    return {
      store: redisRateLimitStore({ client }),
      description: `Redis at ${redisUrl?.replace(/\/\/[^@/]*@/, '//***@')}`,
      async close() {
        client.disconnect();
      },
    };
  }
  return {
    store: mongoRateLimitStore({ connection }),
    description: 'MongoDB, shared by every instance on this database',
    close: async () => {},
  };
}

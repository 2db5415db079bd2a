import type { Connection } from 'mongoose';
import { fail, positiveInt } from '../config/check';
import { isDuplicateKey } from '../store/faults';
import { type RateLimitStore, type StoreErrorPolicy, storeErrorPolicy, withinMs } from './store';

export interface MongoRateLimitStoreOptions {
  /** The app's mongoose connection; the counters live in its database. */
  connection: Connection;
  /** @default 'socialauth_rate_limits' */
  collection?: string;
  /** Bound on one counted request; past it the request is let through or refused per `onStoreError`. @default 1000 */
  timeoutMs?: number;
  /**
   * `'open'` lets requests through while MongoDB cannot count (the failure goes to `onError`);
   * `'closed'` answers 503 `store_unavailable` instead. @default 'open'
   */
  onStoreError?: StoreErrorPolicy;
  /**
   * How often each instance adds the hits it counted against a route group's global ceiling to
   * the shared count and reads back the total, in ms. Between two syncs an instance checks the
   * ceiling against the last shared total plus its own unsynced hits, so all instances together
   * can overshoot the ceiling by about what they admit in one interval; per-address limits stay
   * exact (one round trip per counted request). `false` counts every request against the ceiling
   * in MongoDB too, exactly, at one more round trip per request. @default 1000
   */
  globalSyncMs?: number | false;
}

interface CounterDocument {
  _id: string;
  count: number;
  expiresAt: Date;
}

/**
 * Fixed-window counters in MongoDB, shared by every instance on the database: one document per
 * key and window start, counted by an atomic `$inc` upsert in one round trip. A TTL index removes
 * ended windows; correctness never depends on it, since a window's id holds its start, so a
 * lingering document is never counted again.
 *
 * @example
 * socialAuth({ rateLimit: { store: mongoRateLimitStore({ connection, onStoreError: 'closed' }) }, ... });
 */
export function mongoRateLimitStore(options: MongoRateLimitStoreOptions): RateLimitStore {
  const { connection } = options;
  if (typeof connection?.collection !== 'function') {
    fail('`mongoRateLimitStore` needs `connection`, the app’s mongoose connection.');
  }
  const name = options.collection ?? 'socialauth_rate_limits';
  if (typeof name !== 'string' || name === '') fail('`collection` must be a non-empty string.');
  const timeoutMs = positiveInt(options.timeoutMs, 'timeoutMs', 1000, 60_000);
  const onStoreError = storeErrorPolicy(options.onStoreError, 'onStoreError');
  const globalSyncMs =
    options.globalSyncMs === false
      ? undefined
      : positiveInt(options.globalSyncMs, 'globalSyncMs', 1000, 60_000);
  const counters = () => connection.collection<CounterDocument>(name);

  let indexRequested = false;
  const ensureTtlIndex = () => {
    // Created once, in the background: counting never waits for it.
    if (indexRequested) return;
    indexRequested = true;
    counters()
      .createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' })
      .catch(() => {
        indexRequested = false;
      });
  };

  async function count(id: string, expiresAt: Date, amount = 1): Promise<number> {
    const update = { $inc: { count: amount }, $setOnInsert: { expiresAt } };
    const upsert = () =>
      counters().findOneAndUpdate({ _id: id }, update, {
        upsert: true,
        returnDocument: 'after',
        projection: { count: 1 },
        maxTimeMS: timeoutMs,
        includeResultMetadata: false,
      });
    let doc: Pick<CounterDocument, 'count'> | null;
    try {
      doc = await upsert();
    } catch (err) {
      // Two first hits of a window raced to insert it; the other one won, so count on it.
      if (!isDuplicateKey(err)) throw err;
      doc = await upsert();
    }
    if (typeof doc?.count !== 'number') throw new Error('the rate-limit counter was not returned');
    return doc.count;
  }

  async function countAt(key: string, windowMs: number, amount: number, at: number) {
    ensureTtlIndex();
    const windowStart = Math.floor(at / windowMs) * windowMs;
    const resetAt = windowStart + windowMs;
    const counted = await withinMs(
      timeoutMs,
      count(`${key}|${windowMs}|${windowStart}`, new Date(resetAt), amount),
      'rate-limit count',
    );
    return { count: counted, resetAt };
  }

  return {
    onStoreError,
    hit: (key, windowMs) => countAt(key, windowMs, 1, Date.now()),
    ...(globalSyncMs === undefined
      ? {}
      : {
          globalSyncMs,
          add(key: string, windowMs: number, amount: number, at: number) {
            if (!Number.isInteger(amount) || amount < 0)
              throw new RangeError('`amount` must be an integer ≥ 0');
            return countAt(key, windowMs, amount, at);
          },
        }),
  };
}

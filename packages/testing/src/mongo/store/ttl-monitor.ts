import { indexKeys } from './index-keys';
import type { Storage } from './storage';

/**
 * Deletes documents whose TTL index date is older than `expireAfterSeconds`, like mongod's
 * TTLMonitor. mongod sweeps every 60 s; tests want seconds, hence the configurable interval.
 */
export function startTtlMonitor(storage: Storage, intervalMs: number): () => void {
  const timer = setInterval(() => sweepExpired(storage, Date.now()), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** One sweep; returns how many documents it removed. */
export function sweepExpired(storage: Storage, now: number): number {
  let removed = 0;
  for (const collection of storage.all()) {
    for (const index of collection.indexList()) {
      const seconds = index.spec.expireAfterSeconds;
      if (typeof seconds !== 'number' || index.paths.length !== 1) continue;
      const path = index.paths[0] as string;
      for (const doc of collection.documents()) {
        const dates = indexKeys(doc, [path])
          .map(([value]) => value)
          .filter((value): value is Date => value instanceof Date);
        if (dates.length === 0) continue;
        const earliest = Math.min(...dates.map((date) => date.getTime()));
        if (earliest + seconds * 1000 <= now) {
          collection.remove(doc);
          removed += 1;
        }
      }
    }
  }
  return removed;
}

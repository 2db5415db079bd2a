import type { CrossTabLockOptions } from './cross-tab-lock';
import { randomId, sleep } from './random-id';

interface StorageLockRecord {
  owner: string;
  expiresAt: number;
}

/**
 * The cross-tab lock for browsers without the Web Locks API: a record in the shared storage with an
 * expiry (last writer wins, checked after a settle delay, since storage has no compare-and-set).
 */
export async function withStorageLock<T>(options: CrossTabLockOptions, task: () => Promise<T>): Promise<T> {
  const release = await acquireStorageLock(options);
  try {
    return await task();
  } finally {
    await release();
  }
}

async function acquireStorageLock(options: CrossTabLockOptions): Promise<() => Promise<void>> {
  const { storage, name, ttlMs = 10_000, settleMs = 30, pollMs = 50 } = options;
  const owner = randomId();
  for (;;) {
    const held = readRecord(await storage.getItem(name));
    if (held && held.owner !== owner && held.expiresAt > Date.now()) {
      await sleep(pollMs);
      continue;
    }
    const record: StorageLockRecord = { owner, expiresAt: Date.now() + ttlMs };
    await storage.setItem(name, JSON.stringify(record));
    await sleep(settleMs);
    if (readRecord(await storage.getItem(name))?.owner === owner) break;
  }
  return async () => {
    if (readRecord(await storage.getItem(name))?.owner === owner) await storage.removeItem(name);
  };
}

function readRecord(raw: string | null): StorageLockRecord | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StorageLockRecord>;
    return typeof value.owner === 'string' && typeof value.expiresAt === 'number'
      ? { owner: value.owner, expiresAt: value.expiresAt }
      : null;
  } catch {
    return null;
  }
}

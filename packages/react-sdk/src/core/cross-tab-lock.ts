import { randomId, sleep } from './random-id';
import type { StorageAdapter } from './storage';

/** The slice of the Web Locks API we use; `navigator.locks` satisfies it. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface CrossTabLockOptions {
  name: string;
  storage: StorageAdapter;
  /** `navigator.locks` when omitted; `null` forces the storage lock. */
  locks?: LockManagerLike | null;
  /** How long a storage lock stays valid if its holder dies mid-refresh. */
  ttlMs?: number;
  /** Wait after writing the storage lock before trusting it, so a simultaneous writer can win. */
  settleMs?: number;
  pollMs?: number;
}

interface StorageLockRecord {
  owner: string;
  expiresAt: number;
}

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/**
 * Runs `task` while holding a lock shared by every tab of this origin: the Web Locks API when the
 * browser has it, else a record in the shared storage with an expiry (last writer wins, checked
 * after a settle delay, since storage has no compare-and-set).
 */
export async function withCrossTabLock<T>(options: CrossTabLockOptions, task: () => Promise<T>): Promise<T> {
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  if (locks) return locks.request(options.name, task);
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

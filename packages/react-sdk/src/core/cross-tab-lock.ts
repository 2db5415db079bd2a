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

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/**
 * Runs `task` while holding a lock shared by every tab of this origin: the Web Locks API when the
 * browser has it (every current browser does), else a record in the shared storage, whose code is
 * loaded only then.
 */
export async function withCrossTabLock<T>(options: CrossTabLockOptions, task: () => Promise<T>): Promise<T> {
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  if (locks) return locks.request(options.name, task);
  const { withStorageLock } = await import('./storage-lock');
  return withStorageLock(options, task);
}

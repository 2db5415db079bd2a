import type { RateLimitHit, RateLimitStore } from './store';

/** A global-ceiling counter kept in process and reconciled with a shared store in the background. */
export interface SyncedCounter {
  /** Counts one hit now: the last shared total this instance saw plus its hits not yet in it. */
  hit(): RateLimitHit;
  /** Stops the background sync after handing the unsynced hits to the store once. */
  close(): Promise<void>;
}

export interface SyncedCounterOptions {
  store: Required<Pick<RateLimitStore, 'add'>>;
  key: string;
  windowMs: number;
  syncMs: number;
  /** Bound on one sync call. */
  timeoutMs: number;
  /** Receives every failed sync; the hits stay local and go with the next one. */
  report(err: unknown): void;
  /** Bounds `add` in time; the limiter's own `withinMs`. */
  within<T>(timeoutMs: number, operation: Promise<T>): Promise<T>;
}

/**
 * A route group's global ceiling without a round trip per request: each instance counts its hits
 * in memory and, at most once per `syncMs` while it has any, adds them to the shared window count
 * in one call (`$inc` by the batch) and reads back the total every instance has added. A hit
 * compares `sharedTotal + unsynced` with the ceiling, so one instance alone is exact and all of
 * them together overshoot by at most what they admit within one sync interval. Hits are always
 * added to the window they were counted in, so a window change never moves them to the next one.
 * The timer only runs while hits wait, and never holds the process open.
 *
 * @example
 * const ceiling = syncedCounter({ store, key: 'socialauth:all:signIn', windowMs: 60_000, syncMs: 1000, ... });
 * if (ceiling.hit().count > 1000) refuse();
 */
export function syncedCounter(options: SyncedCounterOptions): SyncedCounter {
  const { store, key, windowMs, syncMs, timeoutMs, report, within } = options;
  let windowStart = 0;
  /** The window's total in the store, as of this instance's last sync (its own synced hits included). */
  let shared = 0;
  /** Hits counted here and not yet acknowledged by the store: waiting, then in flight. */
  let unsynced = 0;
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastSync = Number.NEGATIVE_INFINITY;
  let syncing: Promise<void> | undefined;
  let closed = false;
  /** Ended windows' last hits on their way to the store; `close()` waits for them. */
  const handovers = new Set<Promise<void>>();

  const send = (start: number, amount: number): Promise<number | undefined> =>
    within(timeoutMs, store.add(key, windowMs, amount, start)).then(
      (hit) => hit.count,
      (err) => {
        report(err);
        return undefined;
      },
    );

  const sync = async (): Promise<void> => {
    timer = undefined;
    lastSync = Date.now();
    const start = windowStart;
    const amount = unsynced - inFlight;
    if (amount <= 0) return;
    inFlight += amount;
    const total = await send(start, amount);
    if (start !== windowStart) return; // The window ended meanwhile; its count no longer matters here.
    inFlight -= amount;
    // On failure they stay unsynced: this instance still counts them, and the next sync carries them.
    if (total === undefined) return;
    unsynced -= amount;
    shared = Math.max(shared, total);
  };

  /**
   * At most one sync per interval; an instance that was idle longer syncs right away, so its view
   * of the other instances' count is never older than one interval plus one round trip of hits.
   */
  function schedule(): void {
    if (timer || syncing || closed) return;
    timer = setTimeout(
      () => {
        syncing = sync().finally(() => {
          syncing = undefined;
          if (unsynced > inFlight) schedule();
        });
      },
      Math.max(0, lastSync + syncMs - Date.now()),
    );
    timer.unref();
  }

  return {
    hit() {
      const now = Date.now();
      const start = Math.floor(now / windowMs) * windowMs;
      if (start !== windowStart) {
        // Hits of the ended window still go to it (other instances may yet count against it).
        const leftover = unsynced - inFlight;
        if (leftover > 0 && windowStart !== 0) {
          const handover = send(windowStart, leftover).then(() => {
            handovers.delete(handover);
          });
          handovers.add(handover);
        }
        windowStart = start;
        shared = 0;
        unsynced = 0;
        inFlight = 0;
      }
      unsynced += 1;
      schedule();
      return { count: shared + unsynced, resetAt: start + windowMs };
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await Promise.all([syncing, ...handovers]);
      const leftover = unsynced - inFlight;
      if (leftover > 0) {
        unsynced -= leftover;
        await send(windowStart, leftover);
      }
    },
  };
}

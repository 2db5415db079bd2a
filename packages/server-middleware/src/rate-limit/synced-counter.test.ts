import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withinMs } from './store';
import { syncedCounter } from './synced-counter';

const WINDOW = 60_000;

/** A shared store as several instances see it: totals per window start, every `add` recorded. */
function sharedStore() {
  const totals = new Map<number, number>();
  const calls: { amount: number; windowStart: number }[] = [];
  let failNext = 0;
  return {
    calls,
    totals,
    failNext(times: number) {
      failNext = times;
    },
    async add(_key: string, windowMs: number, amount: number, at: number) {
      const windowStart = Math.floor(at / windowMs) * windowMs;
      calls.push({ amount, windowStart });
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('store down');
      }
      const total = (totals.get(windowStart) ?? 0) + amount;
      totals.set(windowStart, total);
      return { count: total, resetAt: windowStart + windowMs };
    },
  };
}

function counterOn(store: ReturnType<typeof sharedStore>, errors: unknown[] = []) {
  return syncedCounter({
    store,
    key: 'socialauth:all:signIn',
    windowMs: WINDOW,
    syncMs: 1000,
    timeoutMs: 500,
    report: (err) => errors.push(err),
    within: (timeoutMs, operation) => withinMs(timeoutMs, operation, 'rate-limit store'),
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 10 * WINDOW + 1000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('syncedCounter', () => {
  it('counts its own hits at once and adds them to the shared count in one call per interval', async () => {
    const store = sharedStore();
    const counter = counterOn(store);
    expect(counter.hit().count).toBe(1);
    await vi.advanceTimersByTimeAsync(0); // the first hit syncs at once
    for (let i = 2; i <= 50; i += 1) expect(counter.hit().count).toBe(i);
    expect(store.calls).toEqual([{ amount: 1, windowStart: 10 * WINDOW }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.calls.map((call) => call.amount)).toEqual([1, 49]);
    expect(store.totals.get(10 * WINDOW)).toBe(50);
    // Idle: no timer, no calls.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.calls).toHaveLength(2);
    await counter.close();
  });

  it("sees other instances' hits after its next sync", async () => {
    const store = sharedStore();
    const [a, b] = [counterOn(store), counterOn(store)];
    for (let i = 0; i < 5; i += 1) a.hit();
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.totals.get(10 * WINDOW)).toBe(5);
    expect(b.hit().count).toBe(1); // b has not synced yet
    await vi.advanceTimersByTimeAsync(0);
    expect(b.hit().count).toBe(7); // 6 shared after b's sync, plus this one
    await Promise.all([a.close(), b.close()]);
    expect(store.totals.get(10 * WINDOW)).toBe(7);
  });

  it('keeps counting locally while the store fails, reports it, and sends the hits with the next sync', async () => {
    const store = sharedStore();
    const errors: unknown[] = [];
    const counter = counterOn(store, errors);
    store.failNext(1);
    counter.hit();
    counter.hit();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(counter.hit().count).toBe(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.totals.get(10 * WINDOW)).toBe(3);
    await counter.close();
  });

  it('adds the hits of an ended window to that window, and starts the next one from zero', async () => {
    const store = sharedStore();
    const counter = counterOn(store);
    counter.hit();
    await vi.advanceTimersByTimeAsync(0);
    counter.hit();
    counter.hit();
    vi.setSystemTime(11 * WINDOW + 10);
    const next = counter.hit();
    expect(next).toEqual({ count: 1, resetAt: 12 * WINDOW });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.totals.get(10 * WINDOW)).toBe(3);
    expect(store.totals.get(11 * WINDOW)).toBe(1);
    await counter.close();
  });

  it('hands the unsynced hits over on close and then stops', async () => {
    const store = sharedStore();
    const counter = counterOn(store);
    counter.hit();
    await vi.advanceTimersByTimeAsync(0);
    counter.hit();
    counter.hit();
    await counter.close();
    expect(store.totals.get(10 * WINDOW)).toBe(3);
    counter.hit();
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

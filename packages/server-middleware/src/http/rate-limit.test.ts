import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryRateLimitStore } from './rate-limit';

afterEach(() => {
  vi.useRealTimers();
});

const WINDOW_MS = 60_000;

describe('memoryRateLimitStore', () => {
  it('counts hits per key within a window and starts over after it', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = memoryRateLimitStore();
    await store.hit('a', WINDOW_MS);
    expect(await store.hit('a', WINDOW_MS)).toEqual({ count: 2, resetAt: 1_000_000 + WINDOW_MS });
    expect((await store.hit('b', WINDOW_MS)).count).toBe(1);
    vi.setSystemTime(1_000_000 + WINDOW_MS);
    expect(await store.hit('a', WINDOW_MS)).toEqual({ count: 1, resetAt: 1_000_000 + 2 * WINDOW_MS });
  });

  it('holds at most maxKeys windows, forgetting the oldest first', async () => {
    const store = memoryRateLimitStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await store.hit(key, WINDOW_MS);
    await store.hit('b', WINDOW_MS);
    await store.hit('d', WINDOW_MS);
    // 'a' opened first, so the fourth key pushed it out; the others keep their counts.
    expect((await store.hit('b', WINDOW_MS)).count).toBe(3);
    expect((await store.hit('c', WINDOW_MS)).count).toBe(2);
    expect((await store.hit('a', WINDOW_MS)).count).toBe(1);
    // Re-admitting 'a' evicted 'b': hits keep a key's place, only a new window moves it to the back.
    expect((await store.hit('d', WINDOW_MS)).count).toBe(2);
    expect((await store.hit('b', WINDOW_MS)).count).toBe(1);
  });

  it('stays bounded under a flood of distinct addresses within one window', async () => {
    const store = memoryRateLimitStore();
    await store.hit('first', WINDOW_MS);
    await store.hit('first', WINDOW_MS);
    for (let i = 0; i < 10_000; i++) await store.hit(`flood-${i}`, WINDOW_MS);
    expect((await store.hit('first', WINDOW_MS)).count).toBe(1);
    expect((await store.hit('flood-9999', WINDOW_MS)).count).toBe(2);
  });

  it('refuses a maxKeys that is not a positive integer', () => {
    expect(() => memoryRateLimitStore({ maxKeys: 0 })).toThrow(/maxKeys/);
    expect(() => memoryRateLimitStore({ maxKeys: 1.5 })).toThrow(/positive integer/);
  });
});

import { describe, expect, it } from 'vitest';
import { type LockManagerLike, withCrossTabLock } from './cross-tab-lock';
import { sleep } from './random-id';
import { memoryStorage } from './storage';

async function trackOverlap(run: (task: () => Promise<void>) => Promise<void>, times: number) {
  let active = 0;
  let maxActive = 0;
  await Promise.all(
    Array.from({ length: times }, () =>
      run(async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(5);
        active -= 1;
      }),
    ),
  );
  return maxActive;
}

describe('withCrossTabLock', () => {
  it('lets one holder at a time through the storage lock and releases it', async () => {
    const storage = memoryStorage();
    const options = { name: 'k.lock', storage, locks: null, settleMs: 5, pollMs: 2 };
    expect(await trackOverlap((task) => withCrossTabLock(options, task), 5)).toBe(1);
    expect(storage.getItem('k.lock')).toBeNull();
  });

  it('takes over a storage lock whose holder died', async () => {
    const storage = memoryStorage();
    storage.setItem('k.lock', JSON.stringify({ owner: 'dead-tab', expiresAt: Date.now() + 30 }));
    const started = Date.now();
    const result = await withCrossTabLock(
      { name: 'k.lock', storage, locks: null, pollMs: 5 },
      async () => 'ran',
    );
    expect(result).toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('uses the Web Locks API when the browser has it', async () => {
    const names: string[] = [];
    const locks: LockManagerLike = {
      request: (name, callback) => {
        names.push(name);
        return callback();
      },
    };
    const storage = memoryStorage();
    expect(await withCrossTabLock({ name: 'k.lock', storage, locks }, async () => 42)).toBe(42);
    expect(names).toEqual(['k.lock']);
    expect(storage.getItem('k.lock')).toBeNull();
  });
});

import { startTestRedis, type TestRedis } from '@socialkit/testing';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisRateLimitStore } from './redis-store';

let server: TestRedis;
let client: Redis;
beforeAll(async () => {
  server = await startTestRedis();
  client = new Redis({ port: server.port, host: '127.0.0.1' });
}, 20_000);
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});
beforeEach(async () => {
  await client.flushall();
});

describe('redisRateLimitStore against redis-server', () => {
  it('counts across two stores on one server, with one expiry per window', async () => {
    const a = redisRateLimitStore({ client });
    const second = new Redis({ port: server.port, host: '127.0.0.1' });
    const b = redisRateLimitStore({ client: second });
    const started = Date.now();
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('k', 60_000)));
    expect(hits.map((hit) => hit.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    for (const { resetAt } of hits) {
      expect(resetAt).toBeGreaterThan(started + 59_000);
      expect(resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    expect(await client.pttl('socialkit:rl:k')).toBeGreaterThan(59_000);
    expect((await b.hit('other', 60_000)).count).toBe(1);
    second.disconnect();
  });

  it('counts the same way through a node-redis client, with one shared counter', async () => {
    const nodeRedis = createClient({ url: `redis://127.0.0.1:${server.port}` });
    await nodeRedis.connect();
    try {
      const viaNodeRedis = redisRateLimitStore({ client: nodeRedis });
      const viaIoredis = redisRateLimitStore({ client });
      expect((await viaNodeRedis.hit('shared', 60_000)).count).toBe(1);
      expect((await viaIoredis.hit('shared', 60_000)).count).toBe(2);
      await client.script('FLUSH');
      const third = await viaNodeRedis.hit('shared', 60_000);
      expect(third.count).toBe(3);
      expect(third.resetAt - Date.now()).toBeGreaterThan(59_000);
    } finally {
      await nodeRedis.quit();
    }
  });

  it('starts a new window once the previous one expired', async () => {
    const store = redisRateLimitStore({ client, prefix: 'app1:' });
    await store.hit('short', 150);
    expect((await store.hit('short', 150)).count).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await store.hit('short', 150)).count).toBe(1);
    expect(await client.exists('app1:short')).toBe(1);
  });

  it('repairs a counter left without expiry', async () => {
    await client.set('socialkit:rl:stuck', '7');
    const hit = await redisRateLimitStore({ client }).hit('stuck', 60_000);
    expect(hit.count).toBe(8);
    expect(await client.pttl('socialkit:rl:stuck')).toBeGreaterThan(59_000);
  });

  it('loads the script again after SCRIPT FLUSH', async () => {
    const store = redisRateLimitStore({ client });
    await store.hit('x', 60_000);
    await client.script('FLUSH');
    expect((await store.hit('x', 60_000)).count).toBe(2);
  });

  it('fails within its timeout when Redis does not answer, and says how to fail', async () => {
    const paused = new Redis({ port: server.port, host: '127.0.0.1' });
    await paused.ping();
    // CLIENT PAUSE holds every client's commands on the server: a Redis that hangs.
    await paused.call('CLIENT', 'PAUSE', '1000', 'ALL');
    const store = redisRateLimitStore({ client: paused, timeoutMs: 200, onStoreError: 'closed' });
    expect(store.onStoreError).toBe('closed');
    const started = Date.now();
    await expect(store.hit('slow', 60_000)).rejects.toThrow(/exceeded 200 ms/);
    expect(Date.now() - started).toBeLessThan(900);
    paused.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 900));
  });

  it('refuses a missing client and a bad policy at construction', () => {
    expect(() => redisRateLimitStore({ client: {} as never })).toThrow(/ioredis or node-redis/);
    expect(() => redisRateLimitStore({ client, onStoreError: 'maybe' as never })).toThrow(
      /'open' or 'closed'/,
    );
  });
});

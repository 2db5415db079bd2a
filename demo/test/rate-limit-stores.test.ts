import { startTestMongo, startTestRedis, type TestMongo, type TestRedis } from '@socialkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './support/demo';

// AUTH_RATE_LIMIT_STORE: two demo servers on one database (or one Redis) share one limit; with
// `memory` each counts on its own.
const LIMIT = 3;

let mongo: TestMongo;
let redis: TestRedis;

beforeAll(async () => {
  [mongo, redis] = await Promise.all([startTestMongo({ dbName: 'demo-rate-limit' }), startTestRedis()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), mongo?.stop()]);
});

/** Two demo servers with `env`, and the statuses of alternating nonce requests to them. */
async function alternate(env: Record<string, string>, requests: number): Promise<number[]> {
  const demos = await Promise.all([startTestDemo(env), startTestDemo(env)]);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < requests; i += 1) {
      const demo = demos[i % 2] as (typeof demos)[number];
      statuses.push((await fetch(`${demo.origin}/auth/nonce`, { method: 'POST' })).status);
    }
    return statuses;
  } finally {
    await Promise.all(demos.map((demo) => demo.close()));
  }
}

describe('AUTH_RATE_LIMIT_STORE', () => {
  it('mongo (the default): two servers on one database share the limit', async () => {
    const statuses = await alternate({ AUTH_RATE_LIMIT: String(LIMIT), MONGODB_URI: mongo.uri }, LIMIT + 2);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('redis: two servers on one Redis share the limit', async () => {
    const statuses = await alternate(
      {
        AUTH_RATE_LIMIT: String(LIMIT),
        AUTH_RATE_LIMIT_STORE: 'redis',
        REDIS_URL: redis.url,
        MONGODB_URI: mongo.uri,
      },
      LIMIT + 2,
    );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('memory: each server counts on its own', async () => {
    const statuses = await alternate(
      { AUTH_RATE_LIMIT: String(LIMIT), AUTH_RATE_LIMIT_STORE: 'memory', MONGODB_URI: mongo.uri },
      LIMIT + 2,
    );
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});

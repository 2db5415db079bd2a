import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { startTestMongo, type TestMongo } from '@socialkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './support/demo';

// AUTH_RATE_LIMIT_STORE: two demo servers on one database (or one Redis) share one limit; with
// `memory` each counts on its own.
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const LIMIT = 3;

let mongo: TestMongo;
let redis: { port: number; process: ChildProcess };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server on a free loopback port, without persistence. */
async function startRedis(): Promise<{ port: number; process: ChildProcess }> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER}: install it (apt-get install redis-server) or set REDIS_SERVER_BIN.`,
    );
  }
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (up) return { port, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error('redis-server did not start');
}

beforeAll(async () => {
  [mongo, redis] = await Promise.all([startTestMongo({ dbName: 'demo-rate-limit' }), startRedis()]);
}, 30_000);

afterAll(async () => {
  redis?.process.kill();
  await mongo?.stop();
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
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
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

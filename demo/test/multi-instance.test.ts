import { randomUUID } from 'node:crypto';
import { createFakeGoogle, type FakeGoogle, startTestMongo, type TestMongo } from '@socialkit/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Instance, type Instances, startInstances } from './support/instances';

// DESIGN.md "Many instances": three app processes on one database behave as one app.
const RATE_LIMIT = 8;
const GRACE_SECONDS = 1;

let mongo: TestMongo;
let db: Connection;
let fakeGoogle: FakeGoogle;
let instances: Instances;
let A: Instance;
let B: Instance;
let C: Instance;

beforeAll(async () => {
  mongo = await startTestMongo({ dbName: 'multi-instance' });
  fakeGoogle = createFakeGoogle();
  await fakeGoogle.listen();
  instances = await startInstances(['A', 'B', 'C'], {
    mongodbUri: mongo.uri,
    apiTokenSecret: 'multi-instance-test-secret-0123456789abcdef',
    google: { ...fakeGoogle.options },
    rateLimit: RATE_LIMIT,
    reuseGraceSeconds: GRACE_SECONDS,
  });
  [A, B, C] = instances.list as [Instance, Instance, Instance];
  db = await mongoose.createConnection(mongo.uri).asPromise();
});

afterAll(async () => {
  await instances?.stop();
  await db?.close();
  await fakeGoogle?.close();
  await mongo?.stop();
});

/** Each test speaks as its own client addresses (the instances trust X-Forwarded-For from loopback). */
let nextAddress = 1;
const newClient = () => `198.51.100.${nextAddress++}`;

async function post(
  instance: Instance,
  path: string,
  client: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${instance.origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function whoami(
  instance: Instance,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${instance.origin}/api/whoami`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function nonceFrom(instance: Instance, client: string): Promise<string> {
  const { status, body } = await post(instance, '/auth/nonce', client);
  expect(status, `nonce from ${instance.name}`).toBe(200);
  return body.nonce as string;
}

interface Session {
  token: string;
  refreshToken: string;
  user: { id: string };
}

/** Signs in on `instance` with a Google ID token for `sub`, carrying a nonce issued by `nonceIssuer`. */
async function signIn(
  instance: Instance,
  sub: string,
  client: string,
  nonceIssuer = instance,
): Promise<Session> {
  const nonce = await nonceFrom(nonceIssuer, client);
  const idToken = await fakeGoogle.mintIdToken({ sub, email: `${sub}@example.com`, nonce });
  const { status, body } = await post(instance, '/auth/google', client, { idToken });
  expect(status, JSON.stringify(body)).toBe(200);
  return body as unknown as Session;
}

describe('three app processes on one MongoDB', () => {
  it('run as separate processes on separate ports', () => {
    expect(new Set(instances.list.map((instance) => instance.origin)).size).toBe(3);
  });

  it('a nonce issued by A is accepted once by B and refused by C', async () => {
    const client = newClient();
    const nonce = await nonceFrom(A, client);
    const sub = `nonce-${randomUUID()}`;
    const idToken = await fakeGoogle.mintIdToken({ sub, email: `${sub}@example.com`, nonce });

    const onB = await post(B, '/auth/google', client, { idToken });
    expect(onB.status).toBe(200);
    expect(onB.body.token).toEqual(expect.any(String));

    // The same ID token (a replay), and a fresh token carrying the consumed nonce, both fail on C.
    const replay = await post(C, '/auth/google', client, { idToken });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'invalid_token' } });
    expect(replay.body.token).toBeUndefined();
    const reminted = await fakeGoogle.mintIdToken({ sub, email: `${sub}@example.com`, nonce });
    expect((await post(C, '/auth/google', client, { idToken: reminted })).status).toBe(401);
    expect((await post(A, '/auth/google', client, { idToken: reminted })).status).toBe(401);
  });

  it('a refresh token rotated on A and replayed on B after the grace window revokes the family on all three', async () => {
    const client = newClient();
    const first = await signIn(A, `family-${randomUUID()}`, client);
    const rotated = await post(A, '/auth/refresh', client, { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const second = rotated.body as unknown as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    for (const instance of [A, B, C]) expect((await whoami(instance, second.token)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500));
    const replay = await post(B, '/auth/refresh', client, { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: { code: 'invalid_refresh_token' } });

    // The successor is dead everywhere, and so are the family's access tokens on guards that check.
    for (const instance of [C, A, B]) {
      const refresh = await post(instance, '/auth/refresh', client, { refreshToken: second.refreshToken });
      expect(refresh.status, instance.name).toBe(401);
      expect((await whoami(instance, second.token)).status, instance.name).toBe(401);
    }
  });

  it('logout on C refuses the access token on A’s revocation-checking guard', async () => {
    const client = newClient();
    const session = await signIn(A, `logout-${randomUUID()}`, client);
    const before = await whoami(A, session.token);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ instance: 'A', userId: session.user.id });

    // Body-only logout (no Bearer): the session id in the access token is what gets refused.
    const logout = await fetch(`${C.origin}/auth/logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(logout.status).toBe(204);

    for (const instance of [A, B, C]) {
      const after = await whoami(instance, session.token);
      expect(after.status, instance.name).toBe(401);
      expect(after.body).toMatchObject({ error: { code: 'invalid_token' } });
    }
    expect((await post(B, '/auth/refresh', client, { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('the rate limit counts one client’s requests across all three', async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 4; i += 1) {
      const { status } = await post([A, B, C][i % 3] as Instance, '/auth/nonce', client);
      statuses.push(status);
    }
    // Per-process counters would let 3 × RATE_LIMIT through; the shared store lets RATE_LIMIT.
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429, 429, 429, 429]);
    const limited = await fetch(`${C.origin}/auth/nonce`, {
      method: 'POST',
      headers: { 'X-Forwarded-For': client },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another client is not affected.
    expect((await post(B, '/auth/nonce', newClient())).status).toBe(200);
  });

  it('20 concurrent first logins of one identity spread over the three make one user', async () => {
    const sub = `race-${randomUUID()}`;
    const targets = Array.from({ length: 20 }, (_, i) => [A, B, C][i % 3] as Instance);
    // Nonces first (from a different instance than the one that will consume each), then all at once.
    const attempts = await Promise.all(
      targets.map(async (instance, i) => {
        const client = newClient();
        const nonce = await nonceFrom([B, C, A][i % 3] as Instance, client);
        const idToken = await fakeGoogle.mintIdToken({ sub, email: `${sub}@example.com`, nonce });
        return { instance, client, idToken };
      }),
    );
    const results = await Promise.all(
      attempts.map(({ instance, client, idToken }) => post(instance, '/auth/google', client, { idToken })),
    );
    expect(
      results.map((result) => result.status),
      JSON.stringify(results.find((r) => r.status !== 200)?.body),
    ).toEqual(Array(20).fill(200));
    const ids = new Set(results.map((result) => (result.body.user as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.body.isNewUser === true)).toHaveLength(1);

    const users = await db
      .collection('users')
      .find({ identities: { $elemMatch: { provider: 'google', subject: sub } } })
      .toArray();
    expect(users).toHaveLength(1);
    expect(String(users[0]?._id)).toBe([...ids][0]);
  });
});

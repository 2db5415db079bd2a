import { type AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeProviders, startFakeProviders, startTestMongo, type TestMongo } from '@socialkit/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  readmeExample,
  type WrittenExamples,
  writeReadmeExamples,
} from '../../../../scripts/readme-examples';
import type { FacebookOptions, GoogleOptions } from '../../src/index';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
let fakes: FakeProviders;
let mongo: TestMongo;
let example: WrittenExamples;
let origin: string;
const servers: Server[] = [];

beforeAll(async () => {
  fakes = await startFakeProviders();
  mongo = await startTestMongo({ log: () => {} });
  // The quick start reads its settings from the environment, as a deployed app would.
  vi.stubEnv('MONGODB_URI', mongo.uri);
  vi.stubEnv('GOOGLE_CLIENT_ID', fakes.google.clientId);
  vi.stubEnv('FACEBOOK_APP_ID', fakes.facebook.appId);
  vi.stubEnv('FACEBOOK_APP_SECRET', fakes.facebook.appSecret);
  vi.stubEnv('API_TOKEN_SECRET', 'quick-start-secret-of-at-least-32-bytes');
  // Google's and Facebook's URLs pointed at the fakes: the only change the harness makes to the options.
  vi.doMock('@socialkit/express', async () => {
    const actual = await import('../../src/index');
    const { jwksUri, tokenInfoUrl, userInfoUrl, tokenUrl } = fakes.google.options;
    const { graphUrl } = fakes.facebook.options;
    return {
      ...actual,
      google: (options: GoogleOptions) =>
        actual.google({ ...options, jwksUri, tokenInfoUrl, userInfoUrl, tokenUrl }),
      facebook: (options: FacebookOptions) => actual.facebook({ ...options, graphUrl }),
    };
  });
  // `app.listen(3000)` as written, moved to a free port so tests never collide.
  const listen = Server.prototype.listen as (this: Server, ...args: unknown[]) => Server;
  const spy = vi.spyOn(Server.prototype, 'listen').mockImplementation(function (
    this: Server,
    ...args: unknown[]
  ) {
    servers.push(this);
    const callbacks = args.filter((arg) => typeof arg === 'function');
    return listen.call(this, 0, '127.0.0.1', ...callbacks);
  });

  example = await writeReadmeExamples(join(import.meta.dirname, 'gen'), {
    'server.ts': readmeExample(readme, 'quick-start'),
  });
  try {
    await import(example.files['server.ts'] as string);
  } finally {
    spy.mockRestore();
  }
  const [server] = servers;
  if (!server) throw new Error('the quick start did not call app.listen()');
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await mongoose.disconnect();
  await Promise.all([mongo?.stop(), fakes?.close(), example?.remove()]);
  vi.unstubAllEnvs();
  vi.doUnmock('@socialkit/express');
});

const post = (path: string, body: unknown = {}) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('README quick start', () => {
  it('signs a Google user in and serves the guarded route to them only', async () => {
    const { nonce } = await (await post('/auth/nonce')).json();
    const idToken = await fakes.google.mintIdToken({ nonce, email: 'ada@example.com' });
    const signIn = await post('/auth/google', { idToken });
    expect(signIn.status).toBe(200);
    const session = await signIn.json();
    expect(session.user).toMatchObject({ email: 'ada@example.com', providers: ['google'] });

    const notes = await fetch(`${origin}/api/notes`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(await notes.json()).toEqual({ owner: session.user.id });
    expect((await fetch(`${origin}/api/notes`)).status).toBe(401);
  });

  it('signs a Facebook user in with the app credentials from the environment', async () => {
    const accessToken = fakes.facebook.issueUserToken({ id: '4242', email: 'grace@example.com' });
    const signIn = await post('/auth/facebook', { accessToken, userID: '4242' });
    expect(signIn.status).toBe(200);
    // Without `trustEmail`, Facebook's address is kept on the identity, unverified.
    expect((await signIn.json()).user).toMatchObject({ emailVerified: false, providers: ['facebook'] });
  });
});

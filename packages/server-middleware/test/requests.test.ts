import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

const post = (app: Parameters<typeof request>[0], path: string, body: string, type = 'application/json') =>
  request(app).post(path).set('content-type', type).send(body);

describe('request-level bad input', () => {
  it.each([
    ['malformed JSON', '{"idToken":'],
    ['a BOM', '\uFEFF{"idToken":"abc"}'],
    ['a bare string', '"abc"'],
    ['a bare number', '42'],
    ['null', 'null'],
    ['an array', '[{"idToken":"abc"}]'],
    ['an empty body', ''],
  ])('answers 400 for %s', async (_name, body) => {
    const { app } = h.app();
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, '/auth/google', body), 400, 'invalid_request');
    expect(h.fakes.google.requests).toHaveLength(0);
  });

  it('answers 413 over 8 KB', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    const body = JSON.stringify({ idToken: 'a'.repeat(9000) });
    await expectRefusal(h, before, await post(app, '/auth/google', body), 413, 'payload_too_large');
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['form', 'application/x-www-form-urlencoded'],
    ['a foreign charset', 'application/json; charset=utf-16'],
  ])('answers 415 for %s', async (_name, type) => {
    const { app } = h.app();
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await post(app, '/auth/google', '{"idToken":"a"}', type),
      415,
      'unsupported_media_type',
    );
  });

  it('answers 415 without a content type', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app).post('/auth/refresh').send(Buffer.from('{"refreshToken":"x"}'));
    await expectRefusal(h, before, res, 415, 'unsupported_media_type');
  });

  it.each([
    ['an object', { idToken: { a: 1 } }],
    ['an array', { idToken: ['a'] }],
    ['a number', { idToken: 1 }],
    ['null', { idToken: null }],
    ['an operator', { idToken: { $gt: '' } }],
    ['two credentials', { idToken: 'a', code: 'b' }],
    ['no credential', { userID: '1' }],
    ['a non-numeric userID', { accessToken: 'a', userID: { $ne: 1 } }],
  ])('answers 400 for a credential that is %s, before any provider call', async (_name, body) => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app).post('/auth/google').send(body);
    await expectRefusal(h, before, res, 400, 'invalid_request');
    expect(h.fakes.google.requests).toHaveLength(0);
  });

  it('answers 400 for a flow the provider does not take', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/facebook').send({ idToken: 'x' }),
      400,
      'invalid_request',
    );
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'github'])(
    'answers 404 unknown_provider for %s with no outbound call',
    async (name) => {
      const { app } = h.app();
      const before = await h.snapshot();
      const res = await request(app).post(`/auth/${name}`).send({ idToken: 'x' });
      await expectRefusal(h, before, res, 404, 'unknown_provider');
      expect(h.fakes.google.requests).toHaveLength(0);
      expect(h.fakes.facebook.requests).toHaveLength(0);
    },
  );

  it('strips __proto__ from a body an app-level express.json() already parsed', async () => {
    const { auth } = h.app();
    const { default: express } = await import('express');
    const app = express().use(express.json()).use('/auth', auth.router);
    const res = await post(app, '/auth/google', '{"__proto__":{"isAdmin":true},"idToken":{"$gt":""}}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('reports every error to onError with its cause, never in the body', async () => {
    const { app, errors } = h.app();
    await post(app, '/auth/google', '{"idToken":');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error & { cause?: unknown }).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('GET /providers and /nonce', () => {
  it('lists public provider config without secrets', async () => {
    const { app } = h.app();
    const res = await request(app).get('/auth/providers').expect(200);
    expect(res.body).toEqual({
      providers: [
        { id: 'google', clientId: h.fakes.google.clientId, flows: ['idToken', 'code'] },
        { id: 'facebook', appId: h.fakes.facebook.appId, flows: ['accessToken'] },
      ],
    });
    expect(res.text).not.toContain(h.fakes.facebook.appSecret);
    expect(res.text).not.toContain(h.fakes.google.clientSecret);
  });

  it('issues distinct short-lived nonces', async () => {
    const { app } = h.app();
    const a = (await request(app).post('/auth/nonce').expect(200)).body;
    const b = (await request(app).post('/auth/nonce').expect(200)).body;
    expect(a.expiresIn).toBe(600);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('publishes a JWKS only for asymmetric tokens', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    await request(h.app().app).get('/auth/.well-known/jwks.json').expect(404);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { app } = h.app({ tokens: { algorithm: 'ES256', privateKey } });
    const res = await request(app).get('/auth/.well-known/jwks.json').expect(200);
    expect(res.body.keys).toEqual([expect.objectContaining({ kty: 'EC', alg: 'ES256', use: 'sig' })]);
    expect(res.body.keys[0]).not.toHaveProperty('d');
  });
});

describe('test network', () => {
  it('refuses connections that would leave the machine, so no test can reach a real provider', async () => {
    const { app } = h.app({
      google: {
        ...h.fakes.google.options,
        jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
        nonce: 'optional',
      },
    });
    const idToken = await h.fakes.google.mintIdToken();
    const res = await request(app).post('/auth/google').send({ idToken });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({
      status: 503,
      code: 'provider_unavailable',
    });
    expect(h.refusedHosts).toContain('www.googleapis.com');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../../src/kit/index';

let fakes: FakeProviders;
beforeAll(async () => {
  fakes = await startFakeProviders();
});
afterAll(() => fakes.close());
beforeEach(() => fakes.reset());

const jwks = () => fetch(fakes.providers.google.jwksUri, { signal: AbortSignal.timeout(2000) });
const graphMe = () => fetch(`${fakes.providers.facebook.graphUrl}/me`, { signal: AbortSignal.timeout(2000) });

describe('faults', () => {
  it('adds latency before the normal answer', async () => {
    fakes.google.faults.set({ latencyMs: 300 });
    const started = Date.now();
    const res = await jwks();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('answers a chosen status and body (5xx, garbage, empty JSON)', async () => {
    fakes.google.faults.set({ status: 503, body: '<html>Service Unavailable</html>' });
    const res = await jwks();
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    fakes.google.faults.set({ body: '{}' });
    const empty = await jwks();
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({});
    fakes.facebook.faults.set({ status: 200, body: 'not json', contentType: 'application/json' });
    const garbage = await graphMe();
    expect(garbage.headers.get('content-type')).toBe('application/json');
    expect(await garbage.text()).toBe('not json');
  });

  it('rate-limits with 429 and Retry-After in each provider’s own error shape', async () => {
    fakes.google.faults.set({ rateLimit: true });
    fakes.facebook.faults.set({ rateLimit: true });
    const google = await jwks();
    expect(google.status).toBe(429);
    expect(google.headers.get('retry-after')).toBe('30');
    expect(await google.json()).toMatchObject({ error: { status: 'RESOURCE_EXHAUSTED' } });
    const facebook = await graphMe();
    expect(facebook.status).toBe(429);
    expect(await facebook.json()).toMatchObject({ error: { code: 4, type: 'OAuthException' } });
  });

  it('hangs until the client gives up', async () => {
    fakes.google.faults.set({ hang: true });
    const started = Date.now();
    const error = await fetch(fakes.providers.google.jwksUri, { signal: AbortSignal.timeout(300) }).catch(
      (e) => e,
    );
    expect(error).toHaveProperty('name', 'TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('limits a fault to paths containing `only`, and spares the sandbox by default', async () => {
    fakes.google.faults.set({ status: 500, only: '/tokeninfo' });
    expect((await jwks()).status).toBe(200);
    expect((await fetch(`${fakes.providers.google.tokenInfoUrl}?access_token=x`)).status).toBe(500);
    fakes.google.faults.set({ status: 500 });
    expect((await fetch(`${fakes.google.baseUrl}/sandbox/accounts`)).status).toBe(200);
    fakes.google.faults.clear();
    expect((await fetch(`${fakes.providers.google.tokenInfoUrl}?access_token=x`)).status).toBe(400);
  });

  it('closes promptly with a hanging request open', async () => {
    const own = await startFakeProviders();
    own.google.faults.set({ hang: true });
    const pending = fetch(own.providers.google.jwksUri).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('startFakeProviders', () => {
  it('gives provider options pointing at both running fakes', async () => {
    expect(fakes.providers.google).toEqual(fakes.google.options);
    expect(fakes.providers.facebook.graphUrl).toBe(`${fakes.facebook.baseUrl}/v23.0`);
    expect(fakes.providers.google.jwksUri.startsWith('http://127.0.0.1:')).toBe(true);
  });
});

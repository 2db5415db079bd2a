import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createFakeGoogle, type FakeGoogle } from '@socialkit/testing';
import { decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJwksCache, type JwksCacheOptions, jwksMaxAgeMs } from '../src/providers/jwks-cache';

const HOUR = 3600_000;
let google: FakeGoogle;
beforeAll(async () => {
  google = createFakeGoogle();
  await google.listen();
});
afterAll(() => google.close());
beforeEach(() => {
  google.reset();
  // Only the clock moves: sockets and timeouts stay real, so the fake is really called.
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => vi.useRealTimers());

const cacheFor = (options: Partial<JwksCacheOptions> = {}) =>
  createJwksCache({ uri: google.options.jwksUri, fetch, timeoutMs: 1000, ...options });
const certFetches = () => google.requests.filter((r) => r.path.endsWith('/certs')).length;
const hint = async () => decodeProtectedHeader(await google.mintIdToken());
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);
const jwkOf = (key: KeyObject) => key.export({ format: 'jwk' });

describe('jwksMaxAgeMs', () => {
  it('reads max-age less Age, clamped to the floor and the ceiling', () => {
    expect(jwksMaxAgeMs('public, max-age=21600, must-revalidate')).toBe(21_600_000);
    expect(jwksMaxAgeMs('public, max-age=21600', { ageSeconds: 600 })).toBe(21_000_000);
    expect(jwksMaxAgeMs('max-age=5')).toBe(60_000);
    expect(jwksMaxAgeMs('max-age=999999')).toBe(86_400_000);
    expect(jwksMaxAgeMs('no-cache, max-age=3600')).toBe(60_000);
    expect(jwksMaxAgeMs('max-age=3600', { minMs: 0, maxMs: 1000 })).toBe(1000);
    expect(jwksMaxAgeMs(null)).toBe(600_000);
  });
});

describe('createJwksCache', () => {
  it('fetches once for concurrent callers and serves from memory while fresh', async () => {
    const cache = cacheFor();
    const h = await hint();
    const keys = await Promise.all(Array.from({ length: 20 }, () => cache.key(h)));
    expect(new Set(keys).size).toBe(1);
    advance(5 * HOUR);
    await cache.key(h);
    expect(certFetches()).toBe(1);
    const { fetchedAt, freshUntil } = cache.status();
    expect(freshUntil - fetchedAt).toBe(6 * HOUR);
  });

  it('refetches past max-age (must-revalidate) when the provider is up', async () => {
    const cache = cacheFor();
    const h = await hint();
    await cache.key(h);
    advance(6 * HOUR + 1000);
    await cache.key(h);
    expect(certFetches()).toBe(2);
  });

  it('keeps the last good keys during an outage, with one failed fetch per cooldown', async () => {
    const cache = cacheFor({ cooldownMs: 30_000 });
    const h = await hint();
    const good = await cache.key(h);
    google.faults.set({ status: 503, only: '/certs' });
    advance(6 * HOUR + 1000);
    const during = await Promise.all(Array.from({ length: 25 }, () => cache.key(h)));
    for (let i = 0; i < 25; i += 1) expect(await cache.key(h)).toBe(good);
    expect(during.every((key) => key === good)).toBe(true);
    expect(certFetches()).toBe(2);
    expect(cache.status().failedAt).toBeGreaterThan(0);

    // Past the cooldown, the stale keys answer at once and the retry runs in the background.
    advance(31_000);
    expect(await cache.key(h)).toBe(good);
    await vi.waitFor(() => expect(certFetches()).toBe(3));

    google.faults.clear();
    advance(31_000);
    expect(await cache.key(h)).toBe(good);
    await vi.waitFor(() => expect(cache.status().failedAt).toBe(0));
    expect(certFetches()).toBe(4);
    await cache.key(h);
    expect(certFetches()).toBe(4);
  });

  it('answers from stale keys at once while a slow, failing provider is retried', async () => {
    const cache = cacheFor({ cooldownMs: 30_000 });
    const h = await hint();
    const good = await cache.key(h);
    google.faults.set({ hang: true, only: '/certs' });
    advance(6 * HOUR + 1000);
    expect(await cache.key(h)).toBe(good); // this one waited for the timeout (1 s)
    advance(31_000);
    const started = performance.now();
    expect(await cache.key(h)).toBe(good);
    expect(performance.now() - started).toBeLessThan(300);
    await vi.waitFor(() => expect(certFetches()).toBe(3));
  });

  it('stops using stale keys after staleIfErrorMs', async () => {
    const cache = cacheFor({ staleIfErrorMs: 2 * HOUR });
    const h = await hint();
    await cache.key(h);
    google.faults.set({ hang: true, only: '/certs' });
    advance(7 * HOUR);
    await expect(cache.key(h)).resolves.toBeDefined();
    advance(HOUR + 1000);
    await expect(cache.key(h)).rejects.toMatchObject({ code: 'provider_unavailable' });
  });

  it('never having had keys, answers 503 and waits a cooldown before fetching again', async () => {
    const cache = cacheFor({ cooldownMs: 30_000 });
    const h = await hint();
    google.faults.set({ status: 200, body: '<html>captive portal</html>' });
    await expect(cache.key(h)).rejects.toMatchObject({ code: 'provider_unavailable' });
    await expect(cache.key(h)).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(certFetches()).toBe(1);
    google.faults.clear();
    advance(30_000);
    await expect(cache.key(h)).resolves.toBeDefined();
    expect(certFetches()).toBe(2);
  });

  it('refetches for an unknown kid at most once per cooldown, then refuses it', async () => {
    const cache = cacheFor({ cooldownMs: 30_000 });
    await cache.key(await hint());
    advance(31_000);
    const unknown = { kid: 'not-a-key-of-this-provider', alg: 'RS256' };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => cache.key(unknown)));
    expect(results.map((r) => r.status === 'rejected' && r.reason.code)).toEqual(
      Array(10).fill('invalid_token'),
    );
    await expect(cache.key(unknown)).rejects.toMatchObject({ code: 'invalid_token' });
    expect(certFetches()).toBe(2);
  });

  it('picks a key only when its kty, curve and alg fit the header', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = {
      keys: [
        { ...jwkOf(ec.publicKey), kid: 'ec', use: 'sig' },
        { ...jwkOf(rsa.publicKey), kid: 'rs', alg: 'RS256' },
        { ...jwkOf(rsa.publicKey), kid: 'enc', use: 'enc' },
      ],
    };
    const served = vi.fn(async () => Response.json(body, { headers: { 'cache-control': 'max-age=600' } }));
    const cache = createJwksCache({ uri: 'https://keys.example/jwks', fetch: served, timeoutMs: 1000 });
    const ecKey = await cache.key({ kid: 'ec', alg: 'ES256' });
    expect(ecKey.asymmetricKeyType).toBe('ec');
    expect(ecKey.type).toBe('public');
    expect((await cache.key({ kid: 'rs', alg: 'RS256' })).asymmetricKeyType).toBe('rsa');
    for (const wrong of [
      { kid: 'ec', alg: 'ES384' },
      { kid: 'ec', alg: 'RS256' },
      { kid: 'rs', alg: 'PS256' },
      { kid: 'enc', alg: 'RS256' },
    ]) {
      await expect(cache.key(wrong)).rejects.toMatchObject({ code: 'invalid_token' });
    }
    expect(cache.status().kids).toEqual(['ec', 'rs']);
  });

  it('resolves the URL lazily, once per fetch', async () => {
    const uri = vi.fn(async () => google.options.jwksUri);
    const cache = cacheFor({ uri });
    expect(uri).not.toHaveBeenCalled();
    const h = await hint();
    await cache.key(h);
    await cache.key(h);
    expect(uri).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a negative cooldown', { cooldownMs: -1 }],
    ['a floor above the ceiling', { minMaxAgeMs: 2 * HOUR, maxMaxAgeMs: HOUR }],
  ])('refuses %s at construction', (_name, options) => {
    expect(() => cacheFor(options)).toThrow(/MaxAgeMs|cooldownMs/);
  });
});

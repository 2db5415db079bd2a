import { generateKeyPairSync } from 'node:crypto';
import * as jose from 'jose';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { resolveTokens, type TokenOptions } from '../config/tokens';
import { createAccessTokenService } from './access-tokens';
import { createHs256Verifier } from './hs256';

const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);
const service = (tokens: TokenOptions) => createAccessTokenService(resolveTokens(tokens));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('access-token keys with ids', () => {
  it('signs with the first key, names it in kid, and verifies with any listed key', () => {
    const before = service({ keys: [{ kid: 'k1', secret: OLD }] });
    const during = service({
      keys: [
        { kid: 'k2', secret: NEW },
        { kid: 'k1', secret: OLD },
      ],
    });
    const after = service({ keys: [{ kid: 'k2', secret: NEW }] });

    const old = before.sign('u1', { sessionId: 's1' }).token;
    const fresh = during.sign('u1', { sessionId: 's1' }).token;
    expect(jose.decodeProtectedHeader(old)).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' });
    expect(jose.decodeProtectedHeader(fresh)).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'k2' });
    expect(during.verify(old)).toMatchObject({ sub: 'u1', sid: 's1' });
    expect(during.verify(fresh).sub).toBe('u1');
    expect(after.verify(fresh).sub).toBe('u1');
    expect(code(() => after.verify(old))).toBe('invalid_token');
    expect(code(() => before.verify(fresh))).toBe('invalid_token');
  });

  it('keeps the HS256 fast path for every key: its header is the one jsonwebtoken writes', () => {
    const during = service({
      keys: [
        { kid: 'k2', secret: NEW },
        { kid: 'k1', secret: OLD },
      ],
    });
    const token = during.sign('u1').token;
    const verifier = createHs256Verifier({
      key: resolveTokens({ secret: NEW }).keys[0]?.verifyKey as never,
      issuer: 'socialkit',
      audience: 'socialkit-api',
      typ: 'at+jwt',
      kid: 'k2',
    });
    expect(token.split('.')[0]).toBe(verifier.headerSegment);
    expect(verifier(token, false)?.sub).toBe('u1');
  });

  it('accepts tokens signed with a single secret once that secret is listed under any kid', () => {
    const legacy = service({ secret: OLD }).sign('u1').token;
    expect(jose.decodeProtectedHeader(legacy)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    const rotated = service({
      keys: [
        { kid: 'k2', secret: NEW },
        { kid: 'legacy', secret: OLD },
      ],
    });
    expect(rotated.verify(legacy).sub).toBe('u1');
    expect(code(() => service({ keys: [{ kid: 'k2', secret: NEW }] }).verify(legacy))).toBe('invalid_token');
  });

  it('pins each key to its own algorithm, whatever the header says', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mixed = service({
      keys: [
        { kid: 'rs', privateKey: rsa.privateKey },
        { kid: 'hs', secret: OLD },
      ],
    });
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const base = { issuer: 'socialkit', audience: 'socialkit-api', subject: 'u1', jwtid: 'j', expiresIn: 60 };
    // The RSA public key used as an HMAC secret under the RSA key's kid (the classic confusion).
    const confused = jwt.sign({}, pem, { ...base, header: { alg: 'HS256', typ: 'at+jwt', kid: 'rs' } });
    expect(code(() => mixed.verify(confused))).toBe('invalid_token');
    const wrongKid = jwt.sign({}, OLD, { ...base, header: { alg: 'HS256', typ: 'at+jwt', kid: 'rs' } });
    expect(code(() => mixed.verify(wrongKid))).toBe('invalid_token');
    const numericSid = jwt.sign({ sid: 42 }, rsa.privateKey, {
      ...base,
      algorithm: 'RS256',
      header: { alg: 'RS256', typ: 'at+jwt', kid: 'rs' },
    });
    expect(code(() => mixed.verify(numericSid))).toBe('invalid_token');
    expect(mixed.verify(mixed.sign('u9').token).sub).toBe('u9');
  });

  it('publishes every asymmetric public key in the JWKS, retired ones included', async () => {
    const current = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const retired = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const oldService = service({ keys: [{ kid: 'r1', privateKey: retired.privateKey, algorithm: 'RS256' }] });
    const rotated = service({
      keys: [
        { kid: 'e2', privateKey: current.privateKey, algorithm: 'ES256' },
        { kid: 'r1', publicKey: retired.publicKey },
        { kid: 'h0', secret: OLD },
      ],
    });
    const jwks = rotated.jwks();
    expect(jwks?.keys.map((key) => [key.kid, key.alg, key.kty])).toEqual([
      ['e2', 'ES256', 'EC'],
      ['r1', 'RS256', 'RSA'],
    ]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"|"k"/);
    const set = jose.createLocalJWKSet(jwks as jose.JSONWebKeySet);
    const opts = { issuer: 'socialkit', audience: 'socialkit-api', typ: 'at+jwt' };
    const fresh = rotated.sign('u1').token;
    expect((await jose.jwtVerify(fresh, set, opts)).protectedHeader.kid).toBe('e2');
    const old = oldService.sign('u1').token;
    expect((await jose.jwtVerify(old, set, opts)).payload.sub).toBe('u1');
    expect(rotated.verify(old).sub).toBe('u1');
  });

  it('gives a single asymmetric key its thumbprint as kid, as before', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = service({ algorithm: 'ES256', privateKey });
    const { kid } = jose.decodeProtectedHeader(es.sign('u').token);
    expect(kid).toBe(es.jwks()?.keys[0]?.kid);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('resolveTokens', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  it.each([
    ['an empty key list', { keys: [] }, /non-empty array/],
    ['keys with secret', { keys: [{ kid: 'a', secret: NEW }], secret: OLD }, /cannot be combined/],
    [
      'a repeated kid',
      {
        keys: [
          { kid: 'a', secret: NEW },
          { kid: 'a', secret: OLD },
        ],
      },
      /twice/,
    ],
    ['a missing kid', { keys: [{ secret: NEW }] }, /kid/],
    ['a short secret', { keys: [{ kid: 'a', secret: 'short' }] }, /at least 32 bytes/],
    ['two key materials', { keys: [{ kid: 'a', secret: NEW, privateKey: rsa.privateKey }] }, /exactly one/],
    [
      'a verify-only first key',
      { keys: [{ kid: 'a', publicKey: rsa.publicKey }] },
      /first of `tokens.keys` signs/,
    ],
    [
      'an algorithm not matching the key',
      { keys: [{ kid: 'a', privateKey: rsa.privateKey, algorithm: 'ES256' }] },
      /EC P-256/,
    ],
    ['the old TTL name', { secret: NEW, accessTokenTtl: 60 }, /now `tokens.accessTokenTtlSeconds`/],
    ['the old refresh TTL name', { secret: NEW, refreshTokenTtl: 60 }, /now `tokens.refreshTokenTtlSeconds`/],
    ['a typo', { secret: NEW, acessTokenTtlSeconds: 60 }, /did you mean `accessTokenTtlSeconds`/],
  ])('refuses %s with the fix in the message', (_name, tokens, message) => {
    expect(() => resolveTokens(tokens)).toThrow(message);
  });

  it('reads the TTLs in seconds', () => {
    const resolved = resolveTokens({ secret: NEW, accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 3600 });
    expect(resolved).toMatchObject({ accessTokenTtl: 60, refreshTokenTtl: 3600, algorithm: 'HS256' });
    expect(service({ secret: NEW, accessTokenTtlSeconds: 60 }).sign('u').expiresIn).toBe(60);
  });
});

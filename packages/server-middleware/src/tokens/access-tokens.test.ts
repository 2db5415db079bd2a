import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import * as jose from 'jose';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { resolveTokens } from '../config/tokens';
import { createAccessTokenService } from './access-tokens';

const secret = 'a'.repeat(40);
const service = createAccessTokenService(resolveTokens({ secret }));
const key = createSecretKey(Buffer.from(secret));
const base = { issuer: 'socialkit', audience: 'socialkit-api', subject: 'u1', expiresIn: 60 } as const;

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('access tokens', () => {
  it('signs at+jwt with iss, aud, sub, jti, iat, exp and verifies it', () => {
    const { token, expiresIn } = service.sign('user-1');
    expect(expiresIn).toBe(900);
    expect(jose.decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    const claims = service.verify(token);
    expect(claims).toMatchObject({ sub: 'user-1', iss: 'socialkit', aud: 'socialkit-api' });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('carries the session id as sid, on both the fast and the general path', () => {
    const { token } = service.sign('user-1', { sessionId: 'family-7' });
    expect(service.verify(token)).toMatchObject({ sub: 'user-1', sid: 'family-7' });
    expect(service.verify(service.sign('user-1').token)).not.toHaveProperty('sid');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = createAccessTokenService(resolveTokens({ algorithm: 'ES256', privateKey }));
    expect(es.verify(es.sign('u3', { sessionId: 'family-8' }).token).sid).toBe('family-8');
  });

  it('rejects a non-string sid on both paths', () => {
    const token = jwt.sign({ sid: 42 }, key, {
      ...base,
      jwtid: 'j',
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    expect(code(() => service.verify(token))).toBe('invalid_token');
    const general = jwt.sign({ sid: { $ne: null } }, key, {
      ...base,
      jwtid: 'j',
      header: { alg: 'HS256', typ: 'at+jwt', kid: 'x' },
    });
    expect(code(() => service.verify(general))).toBe('invalid_token');
  });

  it.each([
    ['alg none', jwt.sign({}, '', { ...base, algorithm: 'none', header: { alg: 'none', typ: 'at+jwt' } })],
    ['another secret', jwt.sign({}, 'b'.repeat(40), { ...base, header: { alg: 'HS256', typ: 'at+jwt' } })],
    [
      'wrong audience',
      jwt.sign({}, key, { ...base, audience: 'other', header: { alg: 'HS256', typ: 'at+jwt' } }),
    ],
    ['wrong issuer', jwt.sign({}, key, { ...base, issuer: 'evil', header: { alg: 'HS256', typ: 'at+jwt' } })],
    ['wrong typ', jwt.sign({}, key, { ...base, header: { alg: 'HS256', typ: 'JWT' } })],
    [
      'no exp',
      jwt.sign({}, key, {
        issuer: 'socialkit',
        audience: 'socialkit-api',
        subject: 'u1',
        header: { alg: 'HS256', typ: 'at+jwt' },
      }),
    ],
    [
      'no sub',
      jwt.sign({}, key, {
        issuer: 'socialkit',
        audience: 'socialkit-api',
        expiresIn: 60,
        header: { alg: 'HS256', typ: 'at+jwt' },
      }),
    ],
    ['no jti', jwt.sign({}, key, { ...base, header: { alg: 'HS256', typ: 'at+jwt' } })],
    ['garbage', 'not.a.jwt'],
  ])('rejects %s as invalid_token', (_name, token) => {
    expect(code(() => service.verify(token))).toBe('invalid_token');
  });

  it('reports expiry as token_expired', () => {
    const token = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 5 }, key, {
      issuer: 'socialkit',
      audience: 'socialkit-api',
      subject: 'u1',
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    expect(code(() => service.verify(token))).toBe('token_expired');
  });

  it('with ignoreExpiration accepts an expired token but nothing else', () => {
    const expired = {
      ...base,
      expiresIn: -5,
      jwtid: 'j-1',
      header: { alg: 'HS256', typ: 'at+jwt' },
    } as const;
    expect(service.verify(jwt.sign({}, key, expired), { ignoreExpiration: true })).toMatchObject({
      sub: 'u1',
      jti: 'j-1',
    });
    const forged = jwt.sign({}, 'b'.repeat(40), expired);
    expect(code(() => service.verify(forged, { ignoreExpiration: true }))).toBe('invalid_token');
  });

  it('signs RS256 with a kid published in the JWKS, and rejects HS256 signed with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = createAccessTokenService(resolveTokens({ algorithm: 'RS256', privateKey }));
    const { token } = rs.sign('u2');
    const jwks = rs.jwks();
    expect(jwks?.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks?.keys[0]).not.toHaveProperty('d');
    const verified = await jose.jwtVerify(token, jose.createLocalJWKSet(jwks as jose.JSONWebKeySet), {
      typ: 'at+jwt',
    });
    expect(verified.payload.sub).toBe('u2');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const confused = await new jose.SignJWT({ sub: 'u2' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer('socialkit')
      .setAudience('socialkit-api')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(pem));
    expect(code(() => rs.verify(confused))).toBe('invalid_token');
  });

  it('signs ES256', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const es = createAccessTokenService(resolveTokens({ algorithm: 'ES256', privateKey }));
    expect(es.verify(es.sign('u3').token).sub).toBe('u3');
    expect(es.jwks()?.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });
});

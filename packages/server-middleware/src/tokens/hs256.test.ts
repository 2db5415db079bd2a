import { createHmac, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TYP } from './access-tokens';
import { createHs256Verifier } from './hs256';

const key = createSecretKey(Buffer.from('s'.repeat(40)));
const otherKey = createSecretKey(Buffer.from('t'.repeat(40)));
const config = { key, issuer: 'socialkit', audience: 'socialkit-api', typ: ACCESS_TOKEN_TYP };
const verifyFast = createHs256Verifier(config);
const now = () => Math.floor(Date.now() / 1000);

type Verdict = 'ok' | 'invalid_token' | 'token_expired';

/** The verdict of the general path: jsonwebtoken plus the service's own typ/exp/sub/jti checks. */
function reference(token: string, ignoreExpiration: boolean): Verdict {
  try {
    const { header, payload } = jwt.verify(token, key, {
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      ignoreExpiration,
      complete: true,
    });
    const { exp, sub, jti } = payload as Record<string, unknown>;
    if (header.typ !== ACCESS_TOKEN_TYP) return 'invalid_token';
    if (typeof exp !== 'number' || typeof sub !== 'string' || sub === '' || typeof jti !== 'string') {
      return 'invalid_token';
    }
    return 'ok';
  } catch (err) {
    return err instanceof jwt.TokenExpiredError ? 'token_expired' : 'invalid_token';
  }
}

function fast(token: string, ignoreExpiration: boolean): Verdict | 'not ours' {
  try {
    return verifyFast(token, ignoreExpiration) ? 'ok' : 'not ours';
  } catch (err) {
    return (err as { code: Verdict }).code;
  }
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const hmac = (input: string, k = key) => createHmac('sha256', k).update(input).digest('base64url');
/** A token from raw segments, signed with `k`: what only a holder of the secret could write. */
const raw = (header: string, payload: string, k = key) =>
  `${header}.${payload}.${hmac(`${header}.${payload}`, k)}`;
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: ACCESS_TOKEN_TYP }));

const claims = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    sub: 'u1',
    jti: 'j1',
    iss: 'socialkit',
    aud: 'socialkit-api',
    iat: now(),
    exp: now() + 60,
    ...extra,
  });

// A seeded generator: a failure names its seed and reproduces.
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % below) as number;
  };
}

const seeds: Array<[string, string]> = [
  ['valid', raw(HEADER, b64(claims()))],
  ['aud array', raw(HEADER, b64(claims({ aud: ['x', 'socialkit-api'] })))],
  ['expired', raw(HEADER, b64(claims({ exp: now() - 1 })))],
  ['expires now', raw(HEADER, b64(claims({ exp: now() })))],
  ['expired and wrong aud', raw(HEADER, b64(claims({ exp: now() - 5, aud: 'x' })))],
  ['exp as string', raw(HEADER, b64(claims({ exp: String(now() + 60) })))],
  ['nbf in the future', raw(HEADER, b64(claims({ nbf: now() + 30 })))],
  ['nbf as string and expired', raw(HEADER, b64(claims({ nbf: 'soon', exp: now() - 5 })))],
  ['nbf passed', raw(HEADER, b64(claims({ nbf: now() - 30 })))],
  ['nbf now', raw(HEADER, b64(claims({ nbf: now() })))],
  ['wrong iss', raw(HEADER, b64(claims({ iss: 'evil' })))],
  ['wrong aud', raw(HEADER, b64(claims({ aud: 'other' })))],
  ['no aud', raw(HEADER, b64(claims({ aud: undefined })))],
  ['no exp', raw(HEADER, b64(claims({ exp: undefined })))],
  ['no sub', raw(HEADER, b64(claims({ sub: undefined })))],
  ['empty sub', raw(HEADER, b64(claims({ sub: '' })))],
  ['no jti', raw(HEADER, b64(claims({ jti: undefined })))],
  ['numeric jti', raw(HEADER, b64(claims({ jti: 7 })))],
  ['payload is an array', raw(HEADER, b64('[]'))],
  ['payload is a string', raw(HEADER, b64('"socialkit"'))],
  ['payload is null', raw(HEADER, b64('null'))],
  ['payload is not JSON', raw(HEADER, b64('{"sub":'))],
  ['another key', raw(HEADER, b64(claims()), otherKey)],
  ['alg none', `${b64('{"alg":"none","typ":"at+jwt"}')}.${b64(claims())}.`],
  ['header typ JWT', raw(b64('{"alg":"HS256","typ":"JWT"}'), b64(claims()))],
  ['header keys reordered', raw(b64('{"typ":"at+jwt","alg":"HS256"}'), b64(claims()))],
  ['header with kid', raw(b64('{"alg":"HS256","typ":"at+jwt","kid":"k"}'), b64(claims()))],
  ['padded payload', raw(HEADER, `${b64(claims())}==`)],
  ['base64 payload alphabet', raw(HEADER, Buffer.from(claims({ name: '??>>' })).toString('base64'))],
  [
    'jsonwebtoken-signed',
    jwt.sign({ jti: 'j2' }, key, {
      issuer: config.issuer,
      audience: config.audience,
      subject: 'u2',
      expiresIn: 60,
      header: { alg: 'HS256', typ: ACCESS_TOKEN_TYP },
    }),
  ],
];

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. %';

function mutate(token: string, pick: (below: number) => number): string {
  const at = pick(token.length);
  const char = ALPHABET[pick(ALPHABET.length)] as string;
  switch (pick(6)) {
    case 0:
      return token.slice(0, at) + char + token.slice(at + 1);
    case 1:
      return token.slice(0, at) + char + token.slice(at);
    case 2:
      return token.slice(0, at) + token.slice(at + 1);
    case 3:
      return `${token}${pick(2) ? '.' : '='}`;
    case 4: {
      // The last signature character carries spare bits: flip only those.
      const last = token.charCodeAt(token.length - 1);
      return token.slice(0, -1) + String.fromCharCode(last ^ (1 + pick(2)));
    }
    default:
      return (
        token.slice(0, token.lastIndexOf('.') + 1) + token.slice(token.lastIndexOf('.') + 1, -pick(8) - 1)
      );
  }
}

describe('createHs256Verifier', () => {
  it.each(seeds)('agrees with jsonwebtoken on %s', (_name, token) => {
    for (const ignoreExpiration of [false, true]) {
      const verdict = fast(token, ignoreExpiration);
      if (verdict !== 'not ours') expect(verdict).toBe(reference(token, ignoreExpiration));
    }
  });

  it('agrees with jsonwebtoken on thousands of tampered tokens', () => {
    const pick = random(0x5eed);
    const decided = { ok: 0, invalid_token: 0, token_expired: 0, 'not ours': 0 };
    for (let i = 0; i < 4000; i++) {
      const [name, seed] = seeds[pick(seeds.length)] as [string, string];
      let token = seed;
      for (let n = pick(3); n >= 0; n--) token = mutate(token, pick);
      const ignoreExpiration = pick(4) === 0;
      const verdict = fast(token, ignoreExpiration);
      decided[verdict] += 1;
      if (verdict !== 'not ours') {
        expect(verdict, `${name} → ${token}`).toBe(reference(token, ignoreExpiration));
      }
    }
    // The fast path must actually decide most of them, or the comparison proves little.
    expect(decided['not ours']).toBeLessThan(1500);
    expect(decided.ok + decided.token_expired).toBeGreaterThan(0);
  });

  it('decides every token we sign and leaves other headers to jsonwebtoken', () => {
    expect(fast(raw(HEADER, b64(claims())), false)).toBe('ok');
    expect(fast(raw(b64('{"typ":"at+jwt","alg":"HS256"}'), b64(claims())), false)).toBe('not ours');
    expect(fast(`${b64('{"alg":"none","typ":"at+jwt"}')}.${b64(claims())}.`, false)).toBe('not ours');
  });
});

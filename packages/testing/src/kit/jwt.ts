import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { type KeyRing, newSigningKey, type SigningKey } from './keys';

/** How a fake signs a token, or deliberately signs it wrong. */
export interface MintOptions {
  /** `kid` header. @default the current key's id */
  kid?: string;
  /** JWS algorithm; one of another key family (e.g. ES256 for an RSA issuer) signs with a throwaway key. @default the ring's */
  alg?: string;
  /** `'other'` signs with a key that is never published in the JWKS. @default 'current' */
  key?: 'current' | 'other';
  /** Extra protected-header fields, e.g. `{ jku: 'https://evil.example/jwks' }`. */
  header?: Record<string, unknown>;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `claims` without the keys set to `undefined`, so an override can remove a default claim. */
export function definedClaims(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

const throwaway = new Map<string, SigningKey>();

function keyFor(alg: string, key: SigningKey): SigningKey {
  const family = alg.slice(0, 2);
  if (family === key.alg.slice(0, 2) || (family === 'PS' && key.alg.startsWith('RS'))) return key;
  const wanted = family === 'ES' ? 'ES256' : 'RS256';
  let stand = throwaway.get(wanted);
  if (!stand) {
    stand = newSigningKey(wanted, 'throwaway');
    throwaway.set(wanted, stand);
  }
  return stand;
}

/** Signs `claims` with the ring's current key (or as `opts` says). */
export function signJwt(
  keys: KeyRing,
  claims: Record<string, unknown>,
  opts: MintOptions = {},
): Promise<string> {
  const chosen = opts.key === 'other' ? keys.other : keys.current;
  const alg = opts.alg ?? chosen.alg;
  const header = { alg, kid: opts.kid ?? keys.current.kid, typ: 'JWT', ...opts.header };
  return new SignJWT(definedClaims(claims)).setProtectedHeader(header).sign(keyFor(alg, chosen).privateKey);
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** `header.payload` of a JWS, unsigned. */
export function unsignedJwt(header: object, claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(definedClaims(claims)))}`;
}

/** A JWS with the HMAC-SHA256 signature keyed by `secret` (key confusion, or an HS256 issuer). */
export function hs256Jwt(header: object, claims: Record<string, unknown>, secret: string | Buffer): string {
  const input = unsignedJwt({ ...header, alg: 'HS256' }, claims);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

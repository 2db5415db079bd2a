import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A verification key of a fetched JWKS, imported once. */
export interface JwksKey {
  kid: string | undefined;
  kty: string;
  crv: string | undefined;
  alg: string | undefined;
  key: KeyObject;
}

/** Freshness bounds when the caller gives none. */
export const FRESHNESS_DEFAULTS = {
  minMaxAgeMs: 60_000,
  maxMaxAgeMs: 24 * 3600_000,
  defaultMaxAgeMs: 10 * 60_000,
} as const;

const MAX_KEYS = 100;
const EC_CURVES: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/**
 * Freshness of a JWKS response from `Cache-Control` max-age less `Age` (RFC 9111 §4.2), clamped to
 * [min, max]; `no-cache`/`no-store` count as zero, so the floor applies.
 */
export function jwksMaxAgeMs(
  cacheControl: string | null,
  bounds: { minMs?: number; maxMs?: number; defaultMs?: number; ageSeconds?: number } = {},
): number {
  const {
    minMs = FRESHNESS_DEFAULTS.minMaxAgeMs,
    maxMs = FRESHNESS_DEFAULTS.maxMaxAgeMs,
    defaultMs = FRESHNESS_DEFAULTS.defaultMaxAgeMs,
  } = bounds;
  let ms: number = defaultMs;
  if (cacheControl && /(?:^|,)\s*no-(?:cache|store)\b/i.test(cacheControl)) ms = 0;
  else {
    const match = cacheControl?.match(/(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i);
    if (match) ms = Math.max(0, Number(match[1]) - (bounds.ageSeconds ?? 0)) * 1000;
  }
  return Math.min(Math.max(ms, minMs), maxMs);
}

export function keyFits(entry: JwksKey, alg: string | undefined): boolean {
  if (alg === undefined) return true;
  // RFC 7517 §4.4: a key's `alg`, when present, is the only algorithm it may be used with.
  if (entry.alg !== undefined && entry.alg !== alg) return false;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return entry.kty === 'RSA';
  if (alg in EC_CURVES) return entry.kty === 'EC' && entry.crv === EC_CURVES[alg];
  return false;
}

export function importKeys(body: unknown): JwksKey[] {
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('the JWKS has no `keys` array');
  const keys: JwksKey[] = [];
  for (const jwk of list.slice(0, MAX_KEYS) as JsonWebKey[]) {
    if (typeof jwk !== 'object' || jwk === null) continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) continue;
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') continue;
    // A JWKS entry holding a private part is a provider mistake; only the public members are read.
    const { kty, n, e, crv, x, y } = jwk;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y }, format: 'jwk' });
    } catch {
      continue;
    }
    const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
    const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
    keys.push({ kid, kty, crv: typeof crv === 'string' ? crv : undefined, alg, key });
  }
  if (keys.length === 0) throw new Error('the JWKS holds no usable signing key');
  return keys;
}

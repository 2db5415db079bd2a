import type { KeyObject } from 'node:crypto';
import { type AccessTokenAlgorithm, keyList, type ResolvedTokenKey } from '../tokens/keys';
import { checkKeys, fail, isObject, optionKeys, positiveInt } from './check';

export type { AccessTokenAlgorithm, ResolvedTokenKey } from '../tokens/keys';

/** One API token key of `tokens.keys`. */
export type TokenKeyOptions =
  /** An HS256 secret of at least 32 bytes. */
  | { kid: string; secret: string | KeyObject }
  /** An RS256 (RSA ≥ 2048 bits) or ES256 (P-256) private key, PEM or KeyObject; `algorithm` is inferred when left out. */
  | { kid: string; privateKey: string | KeyObject; algorithm?: 'RS256' | 'ES256' }
  /** A retired asymmetric key kept only to verify tokens it signed (and list them in the JWKS); never first. */
  | { kid: string; publicKey: string | KeyObject; algorithm?: 'RS256' | 'ES256' };

export interface TokenOptions {
  /** HS256 secret, at least 32 bytes (or use `keys`). */
  secret?: string | KeyObject;
  /** @default 'HS256' */
  algorithm?: AccessTokenAlgorithm;
  /** PEM or KeyObject for RS256/ES256 (or use `keys`). */
  privateKey?: string | KeyObject;
  /**
   * Keys with ids, for rotation without signing anyone out: the first signs (its `kid` goes in the
   * token header), every one verifies. Replaces `secret`/`privateKey`/`algorithm`.
   */
  keys?: readonly TokenKeyOptions[];
  /** @default 'socialkit' */
  issuer?: string;
  /** @default 'socialkit-api' */
  audience?: string;
  /** Access-token lifetime. @default 900 */
  accessTokenTtlSeconds?: number;
  /** Absolute refresh-token family lifetime. @default 2592000 (30 days) */
  refreshTokenTtlSeconds?: number;
  /** Seconds during which a just-rotated refresh token yields the same successor. @default 10 */
  reuseGraceSeconds?: number;
}

export const TOKEN_DEFAULTS = Object.freeze({
  algorithm: 'HS256',
  issuer: 'socialkit',
  audience: 'socialkit-api',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  reuseGraceSeconds: 10,
} as const);

export interface ResolvedTokens {
  /** The first signs; every one verifies. */
  keys: ResolvedTokenKey[];
  /** The signing key's algorithm. */
  algorithm: AccessTokenAlgorithm;
  issuer: string;
  audience: string;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  reuseGraceSeconds: number;
}

const TOKEN_KEYS = optionKeys<TokenOptions>({
  secret: true,
  algorithm: true,
  privateKey: true,
  keys: true,
  issuer: true,
  audience: true,
  accessTokenTtlSeconds: true,
  refreshTokenTtlSeconds: true,
  reuseGraceSeconds: true,
});
const RENAMED: Record<string, string> = {
  accessTokenTtl: 'accessTokenTtlSeconds',
  refreshTokenTtl: 'refreshTokenTtlSeconds',
};
/**
 * Checks `tokens` once, at startup, and builds every key.
 *
 * @example
 * const tokens = resolveTokens({ keys: [{ kid: '2025-06', secret: NEW }, { kid: '2025-01', secret: OLD }] });
 */
export function resolveTokens(tokens: unknown): ResolvedTokens {
  if (!isObject(tokens)) fail('`tokens` is required, e.g. `{ secret: process.env.API_TOKEN_SECRET }`.');
  for (const [old, renamed] of Object.entries(RENAMED)) {
    if (old in tokens) fail(`\`tokens.${old}\` is now \`tokens.${renamed}\`.`);
  }
  checkKeys(tokens, TOKEN_KEYS, 'tokens.');
  const text = (value: unknown, name: string, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value === '') fail(`\`${name}\` must be a non-empty string.`);
    return value;
  };
  const keys = keyList(tokens);
  return {
    keys,
    algorithm: (keys[0] as ResolvedTokenKey).algorithm,
    issuer: text(tokens.issuer, 'tokens.issuer', TOKEN_DEFAULTS.issuer),
    audience: text(tokens.audience, 'tokens.audience', TOKEN_DEFAULTS.audience),
    accessTokenTtl: positiveInt(
      tokens.accessTokenTtlSeconds,
      'tokens.accessTokenTtlSeconds',
      TOKEN_DEFAULTS.accessTokenTtlSeconds,
    ),
    refreshTokenTtl: positiveInt(
      tokens.refreshTokenTtlSeconds,
      'tokens.refreshTokenTtlSeconds',
      TOKEN_DEFAULTS.refreshTokenTtlSeconds,
    ),
    reuseGraceSeconds:
      tokens.reuseGraceSeconds === 0
        ? 0
        : positiveInt(
            tokens.reuseGraceSeconds,
            'tokens.reuseGraceSeconds',
            TOKEN_DEFAULTS.reuseGraceSeconds,
            60,
          ),
  };
}

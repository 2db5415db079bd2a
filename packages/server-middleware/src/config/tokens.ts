import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { TokenOptions } from '../types';
import { checkKeys, fail, isObject, positiveInt } from './check';

export const TOKEN_DEFAULTS = {
  algorithm: 'HS256',
  issuer: 'socialkit',
  audience: 'socialkit-api',
  accessTokenTtl: 900,
  refreshTokenTtl: 30 * 24 * 3600,
  reuseGraceSeconds: 10,
} as const;

export interface ResolvedTokens extends Required<Omit<TokenOptions, 'secret' | 'privateKey'>> {
  /** Built once: signing key (secret or private) and verification key. */
  signingKey: KeyObject;
  verifyKey: KeyObject;
}

function signingKeys(
  tokens: Record<string, unknown>,
  algorithm: string,
): { signingKey: KeyObject; verifyKey: KeyObject } {
  if (algorithm === 'HS256') {
    const secret = tokens.secret;
    const key = typeof secret === 'string' ? createSecretKey(Buffer.from(secret, 'utf8')) : secret;
    if (!key || typeof key !== 'object' || (key as KeyObject).type !== 'secret') {
      fail('`tokens.secret` is required for HS256 (a string or secret KeyObject of at least 32 bytes).');
    }
    if (((key as KeyObject).symmetricKeySize ?? 0) < 32) {
      fail('`tokens.secret` must be at least 32 bytes (try `openssl rand -base64 48`).');
    }
    return { signingKey: key as KeyObject, verifyKey: key as KeyObject };
  }
  const raw = tokens.privateKey;
  if (raw === undefined) fail(`\`tokens.privateKey\` is required for ${algorithm}.`);
  let key: KeyObject;
  try {
    key = typeof raw === 'string' ? createPrivateKey(raw) : (raw as KeyObject);
  } catch {
    fail('`tokens.privateKey` is not a valid PEM private key.');
  }
  const expected = algorithm === 'RS256' ? 'rsa' : 'ec';
  if (key?.type !== 'private' || key.asymmetricKeyType !== expected) {
    fail(`\`tokens.privateKey\` must be an ${expected.toUpperCase()} private key for ${algorithm}.`);
  }
  if (algorithm === 'ES256' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    fail('`tokens.privateKey` for ES256 must be on the P-256 curve.');
  }
  return { signingKey: key, verifyKey: createPublicKey(key) };
}

export function resolveTokens(tokens: unknown): ResolvedTokens {
  if (!isObject(tokens)) fail('`tokens` is required, e.g. `{ secret: process.env.API_TOKEN_SECRET }`.');
  checkKeys(tokens, 'tokens', 'tokens.');
  const algorithm = tokens.algorithm ?? TOKEN_DEFAULTS.algorithm;
  if (algorithm !== 'HS256' && algorithm !== 'RS256' && algorithm !== 'ES256') {
    fail("`tokens.algorithm` must be 'HS256', 'RS256' or 'ES256'.");
  }
  const text = (value: unknown, name: string, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value === '') fail(`\`${name}\` must be a non-empty string.`);
    return value;
  };
  return {
    algorithm,
    ...signingKeys(tokens, algorithm),
    issuer: text(tokens.issuer, 'tokens.issuer', TOKEN_DEFAULTS.issuer),
    audience: text(tokens.audience, 'tokens.audience', TOKEN_DEFAULTS.audience),
    accessTokenTtl: positiveInt(
      tokens.accessTokenTtl,
      'tokens.accessTokenTtl',
      TOKEN_DEFAULTS.accessTokenTtl,
    ),
    refreshTokenTtl: positiveInt(
      tokens.refreshTokenTtl,
      'tokens.refreshTokenTtl',
      TOKEN_DEFAULTS.refreshTokenTtl,
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

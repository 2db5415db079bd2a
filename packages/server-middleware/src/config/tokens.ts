import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { checkKeys, fail, isObject, optionKeys, positiveInt } from './check';

export type AccessTokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

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

/** A key ready for use: built once at startup, never per request. */
export interface ResolvedTokenKey {
  /** `undefined` only for the single `secret`/`privateKey` form: its tokens carry no `kid` (HS256) or the key's thumbprint. */
  kid: string | undefined;
  algorithm: AccessTokenAlgorithm;
  /** Absent for a verify-only (`publicKey`) key. */
  signingKey?: KeyObject;
  verifyKey: KeyObject;
}

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
const KID = /^[\x21-\x7e]{1,128}$/;

function secretKey(value: unknown, name: string): KeyObject {
  const key = typeof value === 'string' ? createSecretKey(Buffer.from(value, 'utf8')) : value;
  if (!key || typeof key !== 'object' || (key as KeyObject).type !== 'secret') {
    fail(`\`${name}\` must be a string or secret KeyObject of at least 32 bytes.`);
  }
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
  if (((key as KeyObject).symmetricKeySize ?? 0) < 32) {
    fail(`\`${name}\` must be at least 32 bytes (try \`openssl rand -base64 48\`).`);
  }
  return key as KeyObject;
}

function asymmetricKey(value: unknown, name: string, type: 'private' | 'public'): KeyObject {
  let key: KeyObject;
  try {
    if (typeof value === 'string')
      key = type === 'private' ? createPrivateKey(value) : createPublicKey(value);
    else key = value as KeyObject;
  } catch {
    fail(`\`${name}\` is not a valid PEM ${type} key.`);
  }
  if (key?.type !== type) fail(`\`${name}\` must be a ${type} key (PEM or KeyObject).`);
  return key;
}

/** The algorithm a key is for, checked against the one asked for. */
function algorithmOf(key: KeyObject, asked: unknown, name: string, keyName: string): 'RS256' | 'ES256' {
  if (asked !== undefined && asked !== 'RS256' && asked !== 'ES256') {
    fail(`\`${name}\` must be 'RS256' or 'ES256' for an asymmetric key.`);
  }
  const inferred =
    key.asymmetricKeyType === 'rsa' ? 'RS256' : key.asymmetricKeyType === 'ec' ? 'ES256' : undefined;
  if (!inferred || (asked !== undefined && asked !== inferred)) {
    fail(
      `\`${keyName}\` must be an ${asked === 'ES256' ? 'EC P-256' : 'RSA'} key for ${asked ?? 'RS256/ES256'}.`,
    );
  }
  if (inferred === 'ES256' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    fail(`\`${keyName}\` for ES256 must be on the P-256 curve.`);
  }
  if (inferred === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    fail(`\`${keyName}\` for RS256 must be at least 2048 bits.`);
  }
  return inferred;
}

function singleKey(tokens: Record<string, unknown>): ResolvedTokenKey {
  const algorithm = tokens.algorithm ?? TOKEN_DEFAULTS.algorithm;
  if (algorithm !== 'HS256' && algorithm !== 'RS256' && algorithm !== 'ES256') {
    fail("`tokens.algorithm` must be 'HS256', 'RS256' or 'ES256'.");
  }
  if (algorithm === 'HS256') {
    if (tokens.secret === undefined) {
      fail(
        '`tokens.secret` is required for HS256, e.g. `{ secret: process.env.API_TOKEN_SECRET }` (or use `tokens.keys`).',
      );
    }
    const key = secretKey(tokens.secret, 'tokens.secret');
    return { kid: undefined, algorithm, signingKey: key, verifyKey: key };
  }
  if (tokens.privateKey === undefined) fail(`\`tokens.privateKey\` is required for ${algorithm}.`);
  const key = asymmetricKey(tokens.privateKey, 'tokens.privateKey', 'private');
  algorithmOf(key, algorithm, 'tokens.algorithm', 'tokens.privateKey');
  return { kid: undefined, algorithm, signingKey: key, verifyKey: createPublicKey(key) };
}

function listedKey(entry: unknown, index: number): ResolvedTokenKey {
  const name = `tokens.keys[${index}]`;
  if (!isObject(entry)) fail(`\`${name}\` must be an object like \`{ kid: '2025-01', secret }\`.`);
  checkKeys(entry, ['kid', 'secret', 'privateKey', 'publicKey', 'algorithm'], `${name}.`);
  const { kid } = entry;
  if (typeof kid !== 'string' || !KID.test(kid)) {
    fail(`\`${name}.kid\` must be a non-empty printable string of at most 128 characters.`);
  }
  const material = ['secret', 'privateKey', 'publicKey'].filter((field) => entry[field] !== undefined);
  if (material.length !== 1)
    fail(`\`${name}\` needs exactly one of \`secret\`, \`privateKey\` or \`publicKey\`.`);
  if (entry.secret !== undefined) {
    if (entry.algorithm !== undefined && entry.algorithm !== 'HS256') {
      fail(`\`${name}.algorithm\` must be 'HS256' (or left out) for a secret.`);
    }
    const key = secretKey(entry.secret, `${name}.secret`);
    return { kid, algorithm: 'HS256', signingKey: key, verifyKey: key };
  }
  if (entry.privateKey !== undefined) {
    const key = asymmetricKey(entry.privateKey, `${name}.privateKey`, 'private');
    const algorithm = algorithmOf(key, entry.algorithm, `${name}.algorithm`, `${name}.privateKey`);
    return { kid, algorithm, signingKey: key, verifyKey: createPublicKey(key) };
  }
  const key = asymmetricKey(entry.publicKey, `${name}.publicKey`, 'public');
  const algorithm = algorithmOf(key, entry.algorithm, `${name}.algorithm`, `${name}.publicKey`);
  return { kid, algorithm, verifyKey: key };
}

function keyList(tokens: Record<string, unknown>): ResolvedTokenKey[] {
  if (tokens.keys === undefined) return [singleKey(tokens)];
  for (const field of ['secret', 'privateKey', 'algorithm']) {
    if (tokens[field] !== undefined)
      fail(`\`tokens.${field}\` and \`tokens.keys\` cannot be combined; list every key in \`keys\`.`);
  }
  if (!Array.isArray(tokens.keys) || tokens.keys.length === 0) {
    fail(
      "`tokens.keys` must be a non-empty array, e.g. `[{ kid: '2025-01', secret }]`; the first one signs.",
    );
  }
  const keys = tokens.keys.map(listedKey);
  const kids = keys.map((key) => key.kid);
  const repeated = kids.find((kid, i) => kids.indexOf(kid) !== i);
  if (repeated !== undefined) fail(`\`tokens.keys\` lists kid ${JSON.stringify(repeated)} twice.`);
  if (!keys[0]?.signingKey)
    fail('the first of `tokens.keys` signs, so it needs a `secret` or a `privateKey`.');
  return keys;
}

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

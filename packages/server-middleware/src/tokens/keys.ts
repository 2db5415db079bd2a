import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { checkKeys, fail, isObject } from '../config/check';

export type AccessTokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** A key ready for use: built once at startup, never per request. */
export interface ResolvedTokenKey {
  /** `undefined` only for the single `secret`/`privateKey` form: its tokens carry no `kid` (HS256) or the key's thumbprint. */
  kid: string | undefined;
  algorithm: AccessTokenAlgorithm;
  /** Absent for a verify-only (`publicKey`) key. */
  signingKey?: KeyObject;
  verifyKey: KeyObject;
}

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
  const algorithm = tokens.algorithm ?? 'HS256';
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

/**
 * The keys of a `tokens` option, built and checked once at startup: `keys` in order (the first
 * signs), or the single `secret`/`privateKey`.
 *
 * @example
 * const [signer, ...verifiers] = keyList({ keys: [{ kid: '2026-12', secret }, { kid: '2026-06', secret: old }] });
 */
export function keyList(tokens: Record<string, unknown>): ResolvedTokenKey[] {
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

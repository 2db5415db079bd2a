import {
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKeyInput,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT } from 'jose';
import { nowSeconds } from '../kit/jwt';

export const APPLE_AUDIENCE = 'https://appleid.apple.com';

/** Apple's ceiling on a client secret's lifetime: 15 777 000 s (six months). */
export const CLIENT_SECRET_MAX_SECONDS = 15_777_000;

/** A Sign in with Apple key as the developer portal hands it out: a 10-character id and a `.p8` file. */
export interface AppleClientKey {
  keyId: string;
  /** PKCS #8 PEM of the P-256 private key: the content of `AuthKey_<keyId>.p8`. */
  privateKey: string;
  /** SPKI PEM of the public half, what the fake checks client secrets with. */
  publicKey: string;
}

/**
 * Generates a Sign in with Apple key pair for tests: a `.p8`-style PEM private key and its public key.
 *
 * @example
 * const key = generateAppleClientKey();
 * apple.registerClientKey({ keyId: key.keyId, publicKey: key.publicKey });
 */
export function generateAppleClientKey(keyId = randomBytes(5).toString('hex').toUpperCase()): AppleClientKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export interface ClientSecretInput {
  teamId: string;
  keyId: string;
  /** PEM of the `.p8` key. */
  privateKey: string;
  /** The Services ID (web) or bundle ID (native): the secret's `sub`. */
  clientId: string;
  /** @default 3600 */
  expiresInSeconds?: number;
  /** Claim overrides (`undefined` removes one), for secrets that are wrong on purpose. */
  claims?: Record<string, unknown>;
  /** Protected-header overrides, e.g. `{ kid: 'OTHERKEY00' }`. */
  header?: Record<string, unknown>;
}

/**
 * Signs the ES256 client secret Apple's token endpoint wants: header `{alg: ES256, kid}`, claims
 * `iss` = team id, `iat`, `exp`, `aud` = `https://appleid.apple.com`, `sub` = client id.
 */
export async function signAppleClientSecret(input: ClientSecretInput): Promise<string> {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = {
    iss: input.teamId,
    iat,
    exp: iat + (input.expiresInSeconds ?? 3600),
    aud: APPLE_AUDIENCE,
    sub: input.clientId,
    ...input.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const key = await importPKCS8(input.privateKey, 'ES256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: input.keyId, ...input.header })
    .sign(key);
}

/** A public key the fake accepts client secrets from, for one team. */
export interface RegisteredClientKey {
  teamId: string;
  keyId: string;
  publicKey: KeyObject;
}

export function toPublicKey(key: KeyObject | string | JsonWebKey): KeyObject {
  if (typeof key === 'string') return createPublicKey(key);
  if ('asymmetricKeyType' in key && typeof (key as KeyObject).export === 'function') return key as KeyObject;
  return createPublicKey({ key, format: 'jwk' } as JsonWebKeyInput);
}

/**
 * Checks a client secret the way Apple's token endpoint does (Apple "Creating a client secret"):
 * ES256 by a registered key named by `kid`, `iss` = that key's team, `sub` = the request's
 * `client_id`, `aud` = `https://appleid.apple.com`, and an `exp` no more than six months out.
 * Returns why it is refused, or undefined.
 */
export async function clientSecretProblem(
  secret: string,
  clientId: string,
  keys: ReadonlyMap<string, RegisteredClientKey>,
): Promise<string | undefined> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(secret);
  } catch {
    return 'client_secret is not a JWT';
  }
  if (header.alg !== 'ES256') return `client_secret alg is ${String(header.alg)}, not ES256`;
  const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
  if (!key) return `client_secret kid ${String(header.kid)} is not a registered key`;
  try {
    const { payload } = await jwtVerify(secret, key.publicKey, {
      algorithms: ['ES256'],
      issuer: key.teamId,
      audience: APPLE_AUDIENCE,
      subject: clientId,
      requiredClaims: ['iat', 'exp'],
    });
    const now = nowSeconds();
    const exp = payload.exp as number;
    if (exp - (payload.iat as number) > CLIENT_SECRET_MAX_SECONDS || exp - now > CLIENT_SECRET_MAX_SECONDS) {
      return 'client_secret expires more than six months out';
    }
    return undefined;
  } catch (error) {
    return `client_secret refused: ${(error as Error).message}`;
  }
}

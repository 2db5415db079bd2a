import { KeyObject, type webcrypto } from 'node:crypto';
import {
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import jwt from 'jsonwebtoken';
import {
  InvalidTokenError,
  ProviderUnavailableError,
  SocialAuthConfigError,
  SocialAuthError,
} from '../errors';

/** Asymmetric JWS algorithms an ID token may be signed with; never `none` or an HMAC (RFC 8725 §3.1). */
export const ID_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;
export type IdTokenAlgorithm = (typeof ID_TOKEN_ALGORITHMS)[number];

export interface IdTokenVerifierOptions {
  jwksUri: string;
  issuers: string[];
  audiences: string[];
  fetch: typeof fetch;
  timeoutMs: number;
  /** @default 30000: a flood of unknown `kid`s refetches the JWKS at most once per cooldown. */
  cooldownMs?: number;
  /**
   * Algorithms the provider signs with, e.g. the intersection of an OIDC discovery document's
   * `id_token_signing_alg_values_supported` with `ID_TOKEN_ALGORITHMS`. `none` and HS* are refused
   * at construction: a symmetric alg would let anyone holding the client secret mint tokens.
   * @default ['RS256']
   */
  algorithms?: readonly IdTokenAlgorithm[];
}

function checkedAlgorithms(algorithms: readonly string[] | undefined): IdTokenAlgorithm[] {
  if (algorithms === undefined) return ['RS256'];
  const allowed: readonly string[] = ID_TOKEN_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new SocialAuthConfigError("`algorithms` must be a non-empty list, e.g. `['RS256']`.");
  }
  for (const alg of algorithms) {
    if (!allowed.includes(alg)) {
      throw new SocialAuthConfigError(
        `ID-token algorithm ${JSON.stringify(alg)} is not accepted; use ${ID_TOKEN_ALGORITHMS.join(', ')} (never none or HS*).`,
      );
    }
  }
  return [...new Set(algorithms)] as IdTokenAlgorithm[];
}

export type IdTokenVerifier = (token: string) => Promise<JWTPayload>;

const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_AGE_SECONDS = 24 * 3600;
const EMBEDDED_KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const MAX_AGE_BOUNDS_MS = [60_000, 24 * 3600_000] as const;
/** Key lookup failures that are the token's fault, not the provider's. */
const TOKEN_KEY_ERRORS = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JOSE_NOT_SUPPORTED',
]);

/** Freshness of a JWKS response from its `Cache-Control`, bounded to [1 min, 24 h]. */
export function jwksMaxAgeMs(cacheControl: string | null): number {
  const match = cacheControl?.match(/(?:^|,)\s*max-age=(\d+)/i);
  if (!match) return DEFAULT_MAX_AGE_MS;
  return Math.min(Math.max(Number(match[1]) * 1000, MAX_AGE_BOUNDS_MS[0]), MAX_AGE_BOUNDS_MS[1]);
}

/**
 * Verifies OIDC ID tokens against a remote JWKS, failing closed: the configured asymmetric
 * algorithms only (RS256 by default), issuer and audience
 * pinned, ≤ 60 s skew, `iat` not in the future. jose fetches the JWKS (one refetch on an unknown
 * `kid`, with a cooldown), cached for its `Cache-Control` max-age; `jku`/`x5u`/`jwk`/`x5c` headers
 * are never followed. Each key becomes a node `KeyObject` once and the signature and claims are
 * checked synchronously by jsonwebtoken: jose's WebCrypto path verified 6× slower than a bare
 * `crypto.verify` (see BENCHMARKS.md).
 *
 * @example
 * const verify = createIdTokenVerifier({ jwksUri, issuers: ['https://accounts.google.com'], audiences: [clientId], fetch, timeoutMs: 5000 });
 * const claims = await verify(idToken);
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  const algorithms = checkedAlgorithms(options.algorithms);
  const algorithmSet: ReadonlySet<string> = new Set(algorithms);
  let fetchedAt = 0;
  let freshFor = DEFAULT_MAX_AGE_MS;
  // Replaced, never pruned, on every fetched JWKS: it only ever holds keys of the current set.
  let keyObjects = new Map<string, KeyObject>();
  const trackingFetch: typeof fetch = async (input, init) => {
    const response = await options.fetch(input, init);
    if (response.status === 200) {
      fetchedAt = Date.now();
      freshFor = jwksMaxAgeMs(response.headers.get('cache-control'));
      keyObjects = new Map();
    }
    return response;
  };
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    timeoutDuration: options.timeoutMs,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: Number.POSITIVE_INFINITY,
    [customFetch]: trackingFetch,
  });
  const verifyOptions: jwt.VerifyOptions = {
    algorithms,
    issuer: options.issuers as [string, ...string[]],
    audience: options.audiences as [string, ...string[]],
    clockTolerance: CLOCK_SKEW_SECONDS,
    maxAge: MAX_TOKEN_AGE_SECONDS,
  };

  async function keyFor(header: JWSHeaderParameters, token: string): Promise<KeyObject> {
    try {
      if (fetchedAt > 0 && Date.now() - fetchedAt > freshFor) await jwks.reload();
      const cached = header.kid === undefined ? undefined : keyObjects.get(header.kid);
      if (cached) return cached;
      const cache = keyObjects;
      const [protectedHeader = '', payload = '', signature = ''] = token.split('.');
      const key = KeyObject.from(
        (await jwks(header, { protected: protectedHeader, payload, signature })) as webcrypto.CryptoKey,
      );
      if (header.kid !== undefined) cache.set(header.kid, key);
      return key;
    } catch (err) {
      if (err instanceof errors.JOSEError && TOKEN_KEY_ERRORS.has(err.code)) {
        throw new InvalidTokenError(undefined, { cause: err });
      }
      throw new ProviderUnavailableError('The identity provider keys could not be loaded.', { cause: err });
    }
  }

  function checkedClaims(token: string, key: KeyObject): JWTPayload {
    const claims = jwt.verify(token, key, verifyOptions) as JWTPayload;
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
      throw new InvalidTokenError('The ID token lacks a required claim.');
    }
    if (claims.iat > now + CLOCK_SKEW_SECONDS)
      throw new InvalidTokenError('The ID token is issued in the future.');
    return claims;
  }

  return async (token) => {
    try {
      const header = decodeProtectedHeader(token);
      // RFC 8725 §3.10: keys named by the token itself are an attacker's choice; Google never sends them.
      if (EMBEDDED_KEY_HEADERS.some((name) => name in header)) {
        throw new InvalidTokenError('The token names its own key.');
      }
      // jsonwebtoken ignores `crit`; providers never send it, so any critical extension is refused.
      if (header.alg === undefined || !algorithmSet.has(header.alg) || header.crit !== undefined) {
        throw new InvalidTokenError();
      }
      return checkedClaims(token, await keyFor(header, token));
    } catch (err) {
      if (err instanceof SocialAuthError) throw err;
      throw new InvalidTokenError(undefined, { cause: err });
    }
  };
}

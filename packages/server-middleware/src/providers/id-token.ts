import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, type JWTPayload } from 'jose';
import jwt from 'jsonwebtoken';
import { InvalidTokenError, SocialAuthConfigError, SocialAuthError } from '../errors';
import { createJwksCache, type JwksCache, type JwksCacheOptions } from './jwks-cache';

export { jwksMaxAgeMs } from './jwks-cache';
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

/** JWKS cache tuning passed through to `createJwksCache` when the verifier builds its own. */
export type IdTokenJwksOptions = Pick<
  JwksCacheOptions,
  'cooldownMs' | 'staleIfErrorMs' | 'minMaxAgeMs' | 'maxMaxAgeMs' | 'defaultMaxAgeMs'
>;

export interface IdTokenVerifierOptions extends IdTokenJwksOptions {
  /** The provider's JWKS URL; or pass `jwks`, a cache shared with other verifiers. */
  jwksUri?: string;
  /** A JWKS cache built with `createJwksCache`, e.g. when the URL comes from OIDC discovery. */
  jwks?: JwksCache;
  /**
   * Accepted `iss` values; or a test for issuers that depend on the token (Microsoft's
   * `{authority}/{tid}/v2.0`), in which case the caller pins the exact issuer after verification.
   */
  issuers: string[] | ((iss: string) => boolean);
  audiences: string[];
  /** Used for the JWKS fetch when the verifier builds its own cache. */
  fetch: typeof fetch;
  timeoutMs: number;
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

/**
 * Verifies OIDC ID tokens against a remote JWKS, failing closed: the configured asymmetric
 * algorithms only (RS256 by default), issuer and audience pinned, ≤ 60 s skew, `iat` not in the
 * future. Keys come from a `createJwksCache` cache (Cache-Control freshness, one refetch per
 * cooldown on an unknown `kid`, stale-if-error during outages); `jku`/`x5u`/`jwk`/`x5c` headers
 * are never followed. Signature and claims are checked synchronously by jsonwebtoken on a
 * prebuilt `KeyObject`: jose's WebCrypto path verified 6× slower than a bare `crypto.verify`
 * (see BENCHMARKS.md).
 *
 * @example
 * const verify = createIdTokenVerifier({ jwksUri, issuers: ['https://id.example.com'], audiences: [clientId], fetch, timeoutMs: 5000 });
 * const claims = await verify(idToken);
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  const algorithms = checkedAlgorithms(options.algorithms);
  const algorithmSet: ReadonlySet<string> = new Set(algorithms);
  if (options.jwks === undefined && typeof options.jwksUri !== 'string') {
    throw new SocialAuthConfigError("pass `jwksUri` (the provider's JWKS URL) or a `jwks` cache.");
  }
  const jwks =
    options.jwks ??
    createJwksCache({
      uri: options.jwksUri as string,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      cooldownMs: options.cooldownMs,
      staleIfErrorMs: options.staleIfErrorMs,
      minMaxAgeMs: options.minMaxAgeMs,
      maxMaxAgeMs: options.maxMaxAgeMs,
      defaultMaxAgeMs: options.defaultMaxAgeMs,
    });
  const verifyOptions: jwt.VerifyOptions = {
    algorithms,
    ...(typeof options.issuers === 'function' ? {} : { issuer: options.issuers as [string, ...string[]] }),
    audience: options.audiences as [string, ...string[]],
    clockTolerance: CLOCK_SKEW_SECONDS,
    maxAge: MAX_TOKEN_AGE_SECONDS,
  };

  function checkedClaims(token: string, key: KeyObject): JWTPayload {
    const claims = jwt.verify(token, key, verifyOptions) as JWTPayload;
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') {
      throw new InvalidTokenError('The ID token lacks a required claim.');
    }
    const { issuers } = options;
    if (typeof issuers === 'function' && (typeof claims.iss !== 'string' || !issuers(claims.iss))) {
      throw new InvalidTokenError('The ID token has an unexpected issuer.');
    }
    if (claims.iat > now + CLOCK_SKEW_SECONDS)
      throw new InvalidTokenError('The ID token is issued in the future.');
    return claims;
  }

  return async (token) => {
    try {
      const header = decodeProtectedHeader(token);
      // RFC 8725 §3.10: keys named by the token itself are an attacker's choice; providers never need them.
      if (EMBEDDED_KEY_HEADERS.some((name) => name in header)) {
        throw new InvalidTokenError('The token names its own key.');
      }
      // jsonwebtoken ignores `crit`; providers never send it, so any critical extension is refused.
      if (header.alg === undefined || !algorithmSet.has(header.alg) || header.crit !== undefined) {
        throw new InvalidTokenError();
      }
      return checkedClaims(token, await jwks.key(header));
    } catch (err) {
      if (err instanceof SocialAuthError) throw err;
      throw new InvalidTokenError(undefined, { cause: err });
    }
  };
}

import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { InvalidTokenError, ProviderUnavailableError, SocialAuthError } from '../errors';

export interface IdTokenVerifierOptions {
  jwksUri: string;
  issuers: string[];
  audiences: string[];
  fetch: typeof fetch;
  timeoutMs: number;
  /** @default 30000: a flood of unknown `kid`s refetches the JWKS at most once per cooldown. */
  cooldownMs?: number;
}

export type IdTokenVerifier = (token: string) => Promise<JWTPayload>;

const CLOCK_SKEW_SECONDS = 60;
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
 * Verifies OIDC ID tokens against a remote JWKS, failing closed: RS256 only, issuer and audience
 * pinned, ≤ 60 s skew, `iat` not in the future. Keys are cached for the JWKS `Cache-Control`
 * max-age (jose alone uses a fixed age), and `jku`/`x5u`/`jwk` headers are never followed.
 *
 * @example
 * const verify = createIdTokenVerifier({ jwksUri, issuers: ['https://accounts.google.com'], audiences: [clientId], fetch, timeoutMs: 5000 });
 * const claims = await verify(idToken);
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  let fetchedAt = 0;
  let freshFor = DEFAULT_MAX_AGE_MS;
  const trackingFetch: typeof fetch = async (input, init) => {
    const response = await options.fetch(input, init);
    if (response.status === 200) {
      fetchedAt = Date.now();
      freshFor = jwksMaxAgeMs(response.headers.get('cache-control'));
    }
    return response;
  };
  const jwks = createRemoteJWKSet(new URL(options.jwksUri), {
    timeoutDuration: options.timeoutMs,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: Number.POSITIVE_INFINITY,
    [customFetch]: trackingFetch,
  });

  async function getKey(header: JWSHeaderParameters, token: FlattenedJWSInput) {
    // RFC 8725 §3.10: keys named by the token itself are an attacker's choice; Google never sends them.
    if (EMBEDDED_KEY_HEADERS.some((name) => name in header)) {
      throw new InvalidTokenError('The token names its own key.');
    }
    try {
      if (fetchedAt > 0 && Date.now() - fetchedAt > freshFor) await jwks.reload();
      return await jwks(header, token);
    } catch (err) {
      if (err instanceof errors.JOSEError && TOKEN_KEY_ERRORS.has(err.code)) {
        throw new InvalidTokenError(undefined, { cause: err });
      }
      throw new ProviderUnavailableError('The identity provider keys could not be loaded.', { cause: err });
    }
  }

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms: ['RS256'],
        issuer: options.issuers,
        audience: options.audiences,
        clockTolerance: CLOCK_SKEW_SECONDS,
        maxTokenAge: '1 day',
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      return payload;
    } catch (err) {
      if (err instanceof SocialAuthError) throw err;
      throw new InvalidTokenError(undefined, { cause: err });
    }
  };
}

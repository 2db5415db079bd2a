import { isObject } from '../config/check';
import { ID_TOKEN_ALGORITHMS, type IdTokenAlgorithm } from './id-token';
import { jwksMaxAgeMs } from './jwks-cache';
import type { TokenEndpointAuth } from './oauth-code';
import { secureUrl } from './provider-options';

const DISCOVERY_DEFAULT_MAX_AGE_MS = 3600_000;
const DISCOVERY_COOLDOWN_MS = 30_000;
const SIGNING_ALGORITHMS: readonly string[] = ID_TOKEN_ALGORITHMS;

/** What the provider uses from a discovery document (OIDC Discovery 1.0 §3). */
export interface Discovered {
  authorizationEndpoint: string;
  tokenEndpoint: string | undefined;
  jwksUri: string;
  algorithms: IdTokenAlgorithm[];
  tokenEndpointAuth: TokenEndpointAuth | undefined;
  pkceS256: boolean;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function endpoint(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`discovery has no \`${name}\``);
  try {
    return secureUrl(value, name);
  } catch {
    throw new Error(`discovery \`${name}\` is not an https URL: ${value.slice(0, 200)}`);
  }
}

/** A discovery document naming another issuer: an attack or a misconfiguration, never an outage. */
class IssuerMismatchError extends Error {}

/** OIDC Discovery 1.0 §4.3: the document's `issuer` must be identical to the configured one. */
function parseDiscovery(body: unknown, issuer: string, hasSecret: boolean): Discovered {
  if (!isObject(body)) throw new Error('discovery is not a JSON object');
  if (body.issuer !== issuer) {
    throw new IssuerMismatchError(
      `discovery issuer ${JSON.stringify(String(body.issuer).slice(0, 200))} differs from the configured issuer ${JSON.stringify(issuer)}`,
    );
  }
  // OIDC Core §3.1.3.7 steps 6–8: the issuer's own algorithms, never `none` or HMAC (keyed by the client secret).
  const advertised = stringList(body.id_token_signing_alg_values_supported) ?? [];
  const algorithms = advertised.filter((alg): alg is IdTokenAlgorithm => SIGNING_ALGORITHMS.includes(alg));
  const authMethods = stringList(body.token_endpoint_auth_methods_supported) ?? ['client_secret_basic'];
  const pkceMethods = stringList(body.code_challenge_methods_supported);
  return {
    authorizationEndpoint: endpoint(body.authorization_endpoint, 'authorization_endpoint'),
    tokenEndpoint:
      body.token_endpoint === undefined ? undefined : endpoint(body.token_endpoint, 'token_endpoint'),
    jwksUri: endpoint(body.jwks_uri, 'jwks_uri'),
    algorithms: algorithms.length > 0 ? [...new Set(algorithms)] : ['RS256'],
    tokenEndpointAuth: !hasSecret
      ? 'none'
      : authMethods.includes('client_secret_basic')
        ? 'client_secret_basic'
        : authMethods.includes('client_secret_post')
          ? 'client_secret_post'
          : undefined,
    pkceS256: pkceMethods === undefined || pkceMethods.includes('S256'),
  };
}

export interface DiscoveryCacheOptions {
  /** The configured issuer; the document's `issuer` must be identical. */
  issuer: string;
  /** `{issuer}/.well-known/openid-configuration` */
  url: string;
  hasClientSecret: boolean;
  /** How long past its freshness the last good document serves while refetches fail. */
  staleIfErrorMs: number;
  /** The error a caller gets when no usable document can be had. */
  unavailable(cause: unknown): Error;
}

/**
 * One issuer's discovery document, fetched when first needed and cached for its `Cache-Control`
 * max-age (1 h without one, clamped like a JWKS). Concurrent callers share one fetch; when a
 * refetch fails the last good document keeps serving for `staleIfErrorMs`, and failed fetches are
 * retried at most once per cooldown — the same stale-if-error rule as every JWKS. A document that
 * names another issuer is never used, not even as a stale fallback.
 */
export function createDiscoveryCache(options: DiscoveryCacheOptions) {
  let current: { discovered: Discovered; freshUntil: number } | undefined;
  let inflight: Promise<Discovered> | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastError: unknown;

  async function download(fetchFn: typeof fetch, timeoutMs: number): Promise<Discovered> {
    const response = await fetchFn(options.url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`discovery answered HTTP ${response.status}`);
    }
    const discovered = parseDiscovery(
      JSON.parse(await response.text()),
      options.issuer,
      options.hasClientSecret,
    );
    const freshFor = jwksMaxAgeMs(response.headers.get('cache-control'), {
      defaultMs: DISCOVERY_DEFAULT_MAX_AGE_MS,
    });
    current = { discovered, freshUntil: Date.now() + freshFor };
    return discovered;
  }

  return {
    /** Fresh discovery, the last good one while refetches fail, or `options.unavailable(cause)`. */
    async get(fetchFn: typeof fetch, timeoutMs: number): Promise<Discovered> {
      if (current && Date.now() <= current.freshUntil) return current.discovered;
      const usable =
        current && Date.now() <= current.freshUntil + options.staleIfErrorMs ? current : undefined;
      if (!inflight && Date.now() - lastAttemptAt < DISCOVERY_COOLDOWN_MS) {
        if (usable) return usable.discovered;
        throw options.unavailable(lastError);
      }
      inflight ??= (async () => {
        lastAttemptAt = Date.now();
        try {
          return await download(fetchFn, timeoutMs);
        } finally {
          inflight = undefined;
        }
      })();
      try {
        return await inflight;
      } catch (err) {
        lastError = err;
        if (err instanceof IssuerMismatchError) {
          current = undefined;
          throw options.unavailable(err);
        }
        if (usable) return usable.discovered;
        throw options.unavailable(err);
      }
    },
    /** The last good document, if any, without fetching. */
    last: (): Discovered | undefined => current?.discovered,
  };
}

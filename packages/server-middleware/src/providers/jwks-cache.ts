import type { KeyObject } from 'node:crypto';
import { InvalidTokenError, ProviderUnavailableError, SocialAuthConfigError } from '../errors';
import { FRESHNESS_DEFAULTS, importKeys, type JwksKey, jwksMaxAgeMs, keyFits } from './jwks-keys';

export { jwksMaxAgeMs } from './jwks-keys';

export interface JwksCacheOptions {
  /** The JWKS URL, or a function resolving it (e.g. from an OIDC discovery document), called once per fetch. */
  uri: string | (() => string | Promise<string>);
  /** The `fetch` to use, e.g. a keep-alive pool's. */
  fetch: typeof fetch;
  /** Bound on one JWKS fetch, body included. */
  timeoutMs: number;
  /**
   * Least time between two refetches that were not due: for an unknown `kid`, and after a failed
   * fetch. A flood of made-up `kid`s or sign-ins during an outage costs one outbound call per
   * cooldown. @default 30000
   */
  cooldownMs?: number;
  /**
   * How long past their freshness the last good keys keep verifying while refetches fail
   * (stale-if-error, RFC 5861 §4), whatever the provider's `must-revalidate` says. @default 86400000 (24 h)
   */
  staleIfErrorMs?: number;
  /** Floor for the provider's `Cache-Control` max-age. @default 60000 */
  minMaxAgeMs?: number;
  /** Ceiling for the provider's `Cache-Control` max-age. @default 86400000 (24 h) */
  maxMaxAgeMs?: number;
  /** Freshness when the response has no `max-age`. @default 600000 */
  defaultMaxAgeMs?: number;
}

/** The header fields that pick a key. */
export interface JwsKeyHint {
  kid?: string;
  alg?: string;
}

export interface JwksCache {
  /**
   * The verification key for a JWS header: throws `InvalidTokenError` when the set (after at most
   * one refetch per cooldown) has no key for it, `ProviderUnavailableError` when no usable set can
   * be had.
   */
  key(hint: JwsKeyHint): Promise<KeyObject>;
  /** What the cache holds, for health checks and tests. */
  status(): JwksCacheStatus;
}

export interface JwksCacheStatus {
  /** Key ids of the last good set. */
  kids: string[];
  /** When the last good set was fetched (epoch ms), 0 if never. */
  fetchedAt: number;
  /** Until when it counts as fresh (epoch ms). */
  freshUntil: number;
  /** Until when it may still be used while refetches fail (epoch ms). */
  usableUntil: number;
  /** When the last fetch failed (epoch ms), 0 if the last one succeeded. */
  failedAt: number;
}

interface KeySet {
  keys: JwksKey[];
  fetchedAt: number;
  freshUntil: number;
}

const DEFAULTS = {
  cooldownMs: 30_000,
  staleIfErrorMs: 24 * 3600_000,
  ...FRESHNESS_DEFAULTS,
} as const;
const MAX_JWKS_BYTES = 512 * 1024;

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new SocialAuthConfigError(`\`${name}\` must be a number of milliseconds ≥ 0.`);
  }
  return value;
}

/**
 * A JWKS cache shared by every ID-token verifier: keys are imported as `KeyObject`s once per
 * fetch, never per request; freshness follows `Cache-Control` within a floor and a ceiling.
 * Past freshness it refetches (concurrent callers share one fetch); when that fails it keeps
 * the last good keys for `staleIfErrorMs`, answering from them at once while it tries again in
 * the background at most once per `cooldownMs`, so an outage costs a handful of outbound calls,
 * not one per sign-in, and no sign-in waits on a dead provider twice.
 * An unknown `kid` refetches at most once per cooldown, then is refused.
 *
 * @example
 * const jwks = createJwksCache({ uri: 'https://appleid.apple.com/auth/keys', fetch, timeoutMs: 5000 });
 * const key = await jwks.key(decodeProtectedHeader(idToken));
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const cooldownMs = positive(options.cooldownMs, 'cooldownMs', DEFAULTS.cooldownMs);
  const staleIfErrorMs = positive(options.staleIfErrorMs, 'staleIfErrorMs', DEFAULTS.staleIfErrorMs);
  const minMs = positive(options.minMaxAgeMs, 'minMaxAgeMs', DEFAULTS.minMaxAgeMs);
  const maxMs = positive(options.maxMaxAgeMs, 'maxMaxAgeMs', DEFAULTS.maxMaxAgeMs);
  const defaultMs = positive(options.defaultMaxAgeMs, 'defaultMaxAgeMs', DEFAULTS.defaultMaxAgeMs);
  if (minMs > maxMs) throw new SocialAuthConfigError('`minMaxAgeMs` must not exceed `maxMaxAgeMs`.');
  if (typeof options.fetch !== 'function') throw new SocialAuthConfigError('`fetch` must be a function.');

  let current: KeySet | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let failedAt = 0;
  let lastError: unknown;
  let inflight: Promise<void> | undefined;

  async function download(): Promise<KeySet> {
    const uri = typeof options.uri === 'function' ? await options.uri() : options.uri;
    const response = await options.fetch(uri, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`the JWKS endpoint answered ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_JWKS_BYTES) throw new Error('the JWKS is too large');
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error('the JWKS is too large');
    const keys = importKeys(JSON.parse(text));
    const fetchedAt = Date.now();
    const age = Number(response.headers.get('age'));
    const freshFor = jwksMaxAgeMs(response.headers.get('cache-control'), {
      minMs,
      maxMs,
      defaultMs,
      ageSeconds: Number.isFinite(age) && age > 0 ? age : 0,
    });
    return { keys, fetchedAt, freshUntil: fetchedAt + freshFor };
  }

  /** One fetch at a time; every caller waiting meanwhile shares its outcome. */
  function refetch(): Promise<void> {
    inflight ??= (async () => {
      lastAttemptAt = Date.now();
      try {
        current = await download();
        failedAt = 0;
        lastError = undefined;
      } catch (err) {
        failedAt = Date.now();
        lastError = err;
        throw err;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  }

  const coolingDown = () => Date.now() - lastAttemptAt < cooldownMs;
  const usable = (set: KeySet | undefined): set is KeySet =>
    set !== undefined && Date.now() <= set.freshUntil + staleIfErrorMs;
  const unavailable = (cause: unknown) =>
    new ProviderUnavailableError('The identity provider keys could not be loaded.', { cause });

  /** Fresh keys, or the last good ones while refetching fails, or a 503. */
  async function keySet(): Promise<KeySet> {
    if (current && Date.now() <= current.freshUntil) return current;
    // A fetch failed less than a cooldown ago: no new outbound call until it has passed.
    const mayFetch = inflight !== undefined || !(failedAt > 0 && coolingDown());
    if (failedAt > 0 && usable(current)) {
      // The provider is already failing: answer from the last good keys at once and retry in
      // the background, so sign-ins during an outage never wait on a timeout.
      if (mayFetch && !inflight) refetch().catch(() => {});
      return current;
    }
    if (mayFetch) {
      try {
        await refetch();
        return current as KeySet;
      } catch (err) {
        if (usable(current)) return current;
        throw unavailable(err);
      }
    }
    if (usable(current)) return current;
    throw unavailable(lastError);
  }

  function find(set: KeySet, hint: JwsKeyHint): KeyObject | undefined {
    if (hint.kid !== undefined) {
      return set.keys.find((entry) => entry.kid === hint.kid && keyFits(entry, hint.alg))?.key;
    }
    // Without a `kid`, only an unambiguous set may answer (one key that fits the algorithm).
    const fitting = set.keys.filter((entry) => keyFits(entry, hint.alg));
    return fitting.length === 1 ? fitting[0]?.key : undefined;
  }

  return {
    async key(hint) {
      const set = await keySet();
      const found = find(set, hint);
      if (found) return found;
      const fromStale = set !== current || Date.now() > set.freshUntil;
      if (fromStale || (coolingDown() && !inflight)) {
        throw new InvalidTokenError('No key of the identity provider matches the token.');
      }
      try {
        await refetch();
      } catch (err) {
        throw unavailable(err);
      }
      const again = current ? find(current, hint) : undefined;
      if (!again) throw new InvalidTokenError('No key of the identity provider matches the token.');
      return again;
    },
    status: () => ({
      kids: current?.keys.flatMap((entry) => (entry.kid === undefined ? [] : [entry.kid])) ?? [],
      fetchedAt: current?.fetchedAt ?? 0,
      freshUntil: current?.freshUntil ?? 0,
      usableUntil: current ? current.freshUntil + staleIfErrorMs : 0,
      failedAt,
    }),
  };
}

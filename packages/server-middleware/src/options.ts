import type { Connection } from 'mongoose';
import { checkKeys, choice, fail, isObject, optionKeys, positiveInt } from './config/check';
import { TOKEN_DEFAULTS } from './config/tokens';
import type { OnEvent } from './events';
import {
  type RateLimitGroup,
  type RateLimitStore,
  resolveGlobalLimit,
  type StoreErrorPolicy,
} from './http/rate-limit';
import type { ErrorReporter } from './http/respond';
import type { SocialProvider } from './providers/plugin';
import type { RateLimitOptions, TokenOptions, UserOptions } from './types';

/** Options of `socialAuth()`. */
export interface SocialAuthOptions {
  /** The providers, each built (and its options checked) by its factory, e.g. `[oidc({ issuer, clientId })]`. */
  providers: readonly SocialProvider[];
  /** How the app's own access tokens are signed. */
  tokens: TokenOptions;
  /** @default mongoose.connection */
  connection?: Connection;
  users?: UserOptions;
  /** `false` turns it off. @default { limit: 30, windowMs: 60000 } */
  rateLimit?: false | RateLimitOptions;
  /** Bound on every outbound provider call, at most 5000. @default 5000 */
  providerTimeoutMs?: number;
  /** Bound on each store operation. @default 5000 */
  storeTimeoutMs?: number;
  /** Lifetime of a sign-in nonce, at most 3600. @default 600 */
  nonceTtlSeconds?: number;
  /**
   * Origins besides the API's own that may use cookie mode (`SocialKit-Refresh: cookie`), e.g. a web
   * app on another subdomain. Any other `Origin` → 403 `forbidden_origin`. @default []
   */
  allowedOrigins?: string[];
  /** Receives every error with its full cause. */
  onError?: ErrorReporter;
  /** Receives account events (sign-in, link, sign-out…) for audit logs. */
  onEvent?: OnEvent;
}

/** Every default of `socialAuth()`, in one place. */
export const DEFAULTS = Object.freeze({
  providerTimeoutMs: 5000,
  storeTimeoutMs: 5000,
  nonceTtlSeconds: 600,
  rateLimit: Object.freeze({ limit: 30, windowMs: 60_000 }),
  users: Object.freeze({ linkByEmail: 'verified' as const }),
  tokens: TOKEN_DEFAULTS,
});

const ROOT_KEYS = optionKeys<SocialAuthOptions>({
  providers: true,
  tokens: true,
  connection: true,
  users: true,
  rateLimit: true,
  providerTimeoutMs: true,
  storeTimeoutMs: true,
  nonceTtlSeconds: true,
  allowedOrigins: true,
  onError: true,
  onEvent: true,
});
const USER_KEYS = optionKeys<UserOptions>({
  linkByEmail: true,
  allowSignup: true,
  mapProfile: true,
  afterLogin: true,
  model: true,
});
const RATE_LIMIT_KEYS = optionKeys<RateLimitOptions>({
  limit: true,
  windowMs: true,
  store: true,
  globalLimit: true,
  onStoreError: true,
});

export interface ResolvedRateLimit {
  limit: number;
  windowMs: number;
  globalLimit: Partial<Record<RateLimitGroup, number>>;
  store?: RateLimitStore;
  onStoreError?: StoreErrorPolicy;
}

function resolveUsers(value: unknown): UserOptions {
  if (value === undefined) return { ...DEFAULTS.users };
  if (!isObject(value)) fail('`users` must be an object.');
  checkKeys(value, USER_KEYS, 'users.');
  const users = value as UserOptions;
  return {
    ...users,
    linkByEmail: choice<'verified' | 'never'>(
      users.linkByEmail,
      'users.linkByEmail',
      ['verified', 'never'],
      DEFAULTS.users.linkByEmail,
    ),
  };
}

function resolveRateLimit(value: unknown): ResolvedRateLimit | false {
  if (value === false) return false;
  if (value !== undefined && !isObject(value)) fail('`rateLimit` must be `false` or an object.');
  const raw = (value ?? {}) as Record<string, unknown>;
  checkKeys(raw, RATE_LIMIT_KEYS, 'rateLimit.');
  return {
    limit: positiveInt(raw.limit, 'rateLimit.limit', DEFAULTS.rateLimit.limit),
    windowMs: positiveInt(raw.windowMs, 'rateLimit.windowMs', DEFAULTS.rateLimit.windowMs),
    globalLimit: resolveGlobalLimit(raw.globalLimit),
    ...(raw.store === undefined ? {} : { store: raw.store as RateLimitStore }),
    ...(raw.onStoreError === undefined
      ? {}
      : {
          onStoreError: choice<StoreErrorPolicy>(
            raw.onStoreError,
            'rateLimit.onStoreError',
            ['open', 'closed'],
            'open',
          ),
        }),
  };
}

/** An origin as browsers send it: scheme, host and port, no path. */
function resolveOrigins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    fail('`allowedOrigins` must be an array of origins like `https://app.example.com`.');
  return value.map((origin) => {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin === 'null') {
      fail(
        `\`allowedOrigins\` holds ${JSON.stringify(origin)}, which is not an origin like \`https://app.example.com\`.`,
      );
    }
    return new URL(origin).origin;
  });
}

/** Checks the root options once, at startup; provider options were checked by their factories. */
export function resolveOptions(options: unknown) {
  if (!isObject(options)) {
    fail(
      'pass an options object, e.g. `socialAuth({ providers: [oidc({ issuer, clientId })], tokens: { secret } })`.',
    );
  }
  checkKeys(options, ROOT_KEYS, '');
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    fail('`onError` must be a function, e.g. `onError: (err, req) => logger.error(err)`.');
  }
  return {
    providers: options.providers,
    tokens: options.tokens,
    connection: options.connection as Connection | undefined,
    users: resolveUsers(options.users),
    rateLimit: resolveRateLimit(options.rateLimit),
    providerTimeoutMs: positiveInt(
      options.providerTimeoutMs,
      'providerTimeoutMs',
      DEFAULTS.providerTimeoutMs,
      5000,
    ),
    storeTimeoutMs: positiveInt(options.storeTimeoutMs, 'storeTimeoutMs', DEFAULTS.storeTimeoutMs, 60_000),
    nonceTtlSeconds: positiveInt(options.nonceTtlSeconds, 'nonceTtlSeconds', DEFAULTS.nonceTtlSeconds, 3600),
    allowedOrigins: resolveOrigins(options.allowedOrigins),
    onError: options.onError as ErrorReporter | undefined,
    onEvent: options.onEvent,
  };
}

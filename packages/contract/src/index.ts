/**
 * The HTTP contract between `@socialkit/express` and `@socialkit/react`: error codes and their
 * statuses, the session and user shapes, and the route paths. Both packages import it, so the two
 * sides cannot drift. Only types and constants live here, no behaviour.
 */

/** Every stable error code a client can receive in `{error:{code,message}}`. */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'token_expired'
  | 'invalid_refresh_token'
  | 'signup_not_allowed'
  | 'forbidden_origin'
  | 'unknown_provider'
  | 'not_found'
  | 'account_exists'
  | 'identity_in_use'
  | 'last_identity'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'store_unavailable'
  | 'internal_error';

/** The one table from error code to HTTP status. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  invalid_token: 401,
  token_expired: 401,
  invalid_refresh_token: 401,
  signup_not_allowed: 403,
  forbidden_origin: 403,
  unknown_provider: 404,
  not_found: 404,
  account_exists: 409,
  identity_in_use: 409,
  last_identity: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  provider_unavailable: 503,
  store_unavailable: 503,
  internal_error: 500,
});

/** Every error code, in a stable order. */
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_STATUS) as ErrorCode[]);

/** Body of every error answer. `account_exists` adds `providers` and `linkToken`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** `account_exists` only: the providers the existing account signs in with. */
    providers?: string[];
    /** `account_exists` only: pass it with a sign-in to the existing account to link the new identity. */
    linkToken?: string;
  };
}

/** The signed-in user as the server returns it in session bodies and `GET /me`. */
export interface PublicUser {
  id: string;
  /** A verified address, or an unverified one shown with `emailVerified: false`; null when none. */
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  picture: string | null;
  /** Provider ids of the user's identities. */
  providers: string[];
  /** The user's identities, for connected-accounts pages. */
  identities?: PublicIdentity[];
}

/** One provider identity of a user. */
export interface PublicIdentity {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  linkedAt: string;
}

/** Body of a successful sign-in (`POST /:provider`) or `POST /refresh`. */
export interface SessionBody {
  token: string;
  tokenType: 'Bearer';
  /** Seconds until `token` expires. */
  expiresIn: number;
  /** Absent in cookie mode, where the refresh token travels only in the `socialkit_rt` cookie. */
  refreshToken?: string;
  user: PublicUser;
  isNewUser: boolean;
  /** Set when a `linkToken` was passed and its pending identity was linked by this sign-in. */
  linked?: { provider: string; subject: string };
}

/** `POST /nonce` */
export interface NonceBody {
  nonce: string;
  /** Seconds. */
  expiresIn: number;
}

/** One entry of `GET /providers`; the rest is the provider's public config. */
export interface PublicProviderConfig {
  id: string;
  [key: string]: unknown;
}

/** `GET /providers` */
export interface ProvidersBody {
  providers: PublicProviderConfig[];
}

/** One signed-in device, from `GET /sessions`. */
export interface SessionInfo {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  /** A short label such as "Chrome on Linux". */
  userAgent: string | null;
  current: boolean;
}

/** `GET /sessions` */
export interface SessionsBody {
  sessions: SessionInfo[];
}

/** Request header that asks for (and authorizes use of) the refresh-token cookie. */
export const REFRESH_MODE_HEADER = 'SocialKit-Refresh';
/** Name of the refresh-token cookie in cookie mode. */
export const REFRESH_COOKIE = 'socialkit_rt';

/** Route paths, relative to where the router is mounted. */
export const ROUTES = Object.freeze({
  providers: '/providers',
  nonce: '/nonce',
  signIn: (provider: string) => `/${encodeURIComponent(provider)}`,
  refresh: '/refresh',
  logout: '/logout',
  me: '/me',
  callback: (provider: string) => `/callback/${encodeURIComponent(provider)}`,
  link: (provider: string) => `/link/${encodeURIComponent(provider)}`,
  identity: (provider: string, subject: string) =>
    `/identities/${encodeURIComponent(provider)}/${encodeURIComponent(subject)}`,
  sessions: '/sessions',
  session: (id: string) => `/sessions/${encodeURIComponent(id)}`,
  jwks: '/.well-known/jwks.json',
});

/** What the callback page posts to the waiting tab (by `postMessage` and a `BroadcastChannel`). */
export interface CallbackMessage {
  type: 'socialkit:callback';
  provider: string;
  state: string;
  code?: string;
  /** Apple's `form_post` sends an ID token and, on first consent, the `user` JSON. */
  idToken?: string;
  user?: string;
  /** The provider's `error` parameter, e.g. `access_denied`. */
  error?: string;
}

/** What a provider id may look like: it is a path segment of `POST /:provider` and `/callback/:provider`. */
export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Path segments the router serves itself; a provider with one of these ids would shadow or be shadowed. */
export const RESERVED_PROVIDER_IDS: ReadonlySet<string> = new Set([
  'providers',
  'nonce',
  'refresh',
  'logout',
  'me',
  'callback',
  'link',
  'identities',
  'sessions',
]);

/** Name of the same-origin `BroadcastChannel` the callback page also posts to. */
export const CALLBACK_CHANNEL = 'socialkit:callback';

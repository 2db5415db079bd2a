import type { PublicUser } from '@socialkit/contract';
import type { Schema } from 'mongoose';
import type { GlobalLimitOption, RateLimitStore, StoreErrorPolicy } from './http/rate-limit';
import type { VerifiedProfile } from './providers/plugin';

export type { PublicUser, SessionBody } from '@socialkit/contract';
export type { VerifiedProfile } from './providers/plugin';

/** Claims of our own API access token. */
export interface AccessTokenClaims {
  sub: string;
  iss: string;
  aud: string | string[];
  jti: string;
  /** The session (refresh-token family) id; revoking the session refuses the token. */
  sid?: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

/** Set on `req.auth` by `requireAuth()`. */
export interface AuthInfo {
  userId: string;
  /** The session (refresh-token family) the token belongs to; absent on tokens signed without one. */
  sessionId?: string;
  claims: AccessTokenClaims;
}

export type { TokenKeyOptions, TokenOptions } from './config/tokens';

/** Any mongoose model whose schema uses `socialAuthUserPlugin` (checked at startup). */
export interface UserModelLike {
  readonly modelName: string;
  readonly schema: Schema;
}

/** Stored user document as the middleware sees it. */
export interface SocialAuthUserIdentity {
  provider: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  linkedAt: Date;
  lastLoginAt: Date;
}

/** The fields `socialAuthUserPlugin` adds to a user document. */
export interface SocialAuthUserFields {
  email?: string;
  emailVerified: boolean;
  name?: string;
  picture?: string;
  identities?: SocialAuthUserIdentity[];
  disabled?: boolean;
  lastLoginAt?: Date;
}

/** What `users.afterLogin` receives after every sign-in. */
export interface AfterLoginContext {
  userId: string;
  user: PublicUser;
  profile: VerifiedProfile;
  isNewUser: boolean;
}

/** The `users` option of `socialAuth()`: how sign-ins find, link and create users. */
export interface UserOptions {
  /** @default 'verified' */
  linkByEmail?: 'verified' | 'never';
  /** @default true */
  allowSignup?: boolean | ((profile: VerifiedProfile) => boolean | Promise<boolean>);
  /** Extra fields for a new user; reserved fields (email, identities, _id…) are ignored. */
  mapProfile?: (profile: VerifiedProfile) => Record<string, unknown> | Promise<Record<string, unknown>>;
  afterLogin?: (ctx: AfterLoginContext) => void | Promise<void>;
  /** A model whose schema uses `socialAuthUserPlugin`. */
  model?: UserModelLike;
}

/** The `rateLimit` option of `socialAuth()`. */
export interface RateLimitOptions {
  /** Attempts per IP per window. @default 30 */
  limit?: number;
  /** @default 60000 */
  windowMs?: number;
  /**
   * Where the counts live. @default `mongoRateLimitStore({ connection })`: shared by every instance
   * on the database; `redisRateLimitStore({ client })` and `memoryRateLimitStore()` are the others.
   */
  store?: RateLimitStore;
  /**
   * Hits per window across all addresses, per route group (`signIn`, `nonce`, `refresh`, `link`).
   * @default { signIn: 1000, link: 1000 }
   */
  globalLimit?: GlobalLimitOption;
  /** What to do when the store cannot count, unless the store says. @default 'open' */
  onStoreError?: StoreErrorPolicy;
}

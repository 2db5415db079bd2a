import type { KeyObject } from 'node:crypto';
import type { Connection, Schema } from 'mongoose';
import type { RateLimitStore } from './http/rate-limit';

export type ProviderId = 'google' | 'facebook';

/** What a provider vouches for after verification; never built from client fields. */
export interface VerifiedProfile {
  provider: ProviderId;
  /** Stable id at the provider (`sub` for Google, app-scoped id for Facebook). */
  subject: string;
  /** Lower-cased email as the provider reports it, verified or not. */
  email?: string;
  /** True only when the provider itself says the email is verified. */
  emailVerified: boolean;
  name?: string;
  picture?: string;
  /** Google Workspace domain, from the `hd` claim only. */
  hostedDomain?: string;
}

/** The user as returned in session bodies and `GET /me`. */
export interface PublicUser {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  picture: string | null;
  providers: ProviderId[];
}

export interface SessionBody {
  token: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  user: PublicUser;
  isNewUser: boolean;
}

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

export interface GoogleOptions {
  /** One or more OAuth client IDs; an ID token's `aud` must be one of them. */
  clientId: string | string[];
  /** Needed only for the auth-code flow. */
  clientSecret?: string;
  /** Allowed Workspace domains, checked against the `hd` claim. */
  hostedDomains?: string[];
  /** @default 'required' */
  nonce?: 'required' | 'optional';
  /** @default 'https://www.googleapis.com/oauth2/v3/certs' */
  jwksUri?: string;
  /** @default 'https://oauth2.googleapis.com/tokeninfo' */
  tokenInfoUrl?: string;
  /** @default 'https://openidconnect.googleapis.com/v1/userinfo' */
  userInfoUrl?: string;
  /** @default 'https://oauth2.googleapis.com/token' */
  tokenUrl?: string;
}

export interface FacebookOptions {
  appId: string;
  appSecret: string;
  /** @default 'https://graph.facebook.com/v23.0' */
  graphUrl?: string;
  /** Whether Facebook's email counts as verified. @default true */
  emailVerified?: boolean;
}

export interface TokenOptions {
  /** HS256 secret, at least 32 bytes. */
  secret?: string | KeyObject;
  /** @default 'HS256' */
  algorithm?: 'HS256' | 'RS256' | 'ES256';
  /** PEM or KeyObject for RS256/ES256. */
  privateKey?: string | KeyObject;
  /** @default 'socialkit' */
  issuer?: string;
  /** @default 'socialkit-api' */
  audience?: string;
  /** Seconds. @default 900 */
  accessTokenTtl?: number;
  /** Absolute refresh-token family lifetime in seconds. @default 2592000 (30 days) */
  refreshTokenTtl?: number;
  /** Seconds during which a just-rotated refresh token yields the same successor. @default 10 */
  reuseGraceSeconds?: number;
}

/** Any mongoose model whose schema uses `socialAuthUserPlugin` (checked at startup). */
export interface UserModelLike {
  readonly modelName: string;
  readonly schema: Schema;
}

/** Stored user document as the middleware sees it. */
export interface SocialAuthUserIdentity {
  provider: ProviderId;
  subject: string;
  email?: string;
  emailVerified: boolean;
  linkedAt: Date;
  lastLoginAt: Date;
}

export interface SocialAuthUserFields {
  email?: string;
  emailVerified: boolean;
  name?: string;
  picture?: string;
  identities?: SocialAuthUserIdentity[];
  disabled?: boolean;
  lastLoginAt?: Date;
}

export interface AfterLoginContext {
  userId: string;
  user: PublicUser;
  profile: VerifiedProfile;
  isNewUser: boolean;
}

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

export interface RateLimitOptions {
  /** Attempts per IP per window. @default 30 */
  limit?: number;
  /** @default 60000 */
  windowMs?: number;
  /** @default `memoryRateLimitStore()`: per process, at most 10,000 addresses at once */
  store?: RateLimitStore;
}

export interface SocialAuthOptions {
  /** @default mongoose.connection */
  connection?: Connection;
  google?: GoogleOptions;
  facebook?: FacebookOptions;
  tokens: TokenOptions;
  users?: UserOptions;
  /** `false` turns it off. @default { limit: 30, windowMs: 60000 } */
  rateLimit?: false | RateLimitOptions;
  /** Bound on every outbound provider call, at most 5000. @default 5000 */
  providerTimeoutMs?: number;
  /** Bound on each store operation. @default 5000 */
  storeTimeoutMs?: number;
  /** Nonce lifetime in seconds. @default 600 */
  nonceTtl?: number;
  /** Receives every error with its full cause. */
  onError?: (err: unknown, req: import('express').Request) => void;
}

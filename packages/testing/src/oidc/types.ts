import type { SandboxAccount } from '../kit/accounts';
import type { BadIdTokens } from '../kit/bad-tokens';
import type { FakeServer } from '../kit/fake';
import type { MintOptions } from '../kit/jwt';
import type { SigningAlg } from '../kit/keys';

/** Claims of an OpenID Connect ID token; `undefined` removes one. */
export interface OidcIdClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  iat: number;
  exp: number;
  azp?: string;
  nonce?: string;
  auth_time?: number;
  email?: string;
  email_verified?: unknown;
  name?: string;
  [claim: string]: unknown;
}

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface FakeOidcOptions {
  /** @default 'socialkit-oidc-client' */
  clientId?: string;
  /** @default 'socialkit-oidc-secret' */
  clientSecret?: string;
  /** How the token endpoint authenticates the client; `none` is a public client (PKCE only). @default ['client_secret_basic', 'client_secret_post'] */
  clientAuth?: ClientAuthMethod[];
  /** ID token signing algorithm. @default 'RS256' */
  alg?: SigningAlg;
  /** Path of the issuer under the origin, like Keycloak's `/realms/acme`. @default '' */
  issuerPath?: string;
  /** Issuer with a trailing slash (as Auth0's): discovery stays at `{issuer}.well-known/…`. @default false */
  trailingSlash?: boolean;
  /** Fields merged over the discovery document, e.g. `{ issuer: 'https://evil.example' }` or an alg list with `none`. */
  discovery?: Record<string, unknown>;
  /** When set, `redirect_uri` must be one of these. */
  redirectUris?: string[];
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /** @default Ada and Grace (verified emails), Alan (`email_verified: false`) */
  accounts?: SandboxAccount[];
  /** Sign in with this account (id or email) on the authorize page without showing the chooser. */
  autoSelect?: string;
  /** Heading of the authorize page. @default 'Sign in to Sandbox OIDC' */
  name?: string;
}

/** What the server's `oidc()` provider needs to discover and use this issuer. */
export interface OidcProviderOptions {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

/** ID tokens an OIDC verifier must refuse (OIDC Core §3.1.3.7), each wrong in exactly one way. */
export interface OidcBadTokens extends BadIdTokens<OidcIdClaims> {
  /** HS256 keyed with the client secret: valid-looking for an HS* allowlist, which must not exist. */
  hs256WithClientSecret(claims?: Partial<OidcIdClaims>): string;
  /** `aud` holds our client and an untrusted one, no `azp`. */
  extraAudience(claims?: Partial<OidcIdClaims>): Promise<string>;
  /** `email_verified` as the string `"true"` (lenient parsers treat it as verified; OIDC says boolean). */
  stringEmailVerified(claims?: Partial<OidcIdClaims>): Promise<string>;
  /** Five parts: an encrypted (JWE) token where a signed one is expected. */
  encrypted(): string;
}

export interface OidcAuthCodeOptions {
  account?: string;
  redirectUri?: string;
  nonce?: string;
  codeChallenge?: string;
  /** @default 'openid email profile' */
  scope?: string;
}

/** A local, offline OpenID Connect issuer: discovery, rotating JWKS, authorize page, token and userinfo. */
export interface FakeOidc extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `{baseUrl}{issuerPath}` (with a trailing slash when asked). */
  readonly issuer: string;
  readonly options: OidcProviderOptions;
  readonly accounts: readonly SandboxAccount[];
  autoSelect: string | undefined;
  /** Fields merged over the discovery document from now on (replaces earlier overrides). */
  discoveryOverrides: Record<string, unknown>;
  mintIdToken(claims?: Partial<OidcIdClaims>, opts?: MintOptions): Promise<string>;
  mintIdTokenFor(account: string, claims?: Partial<OidcIdClaims>, opts?: MintOptions): Promise<string>;
  readonly bad: OidcBadTokens;
  issueAuthCode(opts?: OidcAuthCodeOptions): string;
  /** A new current key; the previous one stays published until `retireOldKeys()`. */
  rotateKeys(): Promise<void>;
  retireOldKeys(): void;
  jwks(): { keys: Record<string, unknown>[] };
  /** Clears faults, the request log, codes and access tokens (keys and overrides stay). */
  reset(): void;
}

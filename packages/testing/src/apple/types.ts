import type { KeyObject } from 'node:crypto';
import type { SandboxAccount } from '../kit/accounts';
import type { BadIdTokens } from '../kit/bad-tokens';
import type { FakeServer } from '../kit/fake';
import type { MintOptions } from '../kit/jwt';
import type { AppleClientKey } from './client-secret';

/** An Apple ID the sandbox can sign in with; `id` is Apple's team-scoped `sub`. */
export interface AppleAccount extends SandboxAccount {
  /** A private-relay address (`…@privaterelay.appleid.com`): `is_private_email` true. @default false */
  privateEmail?: boolean;
}

/** Claims of an Apple ID token; any extra claim is allowed, and `undefined` removes one. */
export interface AppleIdClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  iat: number;
  exp: number;
  nonce?: string;
  nonce_supported?: boolean;
  email?: string;
  email_verified?: boolean | 'true' | 'false';
  is_private_email?: boolean | 'true' | 'false';
  auth_time?: number;
  c_hash?: string;
  [claim: string]: unknown;
}

export interface FakeAppleOptions {
  /** The Services ID of the web app. @default 'com.example.socialkit.web' */
  clientId?: string;
  /** Other client ids the token endpoint and authorize page accept, e.g. an iOS bundle ID. @default [] */
  extraClientIds?: string[];
  /** Team ID: the `iss` of client secrets. @default 'SKTEAM0001' */
  teamId?: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /** @default Ada (real email), Grace (private relay), Alan (Work & School, email not verified) */
  accounts?: AppleAccount[];
  /** How `email_verified` and `is_private_email` are sent: Apple has sent both. @default 'string' */
  booleanClaims?: 'string' | 'boolean';
  /** `exp - iat` of ID tokens. @default 600 */
  idTokenSeconds?: number;
  /** Sign in with this account (id or email) on the authorize page without showing the chooser. */
  autoSelect?: string;
}

/** What the server's `apple()` provider needs to verify against and exchange codes with this fake. */
export interface AppleProviderOptions {
  clientId: string;
  teamId: string;
  keyId: string;
  /** PEM of the `.p8` key whose public half the fake has registered. */
  privateKey: string;
  /** Base of `/auth/authorize`, `/auth/token`, `/auth/keys`. */
  authUrl: string;
  jwksUri: string;
  tokenUrl: string;
}

/** ID tokens an Apple verifier must refuse, each wrong in exactly one way. */
export interface AppleBadTokens extends BadIdTokens<AppleIdClaims> {
  /** `email_verified` false (in the configured string/boolean form). */
  unverifiedEmail(claims?: Partial<AppleIdClaims>): Promise<string>;
  /** Signed ES256 by a key Apple never published (Apple signs ID tokens RS256 only). */
  es256(claims?: Partial<AppleIdClaims>): Promise<string>;
  /** Valid for another hour but issued two hours ago: beyond a sane max age. */
  issuedLongAgo(claims?: Partial<AppleIdClaims>): Promise<string>;
}

export interface AppleAuthCodeOptions {
  /** Account id or email. @default the first account */
  account?: string;
  clientId?: string;
  redirectUri?: string;
  nonce?: string;
  /** PKCE S256 challenge the token request's `code_verifier` must match. */
  codeChallenge?: string;
}

/** A local, offline Sign in with Apple: JWKS, authorize page, token endpoint checking ES256 client secrets. */
export interface FakeApple extends FakeServer {
  readonly clientId: string;
  readonly teamId: string;
  /** The generated key registered for `teamId`; its private PEM goes into `options.privateKey`. */
  readonly clientKey: AppleClientKey;
  readonly options: AppleProviderOptions;
  readonly accounts: readonly AppleAccount[];
  /** Authorize page auto-select (account id or email); undefined shows the chooser. */
  autoSelect: string | undefined;
  /** Accepts client secrets signed by this key for `teamId` (default: the fake's team). */
  registerClientKey(key: {
    keyId: string;
    publicKey: KeyObject | string | JsonWebKey;
    teamId?: string;
  }): void;
  /** A client secret signed with `clientKey`; overrides make it wrong on purpose. */
  clientSecret(opts?: {
    clientId?: string;
    expiresInSeconds?: number;
    claims?: Record<string, unknown>;
    header?: Record<string, unknown>;
  }): Promise<string>;
  /** An ID token as Apple signs it; claims default to the first account and this client id. */
  mintIdToken(claims?: Partial<AppleIdClaims>, opts?: MintOptions): Promise<string>;
  readonly bad: AppleBadTokens;
  /** A single-use code for `/auth/token`, as the authorize page would hand out. */
  issueAuthCode(opts?: AppleAuthCodeOptions): string;
  /** Forgets consents, so the next authorization of that account (default: all) sends `user` again. */
  revokeConsent(account?: string): void;
  rotateKeys(): Promise<void>;
  jwks(): { keys: Record<string, unknown>[] };
  /** Clears faults, the request log, codes, refresh tokens and consents (keys stay). */
  reset(): void;
}

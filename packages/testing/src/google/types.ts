import type { SandboxAccount } from '../kit/accounts';
import type { FakeServer } from '../kit/fake';
import type { MintOptions } from '../kit/jwt';
import type { GoogleBadTokens } from './bad-tokens';

/** The profile Google knows for a user (userinfo's shape). */
export interface GoogleUser {
  sub: string;
  email: string;
  /** Real Google sends a boolean; the string forms exist to test lenient parsers. */
  email_verified: boolean | 'true' | 'false';
  name: string;
  given_name: string;
  family_name: string;
  picture: string;
  /** Hosted domain of a Workspace account. */
  hd?: string;
}

/** Claims of a Google ID token; any extra claim is allowed, and `undefined` removes one. */
export interface GoogleIdClaims extends GoogleUser {
  iss: string;
  aud: string | string[];
  azp: string;
  iat: number;
  exp: number;
  nbf?: number;
  nonce?: string;
  jti?: string;
  [claim: string]: unknown;
}

export type { MintOptions } from '../kit/jwt';

export interface FakeGoogleOptions {
  /** @default 'socialkit-test.apps.googleusercontent.com' */
  clientId?: string;
  /** @default 'GOCSPX-socialkit-test-secret' */
  clientSecret?: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /** Sandbox accounts for the browser stand-ins. @default Ada, Grace and Alan (unverified email) */
  accounts?: SandboxAccount[];
  /** `max-age` of the JWKS `Cache-Control`, in seconds. @default 21600 */
  jwksMaxAge?: number;
}

/** What `google()` of `@socialkit/express` takes to verify against this fake. */
export interface GoogleProviderOptions {
  clientId: string;
  clientSecret: string;
  jwksUri: string;
  tokenInfoUrl: string;
  userInfoUrl: string;
  tokenUrl: string;
}

/** A local, offline Google: keys and JWKS, tokeninfo, userinfo, token exchange and sandbox sign-in. */
export interface FakeGoogle extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly options: GoogleProviderOptions;
  /** The user tokens and codes describe when no user is given (the first sandbox account). */
  readonly defaultUser: GoogleUser;
  readonly accounts: readonly SandboxAccount[];
  mintIdToken(claims?: Partial<GoogleIdClaims>, opts?: MintOptions): Promise<string>;
  readonly bad: GoogleBadTokens;
  issueAccessToken(
    user?: Partial<GoogleUser>,
    opts?: { clientId?: string; expiresIn?: number; scope?: string },
  ): string;
  issueAuthCode(
    user?: Partial<GoogleUser>,
    opts?: { nonce?: string; clientId?: string; redirectUri?: string },
  ): string;
  revoke(accessToken: string): void;
  /** Makes a new current key and drops the old one from the JWKS. */
  rotateKeys(): Promise<void>;
  /** The JWKS as currently served. */
  jwks(): { keys: Record<string, unknown>[] };
  /** Clears faults, the request log, issued tokens and codes (keys stay). */
  reset(): void;
}

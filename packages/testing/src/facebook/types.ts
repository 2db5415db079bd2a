import type { SandboxAccount } from '../kit/accounts';
import type { FakeServer } from '../kit/fake';

/** A Facebook user as the Graph API describes them. */
export interface FacebookUser {
  id: string;
  name: string;
  /** Absent when the user has no confirmed email or did not grant the permission. */
  email?: string;
  first_name?: string;
  last_name?: string;
  /** Picture URL (Graph wraps it as `picture.data.url`). */
  picture?: string;
}

export type FacebookTokenType = 'USER' | 'PAGE' | 'APP';

export interface IssueUserTokenOptions {
  /** The app the token was issued to. @default this fake's appId */
  appId?: string;
  /** Seconds until expiry; negative for an already expired token. @default 5183944 (60 days) */
  expiresIn?: number;
  /** @default 'USER' */
  type?: FacebookTokenType;
  /** `false` for a token Facebook invalidated (password change, logout). @default true */
  isValid?: boolean;
  /** @default ['email', 'public_profile'] */
  scopes?: string[];
}

export interface FakeFacebookOptions {
  /** @default '1234567890123456' */
  appId?: string;
  /** @default 'socialkit-test-app-secret' */
  appSecret?: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /** Graph API version in `graphUrl`. @default 'v23.0' */
  version?: string;
  /** Sandbox accounts for the browser stand-ins. @default Ada, Grace and Alan */
  accounts?: SandboxAccount[];
}

/** What `facebook()` of `@socialkit/express` takes to verify against this fake. */
export interface FacebookProviderOptions {
  appId: string;
  appSecret: string;
  graphUrl: string;
}

/** A local, offline Facebook Graph API: debug_token, /me with appsecret_proof, and sandbox login. */
export interface FakeFacebook extends FakeServer {
  readonly appId: string;
  readonly appSecret: string;
  /** `appId|appSecret`, the app access token. */
  readonly appToken: string;
  readonly options: FacebookProviderOptions;
  readonly defaultUser: FacebookUser;
  readonly accounts: readonly SandboxAccount[];
  /** A user access token as the JS SDK would hand it to the browser. */
  issueUserToken(user?: Partial<FacebookUser>, opts?: IssueUserTokenOptions): string;
  /** Invalidates a token, as logging out of Facebook does. */
  invalidate(accessToken: string): void;
  /** HMAC-SHA256 of `accessToken` keyed with the app secret, hex: the Graph `appsecret_proof`. */
  appSecretProof(accessToken: string): string;
  /** Clears faults, the request log and issued tokens. */
  reset(): void;
}

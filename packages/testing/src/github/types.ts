import type { SandboxAccount } from '../kit/accounts';
import type { FakeServer } from '../kit/fake';

/** One entry of `GET /user/emails`. */
export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: 'public' | 'private' | null;
}

/** A GitHub user the sandbox can sign in with; `id` is the numeric user id as a string. */
export interface GitHubAccount extends SandboxAccount {
  login: string;
  /** @default one primary address: `email`, verified unless `emailVerified` is false */
  emails?: GitHubEmail[];
  /** The public profile email of `GET /user`. @default null */
  publicEmail?: string | null;
}

export interface FakeGitHubOptions {
  /** @default 'Ov23liSocialkitTest01' */
  clientId?: string;
  /** @default 'socialkit0test0secret0000000000000000000' */
  clientSecret?: string;
  /** The app's registered callback URL; when set, `redirect_uri` must be on its host and port, under its path. */
  callbackUrl?: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /** @default Ada (two verified addresses), Grace, Alan (primary address unverified) */
  accounts?: GitHubAccount[];
  /** Sign in with this account (id, login or email) on the authorize page without showing the chooser. */
  autoSelect?: string;
}

/** What the server's `github()` provider needs to talk to this fake. */
export interface GitHubProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Base of `/login/oauth/authorize` and `/login/oauth/access_token` (github.com). */
  oauthUrl: string;
  /** Base of `/user`, `/user/emails`, `/applications/{client_id}/token` (api.github.com). */
  apiUrl: string;
}

export interface GitHubTokenOptions {
  /** Account id, login or email. @default the first account */
  account?: string;
  /** The OAuth app the token belongs to. @default this fake's clientId */
  clientId?: string;
  /** @default ['read:user', 'user:email'] */
  scopes?: string[];
}

export interface GitHubAuthCodeOptions {
  account?: string;
  redirectUri?: string;
  codeChallenge?: string;
  /** @default 'read:user user:email' */
  scope?: string;
}

/** A local, offline GitHub: OAuth authorize page and token endpoint, `/user`, `/user/emails`, check-a-token. */
export interface FakeGitHub extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly options: GitHubProviderOptions;
  readonly accounts: readonly GitHubAccount[];
  autoSelect: string | undefined;
  /** A `gho_` user token as the token endpoint would hand out (for this app unless `clientId` says otherwise). */
  issueAccessToken(opts?: GitHubTokenOptions): string;
  /** A token the user granted to another OAuth app: `/user` answers it, check-a-token for this app says 404. */
  issueOtherAppToken(account?: string): string;
  /** A single-use code for `/login/oauth/access_token`. */
  issueAuthCode(opts?: GitHubAuthCodeOptions): string;
  /** Revokes a token, as the user removing the app does. */
  revoke(accessToken: string): void;
  /** Clears faults, the request log, codes and tokens. */
  reset(): void;
}

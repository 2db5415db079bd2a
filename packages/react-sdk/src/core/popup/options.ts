import type { PopupSize } from './open-popup';

/** Options of {@link authorizeInPopup} and {@link popupSignIn}: one provider's code flow. */
export interface PopupCodeFlowOptions {
  /** Route id of the provider on the server: `POST /:provider`, `/callback/:provider`. */
  provider: string;
  /** Where the socialkit router is mounted; the callback page lives under it. */
  apiUrl: string;
  authorizationEndpoint: string;
  clientId: string;
  scope: string;
  /**
   * Fetch a one-time nonce from `POST /nonce` and send it as `nonce`, for providers that copy it
   * into their ID token (OIDC Core §3.1.2.1); the server consumes it once.
   * @default false
   */
  nonce?: boolean;
  /** @default 'code' */
  responseType?: 'code' | 'code id_token';
  /**
   * Send a PKCE challenge (S256). Only for a provider that ignores PKCE (Apple): its code is then
   * bound to this browser by the server nonce alone, which the server requires.
   * @default true
   */
  pkce?: boolean;
  /** Extra authorization parameters, e.g. `{ response_mode: 'form_post' }` or `{ prompt: 'select_account' }`. */
  params?: Readonly<Record<string, string>>;
  /** @default 300000 (5 minutes) */
  timeoutMs?: number;
  /**
   * Set `false` for providers that cut the popup off from its opener (Cross-Origin-Opener-Policy):
   * their window reads as closed while the user signs in, so only the timeout, `signal` or a new
   * attempt ends the wait.
   * @default true
   */
  trustClosed?: boolean;
  /** Ends the attempt with `cancelled` and closes the window. */
  signal?: AbortSignal;
  popupSize?: PopupSize;
}

// Type aliases, not interfaces: they must fit `Record<string, unknown>`, the client's credential type.
/** What the code flow posts to `POST /:provider`. */
export type CodeCredential = {
  code: string;
  /** Absent only with `pkce: false`. */
  codeVerifier?: string;
  redirectUri: string;
  /** Apple's first-consent `user` JSON, passed through as the provider sent it. */
  user?: string;
};

/** What the popup brought back: the code credential, plus an ID token when one was asked for. */
export type PopupAuthorization = CodeCredential & {
  /** Sent with `responseType: 'code id_token'` (Apple's `form_post`). */
  idToken?: string;
};

/** The client calls the flow needs; a `SocialAuthClient` has both. */
export interface PopupSignInClient<Result> {
  getNonce(): Promise<string>;
  signIn(provider: string, credential: CodeCredential): Promise<Result>;
}

/** Defaults of {@link PopupCodeFlowOptions}. */
export const POPUP_DEFAULTS = Object.freeze({
  timeoutMs: 300_000,
  trustClosed: true,
  nonce: false,
  pkce: true,
});

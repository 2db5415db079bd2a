import { SocialAuthError } from '../errors';
import { buildAuthorizeUrl, callbackUrl } from './authorize-url';
import { openPopup, type PopupSize } from './open-popup';
import { createPkcePair, type PkcePair, randomToken } from './pkce';
import { waitForCallback } from './wait-for-callback';

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

/** What the code flow posts to `POST /:provider`. */
// Type aliases, not interfaces: they must fit `Record<string, unknown>`, the client's credential type.
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

export const POPUP_DEFAULTS = Object.freeze({
  timeoutMs: 300_000,
  trustClosed: true,
  nonce: false,
  pkce: true,
});

const active = new Map<string, AbortController>();

/**
 * Runs the provider's authorization-code flow with PKCE (S256) in a popup and resolves with the
 * credential to post; it posts nothing itself. Call it synchronously from a click handler. A new
 * attempt for the same provider cancels the one still waiting.
 *
 * Fails with a `SocialAuthError`: `popup_blocked`, `popup_closed`, `popup_timeout`,
 * `state_mismatch`, `access_denied`, `provider_error`, `cancelled`, or the nonce request's error.
 *
 * @example
 * ```ts
 * button.onclick = async () => {
 *   const credential = await authorizeInPopup(
 *     { provider: 'github', apiUrl: '/auth', clientId, scope: 'read:user user:email',
 *       authorizationEndpoint: 'https://github.com/login/oauth/authorize' },
 *     () => client.getNonce(),
 *   );
 *   await client.signIn('github', credential);
 * };
 * ```
 */
export function authorizeInPopup(
  options: PopupCodeFlowOptions,
  getNonce: () => Promise<string>,
): Promise<PopupAuthorization> {
  const { provider } = options;
  const redirectUri = callbackUrl(options.apiUrl, provider);
  // The callback page answers only its own origin (postMessage target, BroadcastChannel), so the
  // router must be reachable on this page's origin, e.g. through a reverse proxy.
  if (new URL(redirectUri).origin !== globalThis.location.origin) {
    return Promise.reject(
      new SocialAuthError(
        'provider_not_configured',
        `The popup sign-in needs the socialkit router on this page's origin; apiUrl is ${options.apiUrl}`,
      ),
    );
  }
  active.get(provider)?.abort();
  let popup: ReturnType<typeof openPopup>;
  try {
    popup = openPopup(`socialkit-${provider}-${randomToken(6)}`, options.popupSize);
  } catch (error) {
    return Promise.reject(error);
  }
  const controller = new AbortController();
  active.set(provider, controller);
  const outer = options.signal;
  const forwardAbort = () => controller.abort();
  outer?.addEventListener('abort', forwardAbort, { once: true });
  if (outer?.aborted) controller.abort();

  const state = randomToken(32);
  const waiting = waitForCallback({
    popup,
    provider,
    state,
    timeoutMs: options.timeoutMs ?? POPUP_DEFAULTS.timeoutMs,
    trustClosed: options.trustClosed ?? POPUP_DEFAULTS.trustClosed,
    signal: controller.signal,
  });
  // Observed now so an early close is not reported as unhandled while the URL is being prepared.
  waiting.catch(() => undefined);

  const run = async (): Promise<PopupAuthorization> => {
    let pkce: PkcePair | undefined;
    try {
      if (options.pkce ?? POPUP_DEFAULTS.pkce) pkce = await createPkcePair();
      const nonce = (options.nonce ?? POPUP_DEFAULTS.nonce) ? await getNonce() : undefined;
      const url = buildAuthorizeUrl({
        authorizationEndpoint: options.authorizationEndpoint,
        clientId: options.clientId,
        redirectUri,
        scope: options.scope,
        state,
        ...(pkce ? { codeChallenge: pkce.codeChallenge } : {}),
        ...(nonce === undefined ? {} : { nonce }),
        ...(options.responseType ? { responseType: options.responseType } : {}),
        ...(options.params ? { params: options.params } : {}),
      });
      if (!popup.closed) popup.location.replace(url);
    } catch (error) {
      controller.abort();
      throw error;
    }
    const message = await waiting;
    if (!message.code) throw new SocialAuthError('provider_error', 'The provider returned no code');
    return {
      code: message.code,
      ...(pkce ? { codeVerifier: pkce.codeVerifier } : {}),
      redirectUri,
      ...(message.user ? { user: message.user } : {}),
      ...(message.idToken ? { idToken: message.idToken } : {}),
    };
  };

  return run().finally(() => {
    outer?.removeEventListener('abort', forwardAbort);
    if (active.get(provider) === controller) active.delete(provider);
  });
}

/**
 * {@link authorizeInPopup}, then `POST /:provider` with `{code, codeVerifier, redirectUri}` through
 * the client, which keeps the session. Call it synchronously from a click handler.
 *
 * @example
 * ```ts
 * const { user } = await popupSignIn(client, { provider: 'oidc', apiUrl: '/auth', clientId,
 *   scope: 'openid email profile', authorizationEndpoint, nonce: true });
 * ```
 */
export function popupSignIn<Result>(
  client: PopupSignInClient<Result>,
  options: PopupCodeFlowOptions,
): Promise<Result> {
  return authorizeInPopup(options, () => client.getNonce()).then((authorization) =>
    client.signIn(options.provider, codeCredential(authorization)),
  );
}

/** The fields of an authorization that `POST /:provider` takes for a code. */
export function codeCredential({
  code,
  codeVerifier,
  redirectUri,
  user,
}: PopupAuthorization): CodeCredential {
  return { code, ...(codeVerifier ? { codeVerifier } : {}), redirectUri, ...(user ? { user } : {}) };
}

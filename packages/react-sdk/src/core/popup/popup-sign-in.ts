import { SocialAuthError } from '../errors';
import { buildAuthorizeUrl, callbackUrl } from './authorize-url';
import { openPopup } from './open-popup';
import {
  type CodeCredential,
  POPUP_DEFAULTS,
  type PopupAuthorization,
  type PopupCodeFlowOptions,
  type PopupSignInClient,
} from './options';
import { createPkcePair, type PkcePair, randomToken } from './pkce';
import { waitForCallback } from './wait-for-callback';

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
      // Cancelled while the URL was prepared: end with the wait's own reason (`cancelled`).
      if (controller.signal.aborted) await waiting;
      // Still our own blank page, so `closed` is the truth even where a provider would later cut
      // the window off: closing it this early is the user's doing.
      if (popup.closed) throw new SocialAuthError('popup_closed', 'The sign-in window was closed');
      popup.location.replace(url);
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

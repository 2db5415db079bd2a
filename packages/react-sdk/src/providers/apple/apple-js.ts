import { SocialAuthError } from '../../core/errors';
import { randomToken } from '../../core/popup/pkce';

/** What Apple JS's `AppleID.auth.signIn()` resolves to in popup mode. */
export interface AppleSignInResponse {
  authorization: { code: string; id_token?: string; state?: string };
  /** First consent only: name (and an email the server ignores). */
  user?: { name?: { firstName?: string; lastName?: string }; email?: string };
}

/** The part of Apple JS (`appleid.auth.js`) this button uses. */
export interface AppleIdAuth {
  init(config: {
    clientId: string;
    scope: string;
    redirectURI: string;
    state: string;
    nonce: string;
    usePopup: boolean;
  }): void;
  signIn(): Promise<AppleSignInResponse>;
}

/** Apple JS, when the page has loaded it. */
export function loadedAppleJs(): AppleIdAuth | undefined {
  const auth = (globalThis as { AppleID?: { auth?: Partial<AppleIdAuth> } }).AppleID?.auth;
  return typeof auth?.init === 'function' && typeof auth.signIn === 'function'
    ? (auth as AppleIdAuth)
    : undefined;
}

const APPLE_ERRORS: Readonly<Record<string, SocialAuthError['code']>> = {
  popup_closed_by_user: 'popup_closed',
  user_cancelled_authorize: 'access_denied',
  user_trigger_new_signin_flow: 'cancelled',
  popup_blocked_by_browser: 'popup_blocked',
};

/**
 * Apple JS in popup mode with the server nonce, which Apple copies verbatim into the ID token
 * (notes: Apple never hashes it). Opens Apple's window synchronously, so call it from the click.
 */
export async function appleJsSignIn(
  auth: AppleIdAuth,
  request: { clientId: string; redirectUri: string; nonce: string; scope: string },
): Promise<AppleSignInResponse> {
  const state = randomToken(32);
  auth.init({
    clientId: request.clientId,
    scope: request.scope,
    redirectURI: request.redirectUri,
    state,
    nonce: request.nonce,
    usePopup: true,
  });
  let response: AppleSignInResponse;
  try {
    response = await auth.signIn();
  } catch (cause) {
    const reason = (cause as { error?: unknown } | null)?.error;
    const code = (typeof reason === 'string' && APPLE_ERRORS[reason]) || 'provider_error';
    throw new SocialAuthError(code, `Sign in with Apple did not finish (${String(reason ?? 'unknown')})`, {
      cause,
    });
  }
  if (response?.authorization?.state !== state) {
    throw new SocialAuthError('state_mismatch', 'The Apple response did not match this attempt');
  }
  return response;
}

/** The `user` field the server takes: Apple's first-consent JSON, name only. */
export function appleUserJson(user: AppleSignInResponse['user']): string | undefined {
  const name = user?.name;
  if (!name?.firstName && !name?.lastName) return undefined;
  return JSON.stringify({ name: { firstName: name.firstName, lastName: name.lastName } });
}

import type { SocialAuthErrorCode } from './core/errors';

/** Every piece of text the components render; pass a partial to `messages` to translate. */
export interface SocialAuthMessages {
  googleButton: string;
  facebookButton: string;
  signingIn: string;
  loadingProviders: string;
  /** Accessible name of the `<SocialLogin>` group. */
  loginGroup: string;
  /** Shown for an error code with no entry in `errors`. */
  errorFallback: string;
  errors: Partial<Record<SocialAuthErrorCode, string>>;
}

export const DEFAULT_MESSAGES: SocialAuthMessages = {
  googleButton: 'Sign in with Google',
  facebookButton: 'Continue with Facebook',
  signingIn: 'Signing in…',
  loadingProviders: 'Loading sign-in options…',
  loginGroup: 'Sign in',
  errorFallback: 'Sign-in failed. Please try again.',
  errors: {
    network_error: 'Could not reach the server. Check your connection and try again.',
    cancelled: 'Sign-in was cancelled.',
    popup_closed: 'The sign-in window was closed before finishing.',
    sdk_unavailable: 'The sign-in service could not be loaded. Disable blockers or try again.',
    provider_not_configured: 'This sign-in option is not available.',
    invalid_token: 'The provider sign-in could not be verified. Please try again.',
    account_exists: 'An account with this email already exists. Sign in with the provider you used before.',
    signup_not_allowed: 'New accounts are not allowed for this address.',
    rate_limited: 'Too many attempts. Wait a minute and try again.',
    provider_unavailable: 'The provider is not answering right now. Try again shortly.',
    store_unavailable: 'The service is temporarily unavailable. Try again shortly.',
  },
};

export type SocialAuthMessagesInput = Partial<Omit<SocialAuthMessages, 'errors'>> & {
  errors?: SocialAuthMessages['errors'];
};

export function mergeMessages(input: SocialAuthMessagesInput | undefined): SocialAuthMessages {
  if (!input) return DEFAULT_MESSAGES;
  return { ...DEFAULT_MESSAGES, ...input, errors: { ...DEFAULT_MESSAGES.errors, ...input.errors } };
}

/** Our translated text for a code; never the raw server message, which is English-only. */
export function describeError(messages: SocialAuthMessages, code: SocialAuthErrorCode): string {
  return messages.errors[code] ?? messages.errorFallback;
}

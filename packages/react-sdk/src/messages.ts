import type { SocialAuthErrorCode } from './core/errors';

/** Every piece of text the components render; pass a partial to `messages` to translate. */
export interface SocialAuthMessages {
  /** Button text by provider id, e.g. `{ acme: 'Continue with Acme' }`; each button has an English default. */
  buttons: Record<string, string>;
  /** Provider names used in sentences, by id; defaults to each registered button's `name`. */
  providerNames: Record<string, string>;
  signingIn: string;
  loadingProviders: string;
  /** Accessible name of the `<SocialLogin>` group. */
  loginGroup: string;
  /**
   * Shown while a link waits: `{existing}` becomes the names of the providers that prove the
   * account (joined with `or`), `{pending}` the name of the provider to add.
   */
  pendingLink: string;
  /** Joins provider names in `{existing}`. */
  or: string;
  /** The button that drops a pending link. */
  cancelLink: string;
  /** Shown for an error code with no entry in `errors`. */
  errorFallback: string;
  errors: Partial<Record<SocialAuthErrorCode, string>>;
}

/** The English text; `messages` on the provider is merged over it, key by key. */
export const DEFAULT_MESSAGES: SocialAuthMessages = {
  buttons: {},
  providerNames: {},
  signingIn: 'Signing in…',
  loadingProviders: 'Loading sign-in options…',
  loginGroup: 'Sign in',
  pendingLink:
    'You already have an account that signs in with {existing}. Continue with {existing} to add {pending}.',
  or: ' or ',
  cancelLink: 'Cancel',
  errorFallback: 'Sign-in failed. Please try again.',
  errors: {
    network_error: 'Could not reach the server. Check your connection and try again.',
    cancelled: 'Sign-in was cancelled.',
    popup_closed: 'The sign-in window was closed before finishing.',
    popup_blocked: 'The browser blocked the sign-in window. Allow pop-ups for this site and try again.',
    popup_timeout: 'The sign-in window took too long. Please try again.',
    state_mismatch: 'The sign-in response did not match this attempt. Please try again.',
    access_denied: 'Sign-in was declined at the provider.',
    provider_error: 'The provider could not complete the sign-in. Please try again.',
    sdk_unavailable: 'The sign-in service could not be loaded. Disable blockers or try again.',
    provider_not_configured: 'This sign-in option is not available.',
    invalid_token: 'The provider sign-in could not be verified. Please try again.',
    account_exists: 'An account with this email already exists. Sign in with the provider you used before.',
    identity_in_use: 'That account is already connected to another user.',
    last_identity: 'This is your only way to sign in, so it cannot be removed.',
    signup_not_allowed: 'New accounts are not allowed for this address.',
    rate_limited: 'Too many attempts. Wait a minute and try again.',
    provider_unavailable: 'The provider is not answering right now. Try again shortly.',
    store_unavailable: 'The service is temporarily unavailable. Try again shortly.',
  },
};

/** What the `messages` prop takes: any subset, including a subset of `errors`, `buttons` and `providerNames`. */
export type SocialAuthMessagesInput = Partial<
  Omit<SocialAuthMessages, 'errors' | 'buttons' | 'providerNames'>
> &
  Partial<Pick<SocialAuthMessages, 'errors' | 'buttons' | 'providerNames'>>;

export function mergeMessages(input: SocialAuthMessagesInput | undefined): SocialAuthMessages {
  if (!input) return DEFAULT_MESSAGES;
  const merged = { ...DEFAULT_MESSAGES, ...input };
  for (const key of ['errors', 'buttons', 'providerNames'] as const)
    merged[key] = { ...DEFAULT_MESSAGES[key], ...input[key] };
  return merged;
}

/** Our translated text for a code; never the raw server message, which is English-only. */
export function describeError(messages: SocialAuthMessages, code: SocialAuthErrorCode): string {
  return messages.errors[code] ?? messages.errorFallback;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

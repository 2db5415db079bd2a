import { useState, useSyncExternalStore } from 'react';
import type { SocialButtonProps } from '../buttons/registry';
import { createSignInAttempt, type SignInAttemptOptions } from '../core/sign-in-attempt';
import type { ProviderId } from '../core/types';
import { useSocialAuthContext } from '../social-auth-context';

/**
 * Busy and error state of one button; `complete(credential)` signs in — or links, with
 * `intent: 'link'` — and calls `onSuccess`/`onError` from the latest props.
 *
 * @example
 * ```tsx
 * const attempt = useSignInAttempt('acme', props);
 * <button disabled={attempt.busy} onClick={async () => { attempt.begin(); await attempt.complete({ idToken: await acme() }); }} />
 * ```
 */
export function useSignInAttempt(provider: ProviderId, props: SocialButtonProps) {
  const { client } = useSocialAuthContext();
  // One options object the core reads at call time, kept current with the latest props.
  const [options] = useState<SignInAttemptOptions>(() => ({}));
  options.intent = props.intent;
  options.onSuccess = props.onSuccess;
  options.onError = props.onError;
  const [attempt] = useState(() => createSignInAttempt(client, provider, options));
  const state = useSyncExternalStore(attempt.subscribe, attempt.getState, attempt.getState);
  return { ...state, begin: attempt.begin, complete: attempt.complete, fail: attempt.fail };
}

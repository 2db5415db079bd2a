import type { PopupAuthorization, PopupCodeFlowOptions } from './options';
import { authorizeInPopup, codeCredential } from './popup-sign-in';

/** The part of a sign-in attempt (`createSignInAttempt`) a popup button drives. */
export interface PopupAttemptTarget {
  begin(): void;
  complete(credential: Readonly<Record<string, unknown>>): Promise<void>;
  fail(cause: unknown): void;
}

const generations = new WeakMap<PopupAttemptTarget, number>();

/**
 * One click of a button: marks the attempt busy, obtains the credential (`obtain` runs at once, so
 * a window it opens is still inside the click), then signs in (or links, as the attempt's intent
 * says). A click while an earlier one still waits supersedes it: the earlier one then ends
 * silently instead of reporting its cancellation over the new one.
 *
 * @example
 * ```ts
 * button.onclick = () => runAttempt(attempt, () => acmeSdk.signIn().then((idToken) => ({ idToken })));
 * ```
 */
export function runAttempt(
  attempt: PopupAttemptTarget,
  obtain: () => Promise<Readonly<Record<string, unknown>>>,
): Promise<void> {
  const generation = (generations.get(attempt) ?? 0) + 1;
  generations.set(attempt, generation);
  const current = () => generations.get(attempt) === generation;
  attempt.begin();
  let pending: Promise<Readonly<Record<string, unknown>>>;
  try {
    pending = obtain();
  } catch (cause) {
    pending = Promise.reject(cause);
  }
  return pending.then(
    (credential) => (current() ? attempt.complete(credential) : undefined),
    (cause: unknown) => {
      if (current()) attempt.fail(cause);
    },
  );
}

/**
 * {@link runAttempt} with the popup code flow ({@link authorizeInPopup}); call it synchronously
 * from the click handler.
 *
 * @example
 * ```ts
 * const attempt = createSignInAttempt(client, 'github');
 * button.onclick = () => runPopupAttempt(attempt, { provider: 'github', apiUrl: client.apiUrl, … }, client.getNonce);
 * ```
 */
export function runPopupAttempt(
  attempt: PopupAttemptTarget,
  options: PopupCodeFlowOptions,
  getNonce: () => Promise<string>,
  toCredential: (authorization: PopupAuthorization) => Readonly<Record<string, unknown>> = codeCredential,
): Promise<void> {
  return runAttempt(attempt, () => authorizeInPopup(options, getNonce).then(toCredential));
}

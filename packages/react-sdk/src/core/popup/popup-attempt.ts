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
 * One click of a popup button: marks the attempt busy, runs {@link authorizeInPopup}, then signs
 * in (or links, as the attempt's intent says) with the credential `toCredential` makes. Call it
 * synchronously from the click handler. A click while a window is still open starts over; the
 * superseded run ends silently instead of reporting over the new one.
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
  const generation = (generations.get(attempt) ?? 0) + 1;
  generations.set(attempt, generation);
  const current = () => generations.get(attempt) === generation;
  attempt.begin();
  return authorizeInPopup(options, getNonce).then(
    (authorization) => (current() ? attempt.complete(toCredential(authorization)) : undefined),
    (cause: unknown) => {
      if (current()) attempt.fail(cause);
    },
  );
}

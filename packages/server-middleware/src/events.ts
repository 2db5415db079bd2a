import { SocialAuthConfigError } from './errors';

/** What happened to an account; see `SocialAuthEvent`. */
export type SocialAuthEventType =
  | 'signIn'
  | 'signUp'
  | 'link'
  | 'unlink'
  | 'sessionRevoked'
  | 'reuseDetected'
  | 'signOut';

/**
 * One account event for audit logs and notifications ("new sign-in from Firefox on Windows").
 * It never holds a token, a credential or a provider response: only ids and labels.
 *
 * - `signUp` / `signIn`: a session started for a new / an existing user (`provider`, `sessionId`, `userAgent`).
 * - `link` / `unlink`: an identity was added to / removed from the user (`provider`, `subject`).
 * - `signOut`: the user ended a session (`POST /logout`, also once per session for `{all:true}`).
 * - `sessionRevoked`: a session was ended for the user: `DELETE /sessions/:id`, `auth.revokeSessions()`, or a disabled user met on refresh.
 * - `reuseDetected`: a rotated refresh token came back; its whole session is revoked.
 */
export interface SocialAuthEvent {
  type: SocialAuthEventType;
  userId: string;
  provider?: string;
  /** The identity's subject at `provider`, for `link` and `unlink`. */
  subject?: string;
  /** The session (refresh family) id, the `sid` claim of its access tokens. */
  sessionId?: string;
  /** The session's device label, e.g. "Chrome on Linux". */
  userAgent?: string | null;
  at: Date;
}

/**
 * The `onEvent` option. A throw or a rejection is reported to `onError` (without a `req`) and never
 * fails a request.
 */
export type OnEvent = (event: SocialAuthEvent) => void | Promise<void>;

/** Emits an event once its write has committed; never throws, never waits for the listener. */
export type EmitEvent = (event: Omit<SocialAuthEvent, 'at'>) => void;

/**
 * Wraps the app's `onEvent` so that a broken listener can only ever reach `report`.
 *
 * @example
 * const emit = eventEmitter(options.onEvent, (err) => console.error(err));
 * emit({ type: 'unlink', userId, provider: 'github', subject });
 */
export function eventEmitter(onEvent: unknown, report: (err: unknown) => void): EmitEvent {
  if (onEvent === undefined) return () => {};
  if (typeof onEvent !== 'function') {
    throw new SocialAuthConfigError(
      'socialAuth: `onEvent` must be a function, e.g. `onEvent: (event) => audit.log(event)`.',
    );
  }
  const listener = onEvent as OnEvent;
  return (event) => {
    const full: SocialAuthEvent = { ...event, at: new Date() };
    for (const key of Object.keys(full) as (keyof SocialAuthEvent)[]) {
      if (full[key] === undefined) delete full[key];
    }
    try {
      Promise.resolve(listener(full)).catch(report);
    } catch (err) {
      report(err);
    }
  };
}

import { CALLBACK_CHANNEL, type CallbackMessage } from '@socialkit/contract';
import { SocialAuthError } from '../errors';

/** The parts of the popup's `Window` the flow uses. */
export interface PopupWindow {
  readonly closed: boolean;
  close(): void;
  location: { replace(url: string): void };
}

/** Options of {@link waitForCallback}. */
export interface WaitForCallbackOptions {
  popup: PopupWindow;
  provider: string;
  state: string;
  timeoutMs: number;
  /**
   * Whether `popup.closed` means the user closed the window. A provider that severs the popup from
   * its opener (Cross-Origin-Opener-Policy, as Microsoft Entra does for new apps) makes `closed`
   * read `true` while the user is still signing in; then only the timeout or `signal` ends the wait.
   */
  trustClosed: boolean;
  signal?: AbortSignal;
  /** @default 500 */
  pollMs?: number;
}

/** Errors that mean the user said no: OAuth 2.0's, and Apple's own for its Cancel button. */
const DECLINED: ReadonlySet<string> = new Set(['access_denied', 'user_cancelled_authorize']);

type Settle = { ok: true; message: CallbackMessage } | { ok: false; error: SocialAuthError };

/**
 * Resolves with the callback page's message for this attempt. It listens on two paths: a
 * `postMessage` from the popup itself (accepted only from this page's origin and from that very
 * window), and the same-origin `BroadcastChannel` keyed by `state`, which still works when the
 * provider has cut the popup off from `window.opener`. The first valid message wins.
 */
export function waitForCallback(options: WaitForCallbackOptions): Promise<CallbackMessage> {
  const { popup, provider, state, signal } = options;
  return new Promise<CallbackMessage>((resolve, reject) => {
    const ownOrigin = globalThis.location.origin;
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CALLBACK_CHANNEL);
    let settled = false;

    const finish = (result: Settle) => {
      if (settled) return;
      settled = true;
      globalThis.removeEventListener('message', onWindowMessage);
      channel?.removeEventListener('message', onChannelMessage);
      channel?.close();
      clearInterval(poll);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // The callback page closes itself; this covers a page that could not (or an error path).
      if (!popup.closed) popup.close();
      if (result.ok) resolve(result.message);
      else reject(result.error);
    };

    const accept = (data: CallbackMessage) => {
      // RFC 6749 §10.12: a callback for another request must never complete this one.
      if (data.state !== state || data.provider !== provider) {
        finish({
          ok: false,
          error: new SocialAuthError('state_mismatch', 'The sign-in response did not match this attempt'),
        });
        return;
      }
      if (data.error !== undefined) {
        const code = DECLINED.has(data.error) ? 'access_denied' : 'provider_error';
        finish({
          ok: false,
          error: new SocialAuthError(code, `The provider refused the sign-in (${data.error})`),
        });
        return;
      }
      if (!data.code && !data.idToken) {
        finish({ ok: false, error: new SocialAuthError('provider_error', 'The provider returned no code') });
        return;
      }
      finish({ ok: true, message: data });
    };

    function onWindowMessage(event: MessageEvent<unknown>) {
      // Only our own callback page, in the window this attempt opened, may answer.
      if (event.origin !== ownOrigin || event.source !== popup) return;
      if (isCallbackMessage(event.data)) accept(event.data);
    }

    function onChannelMessage(event: MessageEvent<unknown>) {
      // The channel is shared by every tab of the origin: answers to other tabs' attempts carry
      // their own `state` and are not ours to judge.
      if (isCallbackMessage(event.data) && event.data.state === state) accept(event.data);
    }

    function onAbort() {
      finish({ ok: false, error: new SocialAuthError('cancelled', 'Sign-in was cancelled') });
    }

    globalThis.addEventListener('message', onWindowMessage);
    channel?.addEventListener('message', onChannelMessage);
    signal?.addEventListener('abort', onAbort);
    // The callback page posts, then closes itself: a message still in flight gets one more poll.
    let closedSeen = false;
    const poll = setInterval(() => {
      if (!options.trustClosed || !popup.closed) return;
      if (closedSeen)
        finish({ ok: false, error: new SocialAuthError('popup_closed', 'The sign-in window was closed') });
      closedSeen = true;
    }, options.pollMs ?? 500);
    const timer = setTimeout(
      () =>
        finish({ ok: false, error: new SocialAuthError('popup_timeout', 'The sign-in window timed out') }),
      options.timeoutMs,
    );
    if (signal?.aborted) onAbort();
  });
}

/** Shape check of a {@link CallbackMessage}; anything else on the channel or window is ignored. */
export function isCallbackMessage(data: unknown): data is CallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Record<string, unknown>;
  const optionalString = (key: string) => message[key] == null || typeof message[key] === 'string';
  return (
    message.type === 'socialkit:callback' &&
    typeof message.provider === 'string' &&
    typeof message.state === 'string' &&
    ['code', 'idToken', 'user', 'error'].every(optionalString)
  );
}

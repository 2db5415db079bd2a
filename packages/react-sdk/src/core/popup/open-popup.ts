import { SocialAuthError } from '../errors';
import type { PopupWindow } from './wait-for-callback';

/** Size of the sign-in window in CSS pixels. */
export interface PopupSize {
  width: number;
  height: number;
}

/** Big enough for every provider's sign-in page without scrolling. */
export const DEFAULT_POPUP_SIZE: PopupSize = Object.freeze({ width: 500, height: 640 });

/**
 * Opens an empty window centred on this one. It must run synchronously inside the click handler:
 * browsers only let a page open windows during a user gesture, and the authorization URL (which
 * needs async Web Crypto and a server nonce) is loaded into it afterwards. No `noopener`: the
 * flow needs the handle to navigate the window, match `event.source` and notice it closing.
 */
export function openPopup(name: string, size: PopupSize = DEFAULT_POPUP_SIZE): PopupWindow {
  const view = globalThis.window;
  const left = Math.max(0, Math.round(view.screenX + (view.outerWidth - size.width) / 2));
  const top = Math.max(0, Math.round(view.screenY + (view.outerHeight - size.height) / 2));
  const features = `popup=yes,width=${size.width},height=${size.height},left=${left},top=${top}`;
  let popup: Window | null = null;
  try {
    popup = view.open('about:blank', name, features);
  } catch {
    popup = null;
  }
  if (!popup || popup.closed) {
    throw new SocialAuthError(
      'popup_blocked',
      'The browser blocked the sign-in window; allow pop-ups and try again',
    );
  }
  return popup;
}

export { type AuthorizeRequest, buildAuthorizeUrl, callbackUrl } from './authorize-url';
export { DEFAULT_POPUP_SIZE, openPopup, type PopupSize } from './open-popup';
export {
  type CodeCredential,
  POPUP_DEFAULTS,
  type PopupAuthorization,
  type PopupCodeFlowOptions,
  type PopupSignInClient,
} from './options';
export { createPkcePair, type PkcePair } from './pkce';
export { type PopupAttemptTarget, runAttempt, runPopupAttempt } from './popup-attempt';
export { authorizeInPopup, codeCredential, popupSignIn } from './popup-sign-in';
export { isCallbackMessage, type PopupWindow, waitForCallback } from './wait-for-callback';

export { type AuthorizeRequest, buildAuthorizeUrl, callbackUrl } from './authorize-url';
export { DEFAULT_POPUP_SIZE, openPopup, type PopupSize } from './open-popup';
export { createPkcePair, type PkcePair } from './pkce';
export {
  authorizeInPopup,
  type CodeCredential,
  POPUP_DEFAULTS,
  type PopupCodeFlowOptions,
  type PopupSignInClient,
  popupSignIn,
} from './popup-sign-in';
export { isCallbackMessage, type PopupWindow, waitForCallback } from './wait-for-callback';

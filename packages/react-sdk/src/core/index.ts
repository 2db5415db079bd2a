export type { AuthApi, FetchLike } from './api';
export { createSocialAuthClient, LOADING_STATE } from './client';
export type { LockManagerLike } from './cross-tab-lock';
export {
  type ClientErrorCode,
  isSocialAuthError,
  type ServerErrorCode,
  SocialAuthError,
  type SocialAuthErrorCode,
} from './errors';
export { createNonceObserver, type NonceObserver, type NonceState } from './nonce';
export type { SocialAuthClientOptions } from './options';
export {
  authorizeInPopup,
  buildAuthorizeUrl,
  type CodeCredential,
  callbackUrl,
  createPkcePair,
  type PkcePair,
  type PopupAttemptTarget,
  type PopupAuthorization,
  type PopupCodeFlowOptions,
  type PopupSignInClient,
  type PopupSize,
  popupSignIn,
  runPopupAttempt,
} from './popup/index';
export type { ProvidersObserver } from './providers';
export {
  createSignInAttempt,
  type SignInAttempt,
  type SignInAttemptOptions,
  type SignInAttemptState,
} from './sign-in-attempt';
export {
  localStorageAdapter,
  memoryStorage,
  type StorageAdapter,
  type StorageOption,
  sessionStorageAdapter,
} from './storage';
export type * from './types';

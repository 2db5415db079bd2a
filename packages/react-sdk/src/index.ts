export {
  defineSocialButton,
  type SignInCallbacks,
  type SignInIntent,
  type SocialButton,
  type SocialButtonProps,
} from './buttons/registry';
export * from './core/index';
export { useNonce } from './hooks/useNonce';
export { useProviderConfig, useProviders } from './hooks/useProviderConfig';
export { useSignInAttempt } from './hooks/useSignInAttempt';
export { type UseSocialAuthResult, useSocialAuth } from './hooks/useSocialAuth';
export { DEFAULT_MESSAGES, type SocialAuthMessages, type SocialAuthMessagesInput } from './messages';
export { SignInError } from './SignInError';
export { SocialAuthProvider, type SocialAuthProviderProps } from './SocialAuthProvider';
export { SocialLogin, type SocialLoginProps } from './SocialLogin';
export { useSocialAuthContext } from './social-auth-context';

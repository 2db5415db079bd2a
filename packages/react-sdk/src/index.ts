export * from './core/index';
export { FacebookLoginButton, type FacebookLoginButtonProps } from './FacebookLoginButton';
export { GoogleLoginButton, type GoogleLoginButtonProps } from './GoogleLoginButton';
export type { SignInCallbacks, SignInResult } from './hooks/useSignInAttempt';
export { type UseSocialAuthResult, useSocialAuth } from './hooks/useSocialAuth';
export { DEFAULT_MESSAGES, type SocialAuthMessages, type SocialAuthMessagesInput } from './messages';
export { SignInError } from './SignInError';
export { SocialAuthProvider, type SocialAuthProviderProps } from './SocialAuthProvider';
export { SocialLogin, type SocialLoginProps } from './SocialLogin';

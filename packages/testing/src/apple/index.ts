// Fake Sign in with Apple.
//   const apple = createFakeApple();            // or startFakeProviders({ only: [...] }).apple
//   await apple.listen();                       // apple.options → the server's apple() options
//   await apple.mintIdToken({ nonce })          // RS256 ID token; apple.bad.* for refusals
//   apple.issueAuthCode({ redirectUri, nonce }) // code for POST /auth/token (checks the ES256 client secret)
//   GET /auth/authorize?client_id&redirect_uri&response_type=code%20id_token&scope=name%20email&state&nonce
//     shows the account chooser and form_posts { code, id_token, state, user } to redirect_uri.
export type { AppleAuthorization } from './authorization';
export {
  type AppleClientKey,
  type ClientSecretInput,
  generateAppleClientKey,
  signAppleClientSecret,
} from './client-secret';
export { createFakeApple, DEFAULT_APPLE_ACCOUNTS } from './fake-apple';
export { APPLE_ISSUER } from './routes';
export type {
  AppleAccount,
  AppleAuthCodeOptions,
  AppleBadTokens,
  AppleIdClaims,
  AppleProviderOptions,
  FakeApple,
  FakeAppleOptions,
} from './types';

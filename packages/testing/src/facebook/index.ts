// Fake Facebook Graph API (debug_token, /me with appsecret_proof, sandbox login for the JS SDK stand-in).
//   const facebook = createFakeFacebook();          // or startFakeProviders().facebook
//   await facebook.listen();                        // facebook.options → the server's facebook() options
//   facebook.issueUserToken({ email }, { appId })   // a user access token, for this app or another
export { createFakeFacebook } from './fake-facebook';
export type {
  FacebookProviderOptions,
  FacebookTokenType,
  FacebookUser,
  FakeFacebook,
  FakeFacebookOptions,
  IssueUserTokenOptions,
} from './types';

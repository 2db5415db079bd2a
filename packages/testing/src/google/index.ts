// Fake Google (ID tokens, tokeninfo, userinfo, code exchange).
//   const google = createFakeGoogle();              // or startFakeProviders().google
//   await google.listen();                          // google.options → the server's google() options
//   await google.mintIdToken({ nonce });            // RS256 ID token; google.bad.* for refusals
//   google.issueAccessToken(), google.issueAuthCode({ nonce }) // for tokeninfo/userinfo and POST /token
export type { GoogleBadTokens } from './bad-tokens';
export { createFakeGoogle } from './fake-google';
export { GOOGLE_ISSUER } from './id-token';
export type {
  FakeGoogle,
  FakeGoogleOptions,
  GoogleIdClaims,
  GoogleProviderOptions,
  GoogleUser,
  MintOptions,
} from './types';

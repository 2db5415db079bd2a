// Fake Microsoft identity platform (v2.0 endpoint).
//   const microsoft = createFakeMicrosoft();                    // or startFakeProviders(...).microsoft
//   await microsoft.listen();                                   // microsoft.options → the server's microsoft() options
//   await microsoft.mintIdTokenFor('grace@example.com', { nonce }) // personal account, tid 9188040d-…
//   microsoft.issueAuthCode({ redirectUri, nonce, codeChallenge })  // for POST /{tenant}/oauth2/v2.0/token
//   GET /{tenant}/oauth2/v2.0/authorize?client_id&redirect_uri&response_type=code&scope=openid…&state&nonce
//     &code_challenge&code_challenge_method=S256 shows the account chooser, then 302 to redirect_uri?code&state.
export { CONSUMER_TENANT as MICROSOFT_CONSUMER_TENANT } from './context';
export { createFakeMicrosoft, DEFAULT_MICROSOFT_ACCOUNTS, MICROSOFT_TENANTS } from './fake-microsoft';
export type {
  FakeMicrosoft,
  FakeMicrosoftOptions,
  MicrosoftAccount,
  MicrosoftAuthCodeOptions,
  MicrosoftBadTokens,
  MicrosoftIdClaims,
  MicrosoftMintOptions,
  MicrosoftProviderOptions,
} from './types';

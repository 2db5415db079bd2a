// Fake OpenID Connect issuer (any id: Keycloak, Auth0, Okta...). Several can run side by side.
//   const issuer = createFakeOidc({ alg: 'ES256' });   // or startFakeProviders(...).oidc
//   await issuer.listen();                             // issuer.options → { id, name, issuer, clientId, clientSecret }
//   await issuer.mintIdToken({ nonce }); issuer.bad.* // algNone, hs256WithClientSecret, extraAudience, ...
//   issuer.discoveryOverrides = { issuer: 'https://evil.example' }; issuer.rotateKeys(); issuer.retireOldKeys();
//   GET {issuer}/authorize?client_id&redirect_uri&response_type=code&scope=openid…&state&nonce&code_challenge
//     &code_challenge_method=S256 shows the account chooser, then 302 to redirect_uri?code&state&iss.
export { createFakeOidc, DEFAULT_OIDC_ACCOUNTS } from './fake-oidc';
export type {
  ClientAuthMethod,
  FakeOidc,
  FakeOidcOptions,
  OidcAuthCodeOptions,
  OidcBadTokens,
  OidcIdClaims,
  OidcProviderOptions,
} from './types';

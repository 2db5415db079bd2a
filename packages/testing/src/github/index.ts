// Fake GitHub (OAuth app).
//   const github = createFakeGitHub();                  // or startFakeProviders(...).github
//   await github.listen();                              // github.options → { clientId, clientSecret, oauthUrl, apiUrl }
//   github.issueAuthCode({ redirectUri, codeChallenge }) // for POST {oauthUrl}/login/oauth/access_token
//   github.issueAccessToken() / github.issueOtherAppToken() // check-a-token: 200 / 404
//   GET {oauthUrl}/login/oauth/authorize?client_id&redirect_uri&scope&state&code_challenge&code_challenge_method=S256
//     shows the account chooser, then 302 to redirect_uri?code&state. API: {apiUrl}/user, /user/emails.
export { createFakeGitHub, DEFAULT_GITHUB_ACCOUNTS } from './fake-github';
export type {
  FakeGitHub,
  FakeGitHubOptions,
  GitHubAccount,
  GitHubAuthCodeOptions,
  GitHubEmail,
  GitHubProviderOptions,
  GitHubTokenOptions,
} from './types';

import { createCodeStore } from '../kit/codes';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { withoutUndefined } from '../kit/options';
import { json } from '../kit/route';
import { type GitHubContext, type GitHubToken, githubRoute, newGitHubToken } from './routes';
import type { FakeGitHub, FakeGitHubOptions, GitHubAccount } from './types';

/** Ada with a second verified address, Grace, and Alan whose primary address is unverified. */
export const DEFAULT_GITHUB_ACCOUNTS: readonly GitHubAccount[] = [
  {
    id: '583231',
    login: 'ada-lovelace',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    publicEmail: 'ada@example.com',
    emails: [
      { email: 'ada@example.com', primary: true, verified: true, visibility: 'public' },
      { email: 'ada@analytical.example', primary: false, verified: true, visibility: null },
      { email: 'ada@unconfirmed.example', primary: false, verified: false, visibility: null },
    ],
  },
  { id: '583232', login: 'grace-hopper', name: 'Grace Hopper', email: 'grace@example.com' },
  {
    id: '583233',
    login: 'alan-turing',
    name: 'Alan Turing',
    email: 'alan@example.com',
    emails: [
      { email: 'alan@example.com', primary: true, verified: false, visibility: 'private' },
      { email: 'alan@bletchley.example', primary: false, verified: true, visibility: null },
    ],
  },
];

const DEFAULTS = {
  clientId: 'Ov23liSocialkitTest01',
  clientSecret: 'socialkit0test0secret0000000000000000000',
};

/**
 * Creates an offline GitHub: an account chooser at `/login/oauth/authorize`, the token endpoint
 * (client secret and PKCE checked, errors as HTTP 200 with `error`), `GET /user`, `GET /user/emails`
 * and check-a-token (`POST /applications/{client_id}/token`, 404 for tokens of other apps).
 *
 * @example
 * const github = createFakeGitHub();
 * await github.listen();
 * const auth = socialAuth({ providers: [githubProvider(github.options)], tokens });
 * const code = github.issueAuthCode({ redirectUri, codeChallenge });
 * const foreign = github.issueOtherAppToken(); // must be refused as an accessToken credential
 */
export function createFakeGitHub(options: FakeGitHubOptions = {}): FakeGitHub {
  const { clientId, clientSecret } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly GitHubAccount[] = options.accounts ?? DEFAULT_GITHUB_ACCOUNTS;
  const first = accounts[0];
  if (!first) throw new Error('createFakeGitHub: `accounts` needs at least one account.');
  const state = { autoSelect: options.autoSelect };
  const tokens = new Map<string, GitHubToken>();
  let nextId = 1_000_000;
  const base = createFakeBase({
    name: 'GitHub',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    realOrigins: ['https://github.com', 'https://api.github.com'],
    rateLimited: () =>
      json(
        429,
        {
          message: 'API rate limit exceeded for user.',
          documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
        },
        {
          'retry-after': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
        },
      ),
    browserPath: (path) => path.startsWith('/sandbox/') || path === '/login/oauth/authorize',
  });
  const issueToken = (account: GitHubAccount, app: string, scopes: string[]) => {
    const token = newGitHubToken();
    nextId += 1;
    tokens.set(token, { account, clientId: app, scopes, createdAt: new Date().toISOString(), id: nextId });
    return token;
  };
  const context: GitHubContext = {
    clientId,
    clientSecret,
    callbackUrl: options.callbackUrl,
    accounts,
    codes: createCodeStore<GitHubAccount>({ prefix: '', ttlSeconds: 600 }),
    tokens,
    autoSelect: () => state.autoSelect,
    baseUrl: base.requireBaseUrl,
    issueToken,
  };
  const route = githubRoute(context);
  const findAccount = (key: string | undefined) => {
    if (key === undefined) return first;
    const lower = key.toLowerCase();
    const found = accounts.find(
      (a) => a.id === key || a.login.toLowerCase() === lower || a.email?.toLowerCase() === lower,
    );
    if (!found) throw new Error(`Unknown fake GitHub account: ${key}`);
    return found;
  };

  return withFakeServer<FakeGitHub>(base, {
    clientId,
    clientSecret,
    get options() {
      const url = base.requireBaseUrl();
      return { clientId, clientSecret, oauthUrl: url, apiUrl: `${url}/api` };
    },
    accounts,
    get autoSelect() {
      return state.autoSelect;
    },
    set autoSelect(value) {
      state.autoSelect = value;
    },
    issueAccessToken: (opts = {}) =>
      issueToken(
        findAccount(opts.account),
        opts.clientId ?? clientId,
        opts.scopes ?? ['read:user', 'user:email'],
      ),
    issueOtherAppToken: (account) =>
      issueToken(findAccount(account), 'Ov23liSomeOtherApp99', ['read:user', 'user:email']),
    issueAuthCode: (opts = {}) =>
      context.codes.issue({
        clientId,
        user: findAccount(opts.account),
        scope: opts.scope ?? 'read:user user:email',
        ...withoutUndefined({ redirectUri: opts.redirectUri }),
        ...(opts.codeChallenge ? { codeChallenge: opts.codeChallenge, codeChallengeMethod: 'S256' } : {}),
      }),
    revoke(accessToken) {
      tokens.delete(accessToken);
    },
    reset() {
      base.reset();
      context.codes.clear();
      tokens.clear();
    },
  });
}

import { randomBytes } from 'node:crypto';
import { avatarResponse, publicAccounts } from '../kit/accounts';
import {
  authorizationResponse,
  authorizeErrorPage,
  authorizeParams,
  chooserPage,
  chosenAccount,
  isHttpUrl,
} from '../kit/authorize-page';
import { basicCredentials, type createCodeStore, pkceProblem, sameText } from '../kit/codes';
import { type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import type { GitHubAccount, GitHubEmail } from './types';

export interface GitHubToken {
  account: GitHubAccount;
  clientId: string;
  scopes: string[];
  createdAt: string;
  id: number;
}

export interface GitHubContext {
  clientId: string;
  clientSecret: string;
  callbackUrl?: string | undefined;
  accounts: readonly GitHubAccount[];
  codes: ReturnType<typeof createCodeStore<GitHubAccount>>;
  tokens: Map<string, GitHubToken>;
  autoSelect(): string | undefined;
  baseUrl(): string;
  issueToken(account: GitHubAccount, clientId: string, scopes: string[]): string;
}

const DOCS = 'https://docs.github.com/rest';
const apiError = (status: number, message: string) =>
  json(status, { message, documentation_url: DOCS, status: String(status) });

export function emailsOf(account: GitHubAccount): GitHubEmail[] {
  if (account.emails) return account.emails;
  if (!account.email) return [];
  return [
    { email: account.email, primary: true, verified: account.emailVerified ?? true, visibility: 'private' },
  ];
}

export function newGitHubToken(): string {
  return `gho_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
}

/** Answers github.com's OAuth endpoints and api.github.com's (at `/api/...` or at the root). */
export function githubRoute(ctx: GitHubContext) {
  return (req: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    const { path } = req;
    if (path === '/login/oauth/authorize') return authorize(ctx, req);
    if (path === '/login/oauth/access_token' && req.method === 'POST') return accessToken(ctx, req);
    if (path.startsWith('/sandbox/')) return sandbox(ctx, req);
    const api = path.replace(/^\/api(?=\/)/, '');
    if (api === '/user' || api === '/user/emails') return user(ctx, req, api);
    const app = /^\/applications\/([^/]+)\/(token|grant)$/.exec(api);
    if (app) return application(ctx, req, decodeURIComponent(app[1] ?? ''), app[2] as 'token' | 'grant');
    return apiError(404, 'Not Found');
  };
}

function authorize(ctx: GitHubContext, req: FakeRequest): FakeResponse {
  const params = authorizeParams(req);
  if (params.client_id !== ctx.clientId)
    return authorizeErrorPage('Sign in to GitHub', 'The client_id is not valid.');
  const redirectUri = params.redirect_uri ?? ctx.callbackUrl;
  if (!isHttpUrl(redirectUri) || !redirectAllowed(redirectUri, ctx.callbackUrl)) {
    return authorizeErrorPage(
      'Sign in to GitHub',
      'The redirect_uri is not associated with this application.',
    );
  }
  const redirect = (fields: Record<string, string | undefined>) =>
    authorizationResponse(redirectUri, { ...fields, state: params.state });
  if (params.code_challenge && params.code_challenge_method !== 'S256') {
    return redirect({ error: 'invalid_request', error_description: 'code_challenge_method must be S256.' });
  }
  if (params.cancel) {
    return redirect({
      error: 'access_denied',
      error_description: 'The user has denied your application access.',
      error_uri:
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
    });
  }
  const account =
    chosenAccount(ctx.accounts, params, ctx.autoSelect()) ??
    loginMatch(ctx, params.account ?? ctx.autoSelect());
  if (!account) return chooserPage({ title: 'Sign in to GitHub', accounts: ctx.accounts, params });
  const code = ctx.codes.issue({
    clientId: ctx.clientId,
    user: account,
    scope: params.scope ?? '',
    ...(params.redirect_uri ? { redirectUri: params.redirect_uri } : {}),
    ...(params.code_challenge ? { codeChallenge: params.code_challenge, codeChallengeMethod: 'S256' } : {}),
  });
  return redirect({ code });
}

function loginMatch(ctx: GitHubContext, key: string | undefined): GitHubAccount | undefined {
  return key ? ctx.accounts.find((account) => account.login.toLowerCase() === key.toLowerCase()) : undefined;
}

/** GitHub: same host (sub-domains allowed) and port as the callback URL, path under its path. */
function redirectAllowed(redirectUri: string, callbackUrl: string | undefined): boolean {
  if (!callbackUrl) return true;
  const given = new URL(redirectUri);
  const registered = new URL(callbackUrl);
  const sameHost =
    given.hostname === registered.hostname || given.hostname.endsWith(`.${registered.hostname}`);
  const base = registered.pathname.replace(/\/$/, '');
  return (
    sameHost &&
    given.port === registered.port &&
    (given.pathname === base || given.pathname.startsWith(`${base}/`))
  );
}

async function accessToken(ctx: GitHubContext, req: FakeRequest): Promise<FakeResponse> {
  const fields: Record<string, string | undefined> = { ...req.query, ...formFields(req) };
  const basic = basicCredentials(req.headers.authorization);
  if (basic) Object.assign(fields, { client_id: basic.id, client_secret: basic.secret });
  const wantsJson = (req.headers.accept ?? '').includes('json');
  // GitHub answers errors of the token endpoint with HTTP 200 and an `error` field.
  const answer = (body: Record<string, string>) =>
    wantsJson
      ? json(200, body)
      : {
          status: 200,
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: new URLSearchParams(body).toString(),
        };
  const error = (code: string, description: string) =>
    answer({
      error: code,
      error_description: description,
      error_uri: `https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#${code.replace(/_/g, '-')}`,
    });
  if (
    fields.client_id !== ctx.clientId ||
    !fields.client_secret ||
    !sameText(fields.client_secret, ctx.clientSecret)
  ) {
    return error('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
  }
  const redeemed = fields.code ? ctx.codes.redeem(fields.code) : undefined;
  if (!redeemed || 'error' in redeemed)
    return error('bad_verification_code', 'The code passed is incorrect or expired.');
  const { grant } = redeemed;
  if (
    grant.redirectUri !== undefined &&
    fields.redirect_uri !== undefined &&
    fields.redirect_uri !== grant.redirectUri
  ) {
    return error(
      'redirect_uri_mismatch',
      'The redirect_uri MUST match the registered callback URL for this application.',
    );
  }
  if (grant.codeChallenge) {
    const pkce = pkceProblem(grant, fields.code_verifier);
    if (pkce) return error('bad_verification_code', `The code passed is incorrect or expired (${pkce}).`);
  }
  const scopes = grant.scope.split(/[\s,]+/).filter(Boolean);
  const granted = scopes.length ? scopes : ['read:user', 'user:email'];
  return answer({
    access_token: ctx.issueToken(grant.user, ctx.clientId, granted),
    token_type: 'bearer',
    scope: granted.join(','),
  });
}

function rateHeaders(): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

function user(ctx: GitHubContext, req: FakeRequest, path: string): FakeResponse {
  if (!req.headers['user-agent']) {
    return apiError(
      403,
      'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
    );
  }
  const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const held = match?.[1] ? ctx.tokens.get(match[1]) : undefined;
  if (!held) return apiError(401, 'Bad credentials');
  const headers = {
    ...rateHeaders(),
    'x-oauth-scopes': held.scopes.join(', '),
    'x-accepted-oauth-scopes': path === '/user' ? '' : 'user, user:email',
  };
  const { account } = held;
  if (path === '/user/emails') {
    if (!held.scopes.includes('user') && !held.scopes.includes('user:email'))
      return { ...apiError(404, 'Not Found'), headers };
    return json(200, emailsOf(account), headers);
  }
  return json(200, profileOf(ctx, account), headers);
}

function profileOf(ctx: GitHubContext, account: GitHubAccount) {
  const id = Number(account.id);
  return {
    login: account.login,
    id,
    node_id: `U_kgDO${Buffer.from(String(id)).toString('base64url')}`,
    avatar_url: account.picture ?? `${ctx.baseUrl()}/sandbox/avatars/${encodeURIComponent(account.id)}.svg`,
    html_url: `https://github.com/${account.login}`,
    type: 'User',
    site_admin: false,
    name: account.name,
    email: account.publicEmail ?? null,
    created_at: '2020-01-01T00:00:00Z',
  };
}

/** `POST|DELETE /applications/{client_id}/token` and `DELETE .../grant`, authenticated as the app. */
function application(
  ctx: GitHubContext,
  req: FakeRequest,
  clientId: string,
  what: 'token' | 'grant',
): FakeResponse {
  const basic = basicCredentials(req.headers.authorization);
  if (!basic || basic.id !== ctx.clientId || !sameText(basic.secret, ctx.clientSecret))
    return apiError(401, 'Bad credentials');
  if (clientId !== ctx.clientId) return apiError(404, 'Not Found');
  let body: { access_token?: unknown } = {};
  try {
    body = req.body ? (JSON.parse(req.body) as typeof body) : {};
  } catch {
    return apiError(400, 'Problems parsing JSON');
  }
  const token = typeof body.access_token === 'string' ? body.access_token : undefined;
  if (!token) return apiError(422, 'Invalid request.\n\n"access_token" wasn\'t supplied.');
  const held = ctx.tokens.get(token);
  // Check-a-token: only tokens this app was granted exist for it; another app's token is a 404.
  if (!held || held.clientId !== ctx.clientId) return apiError(404, 'Not Found');
  if (req.method === 'DELETE') {
    if (what === 'token') ctx.tokens.delete(token);
    else
      for (const [value, other] of ctx.tokens)
        if (other.account.id === held.account.id && other.clientId === ctx.clientId) ctx.tokens.delete(value);
    return { status: 204 };
  }
  if (req.method !== 'POST' || what !== 'token') return apiError(404, 'Not Found');
  return json(
    200,
    {
      id: held.id,
      url: `${ctx.baseUrl()}/api/authorizations/${held.id}`,
      app: { client_id: ctx.clientId, name: 'Socialkit Test App', url: 'https://example.com' },
      token,
      hashed_token: null,
      token_last_eight: token.slice(-8),
      note: null,
      note_url: null,
      created_at: held.createdAt,
      updated_at: held.createdAt,
      scopes: held.scopes,
      fingerprint: null,
      expires_at: null,
      user: {
        login: held.account.login,
        id: Number(held.account.id),
        node_id: profileOf(ctx, held.account).node_id,
        type: 'User',
        site_admin: false,
      },
    },
    rateHeaders(),
  );
}

function sandbox(ctx: GitHubContext, req: FakeRequest): FakeResponse {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  return json(404, { error: 'not_found' });
}

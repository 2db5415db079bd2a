import { createHash, randomBytes } from 'node:crypto';
import { avatarResponse, publicAccounts, type SandboxAccount } from '../kit/accounts';
import {
  authorizationResponse,
  authorizeErrorPage,
  authorizeParams,
  chooserPage,
  chosenAccount,
  isHttpUrl,
} from '../kit/authorize-page';
import { basicCredentials, type createCodeStore, pkceProblem, sameText } from '../kit/codes';
import type { KeyRing } from '../kit/keys';
import { bearerToken, type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import type { ClientAuthMethod } from './types';

export interface OidcContext {
  clientId: string;
  clientSecret: string;
  clientAuth: readonly ClientAuthMethod[];
  redirectUris?: readonly string[] | undefined;
  accounts: readonly SandboxAccount[];
  keys: KeyRing;
  codes: ReturnType<typeof createCodeStore<SandboxAccount>>;
  accessTokens: Map<string, SandboxAccount>;
  title: string;
  /** Path prefix of every endpoint, e.g. `/realms/acme`. */
  issuerPath: string;
  issuer(): string;
  baseUrl(): string;
  discoveryOverrides(): Record<string, unknown>;
  autoSelect(): string | undefined;
  mintFor(account: SandboxAccount, claims?: Record<string, unknown>): Promise<string>;
}

const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
  json(status, { error, error_description: description }, headers);

/** Answers an OpenID Provider's endpoints under `issuerPath`. */
export function oidcRoute(ctx: OidcContext) {
  return (req: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    if (req.path.startsWith('/sandbox/')) return sandbox(ctx, req);
    if (!req.path.startsWith(`${ctx.issuerPath}/`)) return json(404, { error: 'not_found' });
    switch (req.path.slice(ctx.issuerPath.length)) {
      case '/.well-known/openid-configuration':
        return json(200, discovery(ctx));
      case '/jwks':
        return ctx.keys
          .ready()
          .then(() => json(200, ctx.keys.jwks(), { 'cache-control': 'public, max-age=300' }));
      case '/authorize':
        return authorize(ctx, req);
      case '/token':
        return req.method === 'POST' ? token(ctx, req) : json(405, { error: 'invalid_request' });
      case '/userinfo':
        return userinfo(ctx, req);
      default:
        return json(404, { error: 'not_found' });
    }
  };
}

function discovery(ctx: OidcContext): Record<string, unknown> {
  const base = `${ctx.baseUrl()}${ctx.issuerPath}`;
  return {
    issuer: ctx.issuer(),
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ctx.keys.alg],
    scopes_supported: ['openid', 'email', 'profile'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'email',
      'email_verified',
      'name',
    ],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...ctx.clientAuth],
    authorization_response_iss_parameter_supported: true,
    ...ctx.discoveryOverrides(),
  };
}

function authorize(ctx: OidcContext, req: FakeRequest): FakeResponse {
  const params = authorizeParams(req);
  if (params.client_id !== ctx.clientId) return authorizeErrorPage(ctx.title, 'Unknown client_id.');
  const redirectUri = params.redirect_uri;
  if (!isHttpUrl(redirectUri) || (ctx.redirectUris && !ctx.redirectUris.includes(redirectUri))) {
    return authorizeErrorPage(ctx.title, 'The redirect_uri is not registered for this client.');
  }
  // RFC 9207: the issuer identifies itself in every authorization response.
  const redirect = (fields: Record<string, string | undefined>) =>
    authorizationResponse(redirectUri, { ...fields, state: params.state, iss: ctx.issuer() });
  if (params.response_type !== 'code') {
    return redirect({ error: 'unsupported_response_type', error_description: 'Only response_type=code.' });
  }
  if (!(params.scope ?? '').split(/\s+/).includes('openid')) {
    return redirect({ error: 'invalid_scope', error_description: 'The openid scope is required.' });
  }
  if (!params.code_challenge || params.code_challenge_method !== 'S256') {
    return redirect({
      error: 'invalid_request',
      error_description: 'PKCE with code_challenge_method=S256 is required.',
    });
  }
  if (params.cancel)
    return redirect({ error: 'access_denied', error_description: 'The user cancelled the sign-in.' });
  const account = chosenAccount(ctx.accounts, params, ctx.autoSelect());
  if (!account) return chooserPage({ title: ctx.title, accounts: ctx.accounts, params });
  const code = ctx.codes.issue({
    clientId: ctx.clientId,
    redirectUri,
    user: account,
    scope: params.scope ?? 'openid',
    codeChallenge: params.code_challenge,
    codeChallengeMethod: 'S256',
    ...(params.nonce ? { nonce: params.nonce } : {}),
  });
  return redirect({ code });
}

function clientProblem(
  ctx: OidcContext,
  req: FakeRequest,
  fields: Record<string, string>,
): string | undefined {
  const basic = basicCredentials(req.headers.authorization);
  if (basic) {
    if (!ctx.clientAuth.includes('client_secret_basic')) return 'client_secret_basic is not allowed';
    return basic.id === ctx.clientId && sameText(basic.secret, ctx.clientSecret)
      ? undefined
      : 'bad client credentials';
  }
  if (fields.client_secret !== undefined) {
    if (!ctx.clientAuth.includes('client_secret_post')) return 'client_secret_post is not allowed';
    return fields.client_id === ctx.clientId && sameText(fields.client_secret, ctx.clientSecret)
      ? undefined
      : 'bad client credentials';
  }
  if (!ctx.clientAuth.includes('none')) return 'client authentication is required';
  return fields.client_id === ctx.clientId ? undefined : 'unknown client';
}

async function token(ctx: OidcContext, req: FakeRequest): Promise<FakeResponse> {
  const fields = formFields(req);
  const problem = clientProblem(ctx, req, fields);
  if (problem)
    return oauthError(401, 'invalid_client', problem, { 'www-authenticate': 'Basic realm="oidc"' });
  if (fields.grant_type !== 'authorization_code')
    return oauthError(400, 'unsupported_grant_type', 'Only authorization_code.');
  const redeemed = fields.code ? ctx.codes.redeem(fields.code) : undefined;
  if (!redeemed || 'error' in redeemed)
    return oauthError(400, 'invalid_grant', 'The code is invalid, expired or used.');
  const { grant } = redeemed;
  if (fields.redirect_uri !== grant.redirectUri)
    return oauthError(400, 'invalid_grant', 'redirect_uri mismatch.');
  const pkce = pkceProblem(grant, fields.code_verifier);
  if (pkce) return oauthError(400, 'invalid_grant', `PKCE verification failed: ${pkce}.`);
  const accessToken = randomBytes(32).toString('base64url');
  ctx.accessTokens.set(accessToken, grant.user);
  const hash = createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
  return json(200, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 3600,
    scope: grant.scope,
    id_token: await ctx.mintFor(grant.user, {
      at_hash: hash,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    }),
  });
}

function userinfo(ctx: OidcContext, req: FakeRequest): FakeResponse {
  const account = ctx.accessTokens.get(bearerToken(req) ?? '');
  if (!account) {
    return oauthError(401, 'invalid_token', 'Unknown access token.', {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  return json(200, {
    sub: account.id,
    name: account.name,
    ...(account.email ? { email: account.email, email_verified: account.emailVerified ?? true } : {}),
  });
}

function sandbox(ctx: OidcContext, req: FakeRequest): FakeResponse {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  return json(404, { error: 'not_found' });
}

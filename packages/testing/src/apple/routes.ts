import { randomBytes } from 'node:crypto';
import { avatarResponse, publicAccounts } from '../kit/accounts';
import {
  authorizationResponse,
  authorizeErrorPage,
  authorizeParams,
  chooserPage,
  chosenAccount,
  isHttpUrl,
  type ResponseMode,
} from '../kit/authorize-page';
import { pkceProblem } from '../kit/codes';
import { type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import { type AppleAuthorizationRequest, type AppleContext, authorize } from './authorization';
import { clientSecretProblem } from './client-secret';

export const APPLE_ISSUER = 'https://appleid.apple.com';

const oauthError = (error: string, description?: string) =>
  json(400, description ? { error, error_description: description } : { error });

/** Answers requests the way `https://appleid.apple.com` does. */
export function appleRoute(ctx: AppleContext) {
  return (req: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    const { path } = req;
    if (path === '/auth/keys') {
      return ctx.keys
        .ready()
        .then(() => json(200, ctx.keys.jwks(), { 'cache-control': 'public, max-age=3600' }));
    }
    if (path === '/.well-known/openid-configuration') return discovery(ctx);
    if (path === '/auth/authorize') return authorizePage(ctx, req);
    if (path === '/auth/token' && req.method === 'POST') return token(ctx, req);
    if (path === '/auth/revoke' && req.method === 'POST') return revoke(ctx, req);
    if (path.startsWith('/sandbox/')) return sandbox(ctx, req);
    return json(404, { error: 'not_found' });
  };
}

function discovery(ctx: AppleContext): FakeResponse {
  const base = ctx.baseUrl();
  return json(200, {
    issuer: APPLE_ISSUER,
    authorization_endpoint: `${base}/auth/authorize`,
    token_endpoint: `${base}/auth/token`,
    revocation_endpoint: `${base}/auth/revoke`,
    jwks_uri: `${base}/auth/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'name'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    claims_supported: [
      'aud',
      'email',
      'email_verified',
      'exp',
      'iat',
      'is_private_email',
      'iss',
      'nonce',
      'nonce_supported',
      'real_user_status',
      'sub',
      'transfer_sub',
    ],
  });
}

async function authorizePage(ctx: AppleContext, req: FakeRequest): Promise<FakeResponse> {
  const params = authorizeParams(req);
  const clientId = params.client_id ?? '';
  if (!ctx.clientIds.has(clientId)) return authorizeErrorPage('Sign in with Apple', 'invalid_client');
  if (!isHttpUrl(params.redirect_uri))
    return authorizeErrorPage('Sign in with Apple', 'Invalid web redirect url.');
  const responseType = (params.response_type ?? '').split(/\s+/).sort().join(' ');
  if (responseType !== 'code' && responseType !== 'code id_token') {
    return authorizeErrorPage('Sign in with Apple', 'unsupported_response_type');
  }
  const scope = (params.scope ?? '').trim();
  const mode = (params.response_mode ?? (scope ? 'form_post' : 'query')) as ResponseMode;
  if (!['query', 'fragment', 'form_post'].includes(mode))
    return authorizeErrorPage('Sign in with Apple', 'invalid_request');
  // Apple: "response_mode must be form_post when name or email scope is requested".
  if (scope && mode !== 'form_post') {
    return authorizeErrorPage(
      'Sign in with Apple',
      'response_mode must be form_post when name or email scope is requested.',
    );
  }
  if (params.cancel) {
    return authorizationResponse(
      params.redirect_uri,
      { error: 'user_cancelled_authorize', state: params.state },
      mode,
    );
  }
  const account = chosenAccount(ctx.accounts, params, ctx.autoSelect());
  if (!account) return chooserPage({ title: 'Sign in with Apple', accounts: ctx.accounts, params });
  const request: AppleAuthorizationRequest = {
    clientId,
    redirectUri: params.redirect_uri,
    scope,
    state: params.state,
    nonce: params.nonce,
    codeChallenge: params.code_challenge,
    codeChallengeMethod: params.code_challenge_method,
    withIdToken: responseType === 'code id_token',
  };
  const result = await authorize(ctx, request, account);
  return authorizationResponse(params.redirect_uri, { ...result }, mode);
}

async function token(ctx: AppleContext, req: FakeRequest): Promise<FakeResponse> {
  // Apple accepts client_secret_post only; credentials in a Basic header are not read.
  const fields = formFields(req);
  const clientId = fields.client_id ?? '';
  if (!fields.grant_type) return oauthError('invalid_request');
  if (!ctx.clientIds.has(clientId) || !fields.client_secret) return oauthError('invalid_client');
  if (await clientSecretProblem(fields.client_secret, clientId, ctx.clientKeys))
    return oauthError('invalid_client');
  if (fields.grant_type === 'refresh_token') {
    const held = fields.refresh_token ? ctx.refreshTokens.get(fields.refresh_token) : undefined;
    if (!held || held.clientId !== clientId) return oauthError('invalid_grant');
    return json(200, {
      access_token: accessToken(),
      token_type: 'bearer',
      expires_in: 3600,
      id_token: await ctx.mintFor(held.account, clientId),
    });
  }
  if (fields.grant_type !== 'authorization_code') return oauthError('unsupported_grant_type');
  if (!fields.code) return oauthError('invalid_request');
  const redeemed = ctx.codes.redeem(fields.code);
  if ('error' in redeemed) return oauthError('invalid_grant', 'The code has expired or has been revoked.');
  const { grant } = redeemed;
  if (grant.clientId !== clientId) return oauthError('invalid_grant', 'client_id mismatch.');
  if (grant.redirectUri !== undefined && fields.redirect_uri !== grant.redirectUri) {
    return oauthError('invalid_grant', 'redirect_uri mismatch.');
  }
  const pkce = pkceProblem(grant, fields.code_verifier);
  if (pkce) return oauthError('invalid_grant', pkce);
  const refreshToken = `r${randomBytes(24).toString('hex')}.0.${randomBytes(4).toString('hex')}`;
  ctx.refreshTokens.set(refreshToken, { account: grant.user, clientId });
  return json(200, {
    access_token: accessToken(),
    token_type: 'bearer',
    expires_in: 3600,
    refresh_token: refreshToken,
    id_token: await ctx.mintFor(grant.user, clientId, grant.nonce ? { nonce: grant.nonce } : {}),
  });
}

async function revoke(ctx: AppleContext, req: FakeRequest): Promise<FakeResponse> {
  const fields = formFields(req);
  const clientId = fields.client_id ?? '';
  if (!ctx.clientIds.has(clientId) || !fields.client_secret) return oauthError('invalid_client');
  if (await clientSecretProblem(fields.client_secret, clientId, ctx.clientKeys))
    return oauthError('invalid_client');
  if (!fields.token) return oauthError('invalid_request');
  const held = ctx.refreshTokens.get(fields.token);
  if (held?.clientId === clientId) {
    ctx.refreshTokens.delete(fields.token);
    ctx.consents.delete(`${clientId}|${held.account.id}`);
  }
  // Apple answers 200 for tokens that are already invalid too.
  return { status: 200, body: '' };
}

/** What the Apple JS stand-in calls instead of Apple's popup. */
async function sandbox(ctx: AppleContext, req: FakeRequest): Promise<FakeResponse> {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  if (req.path !== '/sandbox/authorize' || req.method !== 'POST') return json(404, { error: 'not_found' });
  const fields = formFields(req);
  const clientId = fields.client_id ?? '';
  if (!ctx.clientIds.has(clientId)) return json(400, { error: 'invalid_client' });
  const account =
    chosenAccount(ctx.accounts, fields, undefined) ?? (fields.account ? undefined : ctx.accounts[0]);
  if (!account)
    return json(400, {
      error: 'invalid_request',
      error_description: `Unknown sandbox account: ${fields.account}`,
    });
  const result = await authorize(
    ctx,
    {
      clientId,
      redirectUri: fields.redirect_uri || undefined,
      scope: fields.scope ?? '',
      state: fields.state,
      nonce: fields.nonce || undefined,
      withIdToken: true,
    },
    account,
  );
  const { user, ...authorization } = result;
  return json(200, user ? { authorization, user: JSON.parse(user) } : { authorization });
}

function accessToken(): string {
  return `a${randomBytes(24).toString('hex')}.0.${randomBytes(4).toString('hex')}`;
}

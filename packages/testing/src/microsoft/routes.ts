import { randomBytes, randomUUID } from 'node:crypto';
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
import { basicCredentials, pkceProblem, sameText } from '../kit/codes';
import { type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import { accountsFor, CONSUMER_TENANT, isKnownTenantSegment, type MicrosoftContext } from './context';

const TITLE = 'Sign in to your Microsoft account';

/** Microsoft's error body: `error`, an `AADSTS` description, its code, and trace ids. */
export function aadError(status: number, error: string, code: number, message: string): FakeResponse {
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z'),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

const ROUTE =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token)$/;

/** Answers requests the way `https://login.microsoftonline.com` does for the v2.0 endpoint. */
export function microsoftRoute(ctx: MicrosoftContext) {
  return (req: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    if (req.path.startsWith('/sandbox/')) return sandbox(ctx, req);
    const match = ROUTE.exec(req.path);
    const tenant = match?.[1] ?? '';
    if (!match || !isKnownTenantSegment(tenant)) {
      return aadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
    }
    switch (match[2]) {
      case 'v2.0/.well-known/openid-configuration':
        return discovery(ctx, tenant);
      case 'discovery/v2.0/keys':
        return Promise.all([ctx.orgKeys.ready(), ctx.consumerKeys.ready()]).then(() =>
          json(200, jwksOf(ctx), { 'cache-control': 'max-age=86400, private' }),
        );
      case 'oauth2/v2.0/authorize':
        return authorize(ctx, req, tenant);
      default:
        return req.method === 'POST'
          ? token(ctx, req, tenant)
          : aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
    }
  };
}

/** Both key sets, without `alg` and with the `issuer` each key may sign for (entra-docs "Validate the signing key issuer"). */
export function jwksOf(ctx: MicrosoftContext): { keys: Record<string, unknown>[] } {
  const authority = ctx.authority();
  const describe = (key: Record<string, unknown>, issuer: string) => {
    const { alg: _alg, ...rest } = key;
    return { ...rest, x5t: key.kid, issuer };
  };
  return {
    keys: [
      ...ctx.orgKeys.jwks().keys.map((key) => describe(key, `${authority}/{tenantid}/v2.0`)),
      ...ctx.consumerKeys.jwks().keys.map((key) => describe(key, `${authority}/${CONSUMER_TENANT}/v2.0`)),
    ],
  };
}

function discovery(ctx: MicrosoftContext, tenant: string): FakeResponse {
  const base = `${ctx.baseUrl()}/${tenant}`;
  const authority = ctx.authority();
  const issuerTenant =
    tenant === 'consumers'
      ? CONSUMER_TENANT
      : tenant === 'common' || tenant === 'organizations'
        ? '{tenantid}'
        : tenant;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authority}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nonce',
      'name',
      'preferred_username',
      'email',
      'oid',
      'tid',
      'ver',
      'xms_edov',
    ],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
  });
}

async function authorize(ctx: MicrosoftContext, req: FakeRequest, tenant: string): Promise<FakeResponse> {
  const params = authorizeParams(req);
  if (params.client_id !== ctx.clientId) {
    return authorizeErrorPage(
      TITLE,
      `AADSTS700016: Application with identifier '${params.client_id ?? ''}' was not found.`,
    );
  }
  if (!isHttpUrl(params.redirect_uri)) {
    return authorizeErrorPage(
      TITLE,
      'AADSTS50011: The redirect URI specified in the request does not match.',
    );
  }
  const mode = (params.response_mode ?? 'query') as ResponseMode;
  const redirect = (fields: Record<string, string | undefined>) =>
    authorizationResponse(params.redirect_uri as string, { ...fields, state: params.state }, mode);
  if (params.response_type !== 'code') {
    return redirect({
      error: 'unsupported_response_type',
      error_description: 'AADSTS700054: response_type is not enabled for the application.',
    });
  }
  if (!(params.scope ?? '').split(/\s+/).includes('openid')) {
    return redirect({
      error: 'invalid_scope',
      error_description: 'AADSTS70011: The scope must include openid.',
    });
  }
  if (params.code_challenge && (params.code_challenge_method ?? 'plain') !== 'S256') {
    return redirect({
      error: 'invalid_request',
      error_description: 'AADSTS501491: Invalid code_challenge_method.',
    });
  }
  if (params.cancel)
    return redirect({ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent.' });
  const allowed = accountsFor(tenant, ctx.accounts) ?? [];
  const account = chosenAccount(allowed, params, ctx.autoSelect());
  if (!account) return chooserPage({ title: TITLE, accounts: allowed, params });
  const code = ctx.codes.issue({
    clientId: ctx.clientId,
    redirectUri: params.redirect_uri,
    user: { account, tenant },
    scope: params.scope ?? 'openid',
    ...(params.nonce ? { nonce: params.nonce } : {}),
    ...(params.code_challenge ? { codeChallenge: params.code_challenge, codeChallengeMethod: 'S256' } : {}),
  });
  return redirect({ code });
}

async function token(ctx: MicrosoftContext, req: FakeRequest, tenant: string): Promise<FakeResponse> {
  const basic = basicCredentials(req.headers.authorization);
  const fields: Record<string, string | undefined> = formFields(req);
  if (basic) Object.assign(fields, { client_id: basic.id, client_secret: basic.secret });
  if (fields.grant_type !== 'authorization_code') {
    return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  if (fields.client_id !== ctx.clientId) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${fields.client_id ?? ''}' was not found.`,
    );
  }
  if (!fields.client_secret || !sameText(fields.client_secret, ctx.clientSecret)) {
    return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  }
  if (!fields.code)
    return aadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'code'.",
    );
  const redeemed = ctx.codes.redeem(fields.code);
  if ('error' in redeemed) {
    return aadError(
      400,
      'invalid_grant',
      redeemed.error === 'used' ? 54005 : 70008,
      'The provided authorization code or refresh token has expired or was already redeemed.',
    );
  }
  const { grant } = redeemed;
  if (fields.redirect_uri !== grant.redirectUri) {
    return aadError(
      400,
      'invalid_grant',
      50011,
      'The redirect URI does not match the one of the authorization request.',
    );
  }
  const pkce = pkceProblem(grant, fields.code_verifier);
  if (pkce)
    return aadError(
      400,
      'invalid_grant',
      501481,
      `The Code_Verifier does not match the code_challenge supplied in the authorization request (${pkce}).`,
    );
  if (!(accountsFor(tenant, [grant.user.account]) ?? []).length) {
    return aadError(400, 'invalid_grant', 50020, `The user account is not allowed in tenant '${tenant}'.`);
  }
  return json(200, {
    token_type: 'Bearer',
    scope: `${grant.scope} User.Read`,
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: `eyJ0eXAiOiJKV1QiLCJub25jZSI6${randomBytes(32).toString('base64url')}`,
    ...(grant.scope.includes('offline_access')
      ? { refresh_token: `0.A${randomBytes(48).toString('base64url')}` }
      : {}),
    id_token: await ctx.mintFor(grant.user.account, grant.nonce ? { nonce: grant.nonce } : {}),
  });
}

function sandbox(ctx: MicrosoftContext, req: FakeRequest): FakeResponse {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  return json(404, { error: 'not_found' });
}

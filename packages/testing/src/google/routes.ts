import { timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { bearerToken, type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import type { GoogleContext } from './context';
import { DEFAULT_SCOPE } from './grants';
import { sandboxRoute } from './sandbox';

const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
  json(status, { error, error_description: description }, headers);

/** Answers requests the way Google's OAuth and OpenID endpoints do. */
export function googleRoute(ctx: GoogleContext) {
  return (req: FakeRequest): FakeResponse | Promise<FakeResponse> => {
    const { path } = req;
    if (path === '/oauth2/v3/certs') return ctx.keys.ready().then(() => certs(ctx));
    if (path === '/tokeninfo' || path === '/oauth2/v3/tokeninfo') return tokenInfo(ctx, req);
    if (path === '/v1/userinfo' || path === '/oauth2/v3/userinfo') return userInfo(ctx, req);
    if (path === '/token' && req.method === 'POST') return exchangeCode(ctx, req);
    if (path === '/revoke' && req.method === 'POST') return revoke(ctx, req);
    if (path.startsWith('/sandbox/')) return sandboxRoute(ctx, req);
    return json(404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
  };
}

function certs(ctx: GoogleContext): FakeResponse {
  return json(200, ctx.keys.jwks(), {
    'cache-control': `public, max-age=${ctx.jwksMaxAge}, must-revalidate, no-transform`,
    expires: new Date(Date.now() + ctx.jwksMaxAge * 1000).toUTCString(),
  });
}

async function tokenInfo(ctx: GoogleContext, req: FakeRequest): Promise<FakeResponse> {
  const fields = { ...formFields(req), ...req.query };
  if (fields.id_token) return idTokenInfo(ctx, fields.id_token);
  const grant = fields.access_token ? ctx.grants.liveAccessToken(fields.access_token) : undefined;
  if (!grant) return oauthError(400, 'invalid_token', 'Invalid Value');
  const expiresIn = Math.max(0, Math.floor((grant.expiresAt - Date.now()) / 1000));
  return json(200, {
    azp: grant.clientId,
    aud: grant.clientId,
    sub: grant.user.sub,
    scope: grant.scope,
    exp: String(Math.floor(grant.expiresAt / 1000)),
    expires_in: String(expiresIn),
    email: grant.user.email,
    email_verified: String(grant.user.email_verified),
    access_type: 'online',
  });
}

async function idTokenInfo(ctx: GoogleContext, idToken: string): Promise<FakeResponse> {
  try {
    await ctx.keys.ready();
    const { payload, protectedHeader } = await jwtVerify(idToken, createLocalJWKSet(ctx.keys.jwks()), {
      algorithms: ['RS256'],
    });
    const strings = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)]));
    return json(200, { ...strings, alg: protectedHeader.alg, kid: String(protectedHeader.kid), typ: 'JWT' });
  } catch {
    return oauthError(400, 'invalid_token', 'Invalid Value');
  }
}

function userInfo(ctx: GoogleContext, req: FakeRequest): FakeResponse {
  const token = bearerToken(req) ?? req.query.access_token;
  const grant = token ? ctx.grants.liveAccessToken(token) : undefined;
  if (!grant) {
    return oauthError(401, 'invalid_request', 'Invalid Credentials', {
      'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    });
  }
  const { user } = grant;
  return json(200, {
    sub: user.sub,
    name: user.name,
    given_name: user.given_name,
    family_name: user.family_name,
    picture: user.picture,
    email: user.email,
    email_verified: user.email_verified,
    ...(user.hd ? { hd: user.hd } : {}),
  });
}

async function exchangeCode(ctx: GoogleContext, req: FakeRequest): Promise<FakeResponse> {
  const fields = { ...basicCredentials(req), ...formFields(req) };
  if (fields.grant_type !== 'authorization_code') {
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${fields.grant_type ?? ''}`);
  }
  if (!fields.client_id)
    return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
  if (fields.client_id !== ctx.clientId)
    return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
  if (!fields.client_secret || !sameSecret(fields.client_secret, ctx.clientSecret)) {
    return oauthError(401, 'invalid_client', 'Unauthorized');
  }
  if (!fields.code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
  const grant = ctx.grants.code(fields.code);
  if (!grant || grant.expiresAt <= Date.now() || grant.clientId !== fields.client_id) {
    return oauthError(400, 'invalid_grant', 'Malformed auth code.');
  }
  if (grant.used) return oauthError(400, 'invalid_grant', 'Bad Request');
  if (fields.redirect_uri !== grant.redirectUri)
    return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
  grant.used = true;
  const claims = grant.nonce === undefined ? {} : { nonce: grant.nonce };
  return json(200, {
    access_token: ctx.grants.issueAccessToken(grant.user, grant.clientId),
    expires_in: 3599,
    scope: DEFAULT_SCOPE,
    token_type: 'Bearer',
    id_token: await ctx.mintFor(grant.user, grant.clientId, claims),
  });
}

function revoke(ctx: GoogleContext, req: FakeRequest): FakeResponse {
  const token = req.query.token ?? formFields(req).token;
  if (!token || !ctx.grants.revoke(token))
    return oauthError(400, 'invalid_token', 'Token expired or revoked');
  return json(200, {});
}

function basicCredentials(req: FakeRequest): Record<string, string> {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return {};
  const [id = '', secret = ''] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
  return { client_id: decodeURIComponent(id), client_secret: decodeURIComponent(secret) };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

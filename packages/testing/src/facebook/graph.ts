import { bearerToken, type FakeRequest, type FakeResponse, json } from '../kit/route';
import { GRAPH_ERRORS } from './graph-errors';
import { appSecretProof, isExpired, sameText, type UserTokenGrant, type UserTokens } from './tokens';
import type { FacebookUser } from './types';

export interface GraphContext {
  appId: string;
  appSecret: string;
  tokens: UserTokens;
}

/** `GET /debug_token`: what Facebook says about a user token, asked with the app token. */
export function debugToken(ctx: GraphContext, req: FakeRequest): FakeResponse {
  const appToken = req.query.access_token ?? bearerToken(req);
  if (!appToken) return GRAPH_ERRORS.tokenRequired();
  if (!sameText(appToken, `${ctx.appId}|${ctx.appSecret}`)) return GRAPH_ERRORS.badAppToken();
  const inputToken = req.query.input_token;
  if (!inputToken) return GRAPH_ERRORS.missingParameter('input_token');
  const grant = ctx.tokens.get(inputToken);
  if (!grant) {
    return json(200, {
      data: {
        error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' },
        is_valid: false,
        scopes: [],
      },
    });
  }
  const data: Record<string, unknown> = {
    app_id: grant.appId,
    type: grant.type,
    application: grant.appId === ctx.appId ? 'Socialkit Test App' : 'Another App',
    data_access_expires_at: grant.expiresAt + 60 * 60 * 24 * 30,
    expires_at: grant.expiresAt,
    is_valid: grant.isValid && !isExpired(grant),
    issued_at: grant.issuedAt,
    scopes: grant.scopes,
  };
  if (grant.type !== 'APP') data.user_id = grant.user.id;
  if (grant.type === 'PAGE') data.profile_id = grant.user.id;
  if (isExpired(grant)) data.error = { code: 190, message: 'Session has expired', subcode: 463 };
  return json(200, { data });
}

/** `GET /me`: the token's user, only with a valid `appsecret_proof` (Facebook's "Require App Secret"). */
export function me(
  ctx: GraphContext,
  req: FakeRequest,
  { requireProof }: { requireProof: boolean },
): FakeResponse {
  const token = req.query.access_token ?? bearerToken(req);
  if (!token) return GRAPH_ERRORS.activeTokenRequired();
  if (token.includes('|')) return GRAPH_ERRORS.activeTokenRequired();
  const grant = ctx.tokens.get(token);
  if (!grant) return GRAPH_ERRORS.cannotParse();
  if (isExpired(grant)) return GRAPH_ERRORS.expired(grant.expiresAt);
  if (!grant.isValid) return GRAPH_ERRORS.invalidated();
  if (requireProof) {
    const proof = req.query.appsecret_proof;
    if (!proof) return GRAPH_ERRORS.proofRequired();
    // The proof is keyed with the secret of the app the token belongs to, which for another
    // app's token is a secret this app does not have.
    if (grant.appId !== ctx.appId || !sameText(proof, appSecretProof(token, ctx.appSecret))) {
      return GRAPH_ERRORS.proofInvalid();
    }
  }
  return profile(grant, req.query.fields ?? 'id,name');
}

function profile(grant: UserTokenGrant, fields: string): FakeResponse {
  const body: Record<string, unknown> = {};
  for (const raw of splitFields(fields)) {
    const field = raw.replace(/[.{].*$/, '').trim();
    if (!field) continue;
    const value = fieldValue(grant.user, field, raw);
    if (value === unknownField) return GRAPH_ERRORS.unknownField(field);
    if (value !== undefined) body[field] = value;
  }
  body.id ??= grant.user.id;
  return json(200, body);
}

const unknownField = Symbol('unknown field');

function fieldValue(user: FacebookUser, field: string, raw: string): unknown {
  const [first = user.name, ...rest] = user.name.split(' ');
  switch (field) {
    case 'id':
    case 'name':
    case 'email':
      return user[field];
    case 'first_name':
      return user.first_name ?? first;
    case 'last_name':
      return user.last_name ?? rest.join(' ');
    case 'short_name':
      return first;
    case 'picture': {
      const size = raw.includes('type(large)') ? 200 : Number(/width\((\d+)\)/.exec(raw)?.[1] ?? 50);
      const url = user.picture ?? `https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=${user.id}`;
      return { data: { height: size, is_silhouette: !user.picture, url, width: size } };
    }
    default:
      return unknownField;
  }
}

/** Splits `id,name,picture.width(100){url}` at top-level commas. */
function splitFields(fields: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of fields) {
    if (char === '{' || char === '(') depth += 1;
    if (char === '}' || char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

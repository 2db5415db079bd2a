import { createHmac } from 'node:crypto';
import { avatarResponse, findAccount, publicAccounts, type SandboxAccount } from '../kit/accounts';
import { type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import { debugToken, type GraphContext, me } from './graph';
import { GRAPH_ERRORS } from './graph-errors';
import type { FacebookUser } from './types';

export interface FacebookContext extends GraphContext {
  accounts: readonly SandboxAccount[];
  baseUrl(): string;
  sandboxUser(account: SandboxAccount): FacebookUser;
}

const SANDBOX_TOKEN_SECONDS = 5_183_944;

/** Answers Graph API requests (any `/vXX.X` prefix) and the sandbox login endpoints. */
export function facebookRoute(ctx: FacebookContext) {
  return (req: FakeRequest): FakeResponse => {
    if (req.path.startsWith('/sandbox/')) return sandboxRoute(ctx, req);
    const path = req.path.replace(/^\/v\d+\.\d+(?=\/)/, '');
    if (path === '/debug_token') return debugToken(ctx, req);
    if (path === '/me') return me(ctx, req, { requireProof: true });
    return GRAPH_ERRORS.unknownPath(path.replace(/^\//, ''));
  };
}

function sandboxRoute(ctx: FacebookContext, req: FakeRequest): FakeResponse {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  // What FB.api('/me') in the browser reaches: client-side calls carry no appsecret_proof.
  if (req.path === '/sandbox/graph/me') return me(ctx, req, { requireProof: false });
  if (req.path !== '/sandbox/login' || req.method !== 'POST') return json(404, { error: 'not_found' });
  const fields = formFields(req);
  if (!fields.app_id) return json(400, { error: 'invalid_request', error_description: 'Missing app_id' });
  const account = fields.account ? findAccount(ctx.accounts, fields.account) : ctx.accounts[0];
  if (!account)
    return json(400, {
      error: 'invalid_request',
      error_description: `Unknown sandbox account: ${fields.account}`,
    });
  const accessToken = ctx.tokens.issue(ctx.sandboxUser(account), {
    appId: fields.app_id,
    expiresIn: SANDBOX_TOKEN_SECONDS,
  });
  const now = Math.floor(Date.now() / 1000);
  return json(200, {
    accessToken,
    userID: account.id,
    expiresIn: SANDBOX_TOKEN_SECONDS,
    data_access_expiration_time: now + 90 * 24 * 3600,
    graphDomain: 'facebook',
    signedRequest: signedRequest(ctx, account.id, now),
  });
}

/** Facebook's `signed_request`: base64url(HMAC-SHA256(payload, app secret)) + '.' + base64url(payload). */
function signedRequest(ctx: GraphContext, userId: string, issuedAt: number): string {
  const payload = Buffer.from(
    JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: userId }),
  ).toString('base64url');
  const signature = createHmac('sha256', ctx.appSecret).update(payload).digest('base64url');
  return `${signature}.${payload}`;
}

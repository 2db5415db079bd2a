import { avatarResponse, findAccount, publicAccounts } from '../kit/accounts';
import { type FakeRequest, type FakeResponse, formFields, json } from '../kit/route';
import type { GoogleContext } from './context';
import { DEFAULT_SCOPE } from './grants';

const invalid = (description: string) =>
  json(400, { error: 'invalid_request', error_description: description });

/** The endpoints the browser stand-ins and the demo's account chooser call instead of Google's UI. */
export async function sandboxRoute(ctx: GoogleContext, req: FakeRequest): Promise<FakeResponse> {
  if (req.path.startsWith('/sandbox/avatars/')) return avatarResponse(ctx.accounts, req.path);
  if (req.path === '/sandbox/accounts')
    return json(200, { accounts: publicAccounts(ctx.baseUrl(), ctx.accounts) });
  if (req.method !== 'POST') return json(405, { error: 'method_not_allowed' });
  const fields = formFields(req);
  if (!fields.client_id) return invalid('Missing required parameter: client_id');
  const account = fields.account ? findAccount(ctx.accounts, fields.account) : ctx.accounts[0];
  if (!account) return invalid(`Unknown sandbox account: ${fields.account}`);
  const user = ctx.sandboxUser(account);
  switch (req.path) {
    case '/sandbox/id-token': {
      const claims = fields.nonce ? { nonce: fields.nonce } : {};
      return json(200, { credential: await ctx.mintFor(user, fields.client_id, claims) });
    }
    case '/sandbox/access-token': {
      const scope = fields.scope ? `${DEFAULT_SCOPE} ${fields.scope}`.trim() : DEFAULT_SCOPE;
      const accessToken = ctx.grants.issueAccessToken(user, fields.client_id, 3599, scope);
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3599, scope });
    }
    case '/sandbox/code': {
      const redirectUri = fields.redirect_uri ?? 'postmessage';
      const code = ctx.grants.issueCode(user, fields.client_id, redirectUri, fields.nonce || undefined);
      return json(200, { code, scope: DEFAULT_SCOPE });
    }
    default:
      return json(404, { error: 'not_found' });
  }
}

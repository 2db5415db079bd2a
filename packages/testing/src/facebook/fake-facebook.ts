import { avatarUrl, DEFAULT_FACEBOOK_ACCOUNTS, type SandboxAccount } from '../kit/accounts';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { withoutUndefined } from '../kit/options';
import { GRAPH_ERRORS } from './graph-errors';
import { type FacebookContext, facebookRoute } from './routes';
import { appSecretProof, createUserTokens } from './tokens';
import type { FacebookUser, FakeFacebook, FakeFacebookOptions } from './types';

const DEFAULTS = { appId: '1234567890123456', appSecret: 'socialkit-test-app-secret', version: 'v23.0' };

function facebookUserOf(account: SandboxAccount, picture?: string): FacebookUser {
  const user: FacebookUser = { id: account.id, name: account.name };
  if (account.email !== undefined) user.email = account.email;
  if (picture !== undefined) user.picture = picture;
  return user;
}

/**
 * Creates an offline Facebook Graph API that checks app tokens and `appsecret_proof` like the real
 * one, answers with Graph-shaped errors, and can be told to fail.
 *
 * @example
 * const facebook = createFakeFacebook();
 * await facebook.listen();
 * const app = express().use('/auth', socialAuth({ providers: [facebookProvider(facebook.options)], ... }).router);
 * const accessToken = facebook.issueUserToken({ email: 'grace@example.com' });
 * await request(app).post('/auth/facebook').send({ accessToken }).expect(200);
 * await facebook.close();
 */
export function createFakeFacebook(options: FakeFacebookOptions = {}): FakeFacebook {
  const { appId, appSecret, version } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly SandboxAccount[] = options.accounts ?? DEFAULT_FACEBOOK_ACCOUNTS;
  if (accounts.length === 0) throw new Error('createFakeFacebook: `accounts` needs at least one account.');
  const tokens = createUserTokens(appId);
  const base = createFakeBase({
    name: 'Facebook',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    realOrigins: ['https://graph.facebook.com'],
    rateLimited: () => ({ ...GRAPH_ERRORS.rateLimited(), headers: { 'retry-after': '60' } }),
  });
  const requireBaseUrl = base.requireBaseUrl;
  const defaultUser = facebookUserOf(accounts[0] as SandboxAccount);

  const context: FacebookContext = {
    appId,
    appSecret,
    tokens,
    accounts,
    baseUrl: requireBaseUrl,
    sandboxUser: (account) => facebookUserOf(account, avatarUrl(requireBaseUrl(), account)),
  };
  const route = facebookRoute(context);

  return withFakeServer<FakeFacebook>(base, {
    appId,
    appSecret,
    appToken: `${appId}|${appSecret}`,
    get options() {
      return { appId, appSecret, graphUrl: `${requireBaseUrl()}/${version}` };
    },
    defaultUser,
    accounts,
    issueUserToken(user = {}, opts) {
      // An explicit `email: undefined` means a user who shares no email, so it must not fall back.
      const merged: FacebookUser = { ...defaultUser, ...user };
      if (merged.email === undefined) delete merged.email;
      return tokens.issue(merged, opts);
    },
    invalidate: (accessToken) => tokens.invalidate(accessToken),
    appSecretProof: (accessToken) => appSecretProof(accessToken, appSecret),
    reset() {
      base.reset();
      tokens.clear();
    },
  });
}

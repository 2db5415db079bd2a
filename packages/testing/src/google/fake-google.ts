import { avatarUrl, DEFAULT_GOOGLE_ACCOUNTS, type SandboxAccount } from '../kit/accounts';
import { createFaultController } from '../kit/faults';
import { interceptWithNock } from '../kit/intercept';
import { withoutUndefined } from '../kit/options';
import { json, type RecordedRequest } from '../kit/route';
import { createFakeServer, type FakeServerParts } from '../kit/server';
import { createBadTokens } from './bad-tokens';
import type { GoogleContext } from './context';
import { createGrants } from './grants';
import { googleUserOf, idClaims, signIdToken } from './id-token';
import { createKeyRing } from './keys';
import { googleRoute } from './routes';
import type { FakeGoogle, FakeGoogleOptions, GoogleIdClaims, GoogleUser } from './types';

const DEFAULTS = {
  clientId: 'socialkit-test.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-socialkit-test-secret',
  jwksMaxAge: 21600,
};

const REAL_ORIGINS = [
  'https://www.googleapis.com',
  'https://oauth2.googleapis.com',
  'https://openidconnect.googleapis.com',
];

/**
 * Creates an offline Google that signs real RS256 ID tokens, serves its JWKS, answers tokeninfo,
 * userinfo and the code exchange, and can be told to fail.
 *
 * @example
 * const google = createFakeGoogle();
 * await google.listen();
 * const app = express().use('/auth', socialAuth({ google: google.options, ... }));
 * const idToken = await google.mintIdToken({ nonce });
 * await request(app).post('/auth/google').send({ idToken }).expect(200);
 * await google.close();
 */
export function createFakeGoogle(options: FakeGoogleOptions = {}): FakeGoogle {
  const { clientId, clientSecret, jwksMaxAge } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly SandboxAccount[] = options.accounts ?? DEFAULT_GOOGLE_ACCOUNTS;
  if (accounts.length === 0) throw new Error('createFakeGoogle: `accounts` needs at least one account.');
  let baseUrl = options.baseUrl?.replace(/\/$/, '');
  const keys = createKeyRing();
  const grants = createGrants();
  const faults = createFaultController();
  const requests: RecordedRequest[] = [];
  const firstAccount = accounts[0] as SandboxAccount;
  const defaultUser = googleUserOf(
    firstAccount,
    `https://lh3.googleusercontent.com/a/${firstAccount.id}=s96-c`,
  );
  const userOf = (user: Partial<GoogleUser> = {}): GoogleUser => ({
    ...defaultUser,
    ...withoutUndefined(user),
  });
  const claimsFor = (claims: Partial<GoogleIdClaims> = {}) => idClaims(defaultUser, clientId, claims);

  const requireBaseUrl = () => {
    if (baseUrl === undefined) {
      throw new Error('The fake Google has no base URL yet: await listen() first, or pass { baseUrl }.');
    }
    return baseUrl;
  };
  const context: GoogleContext = {
    clientId,
    clientSecret,
    jwksMaxAge,
    keys,
    grants,
    accounts,
    baseUrl: requireBaseUrl,
    sandboxUser: (account) => googleUserOf(account, avatarUrl(requireBaseUrl(), account)),
    mintFor: (user, audience, claims) => signIdToken(keys, idClaims(user, audience, claims)),
  };
  const parts: FakeServerParts = {
    route: googleRoute(context),
    faults,
    requests,
    rateLimited: () =>
      json(
        429,
        { error: { code: 429, message: 'Quota exceeded. Try again later.', status: 'RESOURCE_EXHAUSTED' } },
        { 'retry-after': '30' },
      ),
  };
  const server = createFakeServer(parts);
  const mintIdToken: FakeGoogle['mintIdToken'] = (claims, opts) => signIdToken(keys, claimsFor(claims), opts);

  return {
    clientId,
    clientSecret,
    get baseUrl() {
      return requireBaseUrl();
    },
    get options() {
      const base = requireBaseUrl();
      return {
        clientId,
        clientSecret,
        jwksUri: `${base}/oauth2/v3/certs`,
        tokenInfoUrl: `${base}/tokeninfo`,
        userInfoUrl: `${base}/v1/userinfo`,
        tokenUrl: `${base}/token`,
      };
    },
    defaultUser,
    accounts,
    faults,
    requests,
    async listen(port) {
      baseUrl = await server.listen(port);
      return baseUrl;
    },
    close: server.close,
    handle: server.handle,
    mintIdToken,
    bad: createBadTokens(keys, clientId, claimsFor, mintIdToken),
    issueAccessToken: (user, opts = {}) =>
      grants.issueAccessToken(userOf(user), opts.clientId ?? clientId, opts.expiresIn, opts.scope),
    issueAuthCode: (user, opts = {}) =>
      grants.issueCode(
        userOf(user),
        opts.clientId ?? clientId,
        opts.redirectUri ?? 'postmessage',
        opts.nonce,
      ),
    revoke(accessToken) {
      grants.revoke(accessToken);
    },
    async rotateKeys() {
      keys.rotate();
    },
    jwks: () => keys.jwks(),
    reset() {
      faults.clear();
      requests.length = 0;
      grants.clear();
    },
    intercept: () => interceptWithNock(REAL_ORIGINS, parts),
  };
}

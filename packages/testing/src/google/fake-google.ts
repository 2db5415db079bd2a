import { avatarUrl, DEFAULT_GOOGLE_ACCOUNTS, type SandboxAccount } from '../kit/accounts';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { createKeyRing } from '../kit/keys';
import { withoutUndefined } from '../kit/options';
import { json } from '../kit/route';
import { createBadTokens } from './bad-tokens';
import type { GoogleContext } from './context';
import { createGrants } from './grants';
import { googleUserOf, idClaims, signIdToken } from './id-token';
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
 * const app = express().use('/auth', socialAuth({ providers: [googleProvider(google.options)], ... }).router);
 * const idToken = await google.mintIdToken({ nonce });
 * await request(app).post('/auth/google').send({ idToken }).expect(200);
 * await google.close();
 */
export function createFakeGoogle(options: FakeGoogleOptions = {}): FakeGoogle {
  const { clientId, clientSecret, jwksMaxAge } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly SandboxAccount[] = options.accounts ?? DEFAULT_GOOGLE_ACCOUNTS;
  if (accounts.length === 0) throw new Error('createFakeGoogle: `accounts` needs at least one account.');
  const keys = createKeyRing();
  const grants = createGrants();
  const base = createFakeBase({
    name: 'Google',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    prepare: () => keys.ready(),
    realOrigins: REAL_ORIGINS,
    rateLimited: () =>
      json(
        429,
        { error: { code: 429, message: 'Quota exceeded. Try again later.', status: 'RESOURCE_EXHAUSTED' } },
        { 'retry-after': '30' },
      ),
  });
  const requireBaseUrl = base.requireBaseUrl;
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
  const route = googleRoute(context);
  const mintIdToken: FakeGoogle['mintIdToken'] = (claims, opts) => signIdToken(keys, claimsFor(claims), opts);

  return withFakeServer<FakeGoogle>(base, {
    clientId,
    clientSecret,
    get options() {
      const url = requireBaseUrl();
      return {
        clientId,
        clientSecret,
        jwksUri: `${url}/oauth2/v3/certs`,
        tokenInfoUrl: `${url}/tokeninfo`,
        userInfoUrl: `${url}/v1/userinfo`,
        tokenUrl: `${url}/token`,
      };
    },
    defaultUser,
    accounts,
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
      await keys.rotate();
    },
    jwks: () => keys.jwks(),
    reset() {
      base.reset();
      grants.clear();
    },
  });
}

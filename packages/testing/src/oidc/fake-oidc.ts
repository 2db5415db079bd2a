import { findAccount, type SandboxAccount } from '../kit/accounts';
import { createBadIdTokens } from '../kit/bad-tokens';
import { createCodeStore } from '../kit/codes';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { definedClaims, hs256Jwt, nowSeconds, signJwt } from '../kit/jwt';
import { createKeyRing } from '../kit/keys';
import { withoutUndefined } from '../kit/options';
import { json } from '../kit/route';
import { type OidcContext, oidcRoute } from './routes';
import type { ClientAuthMethod, FakeOidc, FakeOidcOptions, OidcIdClaims } from './types';

/** Ada and Grace with verified emails, Alan with `email_verified: false`. */
export const DEFAULT_OIDC_ACCOUNTS: readonly SandboxAccount[] = [
  {
    id: 'c0ffee00-0000-4000-8000-000000000ada',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    emailVerified: true,
  },
  {
    id: 'c0ffee00-0000-4000-8000-00000000ace0',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    emailVerified: true,
  },
  {
    id: 'c0ffee00-0000-4000-8000-000000000a1a',
    name: 'Alan Turing',
    email: 'alan@example.com',
    emailVerified: false,
  },
];

const DEFAULTS = {
  clientId: 'socialkit-oidc-client',
  clientSecret: 'socialkit-oidc-secret',
  alg: 'RS256' as const,
  issuerPath: '',
  name: 'Sandbox OIDC',
};
const DEFAULT_CLIENT_AUTH: ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

/**
 * Creates an offline OpenID Connect issuer (Keycloak, Auth0, Okta stand-in): discovery with an
 * issuer that can be made wrong, a JWKS that rotates with overlap, an account chooser at
 * `/authorize` (PKCE S256 required), `/token` with client authentication, and `/userinfo`.
 *
 * @example
 * const issuer = createFakeOidc({ alg: 'ES256', issuerPath: '/realms/acme' });
 * await issuer.listen();
 * const auth = socialAuth({ providers: [oidc(issuer.options)], tokens });
 * issuer.discoveryOverrides = { issuer: 'https://evil.example' }; // must be refused
 */
export function createFakeOidc(options: FakeOidcOptions = {}): FakeOidc {
  const { clientId, clientSecret, alg, name } = { ...DEFAULTS, ...withoutUndefined(options) };
  const issuerPath = (options.issuerPath ?? '').replace(/\/$/, '');
  const accounts: readonly SandboxAccount[] = options.accounts ?? DEFAULT_OIDC_ACCOUNTS;
  const first = accounts[0];
  if (!first) throw new Error('createFakeOidc: `accounts` needs at least one account.');
  const keys = createKeyRing({ alg, keepPrevious: true });
  const state = { autoSelect: options.autoSelect, discovery: { ...options.discovery } };
  const base = createFakeBase({
    name: 'OIDC issuer',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    prepare: () => keys.ready(),
    realOrigins: [],
    rateLimited: () =>
      json(
        429,
        { error: 'temporarily_unavailable', error_description: 'Too many requests.' },
        { 'retry-after': '30' },
      ),
    browserPath: (path) => path.startsWith('/sandbox/') || path === `${issuerPath}/authorize`,
  });
  const issuer = () => `${base.requireBaseUrl()}${issuerPath}${options.trailingSlash ? '/' : ''}`;
  const claimsOf = (account: SandboxAccount, overrides: Record<string, unknown> = {}) => {
    const iat = nowSeconds();
    return definedClaims({
      iss: issuer(),
      sub: account.id,
      aud: clientId,
      iat,
      exp: iat + 300,
      auth_time: iat,
      name: account.name,
      email: account.email,
      email_verified: account.email === undefined ? undefined : account.emailVerified,
      ...overrides,
    });
  };
  const context: OidcContext = {
    clientId,
    clientSecret,
    clientAuth: options.clientAuth ?? DEFAULT_CLIENT_AUTH,
    redirectUris: options.redirectUris,
    accounts,
    keys,
    codes: createCodeStore<SandboxAccount>({ prefix: '', ttlSeconds: 60 }),
    accessTokens: new Map(),
    title: `Sign in to ${name}`,
    issuerPath,
    issuer,
    baseUrl: base.requireBaseUrl,
    discoveryOverrides: () => state.discovery,
    autoSelect: () => state.autoSelect,
    mintFor: (account, claims) => signJwt(keys, claimsOf(account, claims)),
  };
  const route = oidcRoute(context);
  const accountOf = (key: string | undefined) => {
    if (key === undefined) return first;
    const found = findAccount(accounts, key);
    if (!found) throw new Error(`Unknown fake OIDC account: ${key}`);
    return found;
  };
  const claimsFor = (claims: Partial<OidcIdClaims> = {}) => claimsOf(first, claims);
  const mintIdToken: FakeOidc['mintIdToken'] = (claims, opts) => signJwt(keys, claimsFor(claims), opts);

  return withFakeServer<FakeOidc>(base, {
    clientId,
    clientSecret,
    get issuer() {
      return issuer();
    },
    get options() {
      const clientAuth = options.clientAuth ?? DEFAULT_CLIENT_AUTH;
      const isPublic = clientAuth.length === 1 && clientAuth[0] === 'none';
      return { id: 'oidc', name, issuer: issuer(), clientId, ...(isPublic ? {} : { clientSecret }) };
    },
    accounts,
    get autoSelect() {
      return state.autoSelect;
    },
    set autoSelect(value) {
      state.autoSelect = value;
    },
    get discoveryOverrides() {
      return state.discovery;
    },
    set discoveryOverrides(value) {
      state.discovery = { ...value };
    },
    mintIdToken,
    mintIdTokenFor: (account, claims, opts) => signJwt(keys, claimsOf(accountOf(account), claims), opts),
    bad: {
      ...createBadIdTokens<OidcIdClaims>({
        keys,
        claimsFor,
        mint: mintIdToken,
        otherAudience: { aud: 'some-other-client' },
      }),
      hs256WithClientSecret: (c) =>
        hs256Jwt({ typ: 'JWT', kid: keys.current.kid }, claimsFor(c), clientSecret),
      extraAudience: (c) => mintIdToken({ aud: [clientId, 'untrusted-client'], ...c }),
      stringEmailVerified: (c) => mintIdToken({ email_verified: 'true', ...c }),
      encrypted: () =>
        ['eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ', 'a2V5', 'aXY', 'Y2lwaGVydGV4dA', 'dGFn'].join('.'),
    },
    issueAuthCode: (opts = {}) =>
      context.codes.issue({
        clientId,
        user: accountOf(opts.account),
        scope: opts.scope ?? 'openid email profile',
        ...withoutUndefined({ redirectUri: opts.redirectUri, nonce: opts.nonce }),
        ...(opts.codeChallenge ? { codeChallenge: opts.codeChallenge, codeChallengeMethod: 'S256' } : {}),
      }),
    async rotateKeys() {
      await keys.rotate();
    },
    retireOldKeys() {
      keys.retirePrevious();
    },
    jwks: () => keys.jwks(),
    reset() {
      base.reset();
      context.codes.clear();
      context.accessTokens.clear();
    },
  });
}

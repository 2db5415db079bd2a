import { createHash, randomBytes } from 'node:crypto';
import { createBadIdTokens } from '../kit/bad-tokens';
import { createCodeStore } from '../kit/codes';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { definedClaims, nowSeconds, signJwt } from '../kit/jwt';
import { createKeyRing } from '../kit/keys';
import { withoutUndefined } from '../kit/options';
import { CONSUMER_TENANT, type MicrosoftContext, type MicrosoftGrant } from './context';
import { aadError, jwksOf, microsoftRoute } from './routes';
import type {
  FakeMicrosoft,
  FakeMicrosoftOptions,
  MicrosoftAccount,
  MicrosoftIdClaims,
  MicrosoftMintOptions,
} from './types';

/** Directory ids of the default accounts' tenants. */
export const MICROSOFT_TENANTS = {
  contoso: '3c5e1f0a-8b2d-4e6f-9a1b-2c3d4e5f6a70',
  fabrikam: '7d9e2a4b-1c3f-4a5e-8b6d-0e1f2a3b4c5d',
  /** A tenant anyone can create, whose admin may set any `mail` attribute (nOAuth). */
  attacker: 'e0e0e0e0-bad0-4bad-8bad-0e0e0e0e0e0e',
  consumers: CONSUMER_TENANT,
} as const;

/**
 * Ada in Contoso with a verified email domain, Grace with a personal Microsoft account, Alan in
 * Fabrikam without `xms_edov`, and Mallory in another tenant claiming Ada's address.
 */
export const DEFAULT_MICROSOFT_ACCOUNTS: readonly MicrosoftAccount[] = [
  {
    id: '00000000-0000-4000-8000-00000000a0a0',
    tenantId: MICROSOFT_TENANTS.contoso,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    emailDomainVerified: true,
  },
  {
    id: '00000000-0000-4000-8000-0000000067ac',
    tenantId: MICROSOFT_TENANTS.consumers,
    name: 'Grace Hopper',
    email: 'grace@example.com',
    emailDomainVerified: true,
  },
  {
    id: '00000000-0000-4000-8000-00000000a1a1',
    tenantId: MICROSOFT_TENANTS.fabrikam,
    name: 'Alan Turing',
    email: 'alan@example.com',
  },
  {
    id: '00000000-0000-4000-8000-0000000bad00',
    tenantId: MICROSOFT_TENANTS.attacker,
    name: 'Mallory (another tenant)',
    email: 'ada@example.com',
    preferredUsername: 'mallory@attacker.onmicrosoft.com',
  },
];

const DEFAULTS = {
  clientId: '6f1c2b3a-5d4e-4f70-8a9b-0c1d2e3f4a5b',
  clientSecret: 'socialkit-test-client-secret',
};

const kid = () => randomBytes(20).toString('base64url').slice(0, 27);

/**
 * Creates an offline Microsoft identity platform: per-tenant discovery (`{tenantid}` template for
 * `common`/`organizations`), one common JWKS for every tenant (keys without `alg`, with their
 * `issuer`), an account chooser at `/{tenant}/oauth2/v2.0/authorize`, and a token endpoint that
 * checks the client secret, `redirect_uri` and the PKCE verifier.
 *
 * @example
 * const microsoft = createFakeMicrosoft();
 * await microsoft.listen();
 * const auth = socialAuth({ providers: [microsoftProvider(microsoft.options)], tokens });
 * const idToken = await microsoft.mintIdTokenFor('grace@example.com', { nonce }); // consumer tenant
 */
export function createFakeMicrosoft(options: FakeMicrosoftOptions = {}): FakeMicrosoft {
  const { clientId, clientSecret } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly MicrosoftAccount[] = options.accounts ?? DEFAULT_MICROSOFT_ACCOUNTS;
  const first = accounts[0];
  if (!first) throw new Error('createFakeMicrosoft: `accounts` needs at least one account.');
  const orgKeys = createKeyRing({ kid });
  const consumerKeys = createKeyRing({ kid });
  const state = { autoSelect: options.autoSelect };
  const base = createFakeBase({
    name: 'Microsoft',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    prepare: async () => {
      await Promise.all([orgKeys.ready(), consumerKeys.ready()]);
    },
    realOrigins: ['https://login.microsoftonline.com'],
    rateLimited: () => ({
      ...aadError(
        429,
        'temporarily_unavailable',
        50196,
        'The server terminated an operation because it encountered a client request loop.',
      ),
      headers: { 'retry-after': '30' },
    }),
    browserPath: (path) => path.startsWith('/sandbox/') || path.endsWith('/oauth2/v2.0/authorize'),
  });
  const authority = () => options.authority?.replace(/\/$/, '') ?? base.requireBaseUrl();
  const claimsOf = (account: MicrosoftAccount, overrides: Record<string, unknown> = {}) => {
    const iat = nowSeconds();
    return definedClaims({
      ver: '2.0',
      iss: `${authority()}/${account.tenantId}/v2.0`,
      sub: createHash('sha256')
        .update(`${clientId}|${account.tenantId}|${account.id}`)
        .digest('base64url')
        .slice(0, 43),
      aud: clientId,
      exp: iat + 3600,
      iat,
      nbf: iat,
      name: account.name,
      preferred_username: account.preferredUsername ?? account.email,
      oid: account.id,
      email: account.email,
      tid: account.tenantId,
      xms_edov: account.emailDomainVerified,
      aio: randomBytes(24).toString('base64url'),
      rh: `0.A${randomBytes(16).toString('base64url')}`,
      uti: randomBytes(16).toString('base64url'),
      ...overrides,
    });
  };
  const mintFor = (
    account: MicrosoftAccount,
    claims: Record<string, unknown> = {},
    opts: MicrosoftMintOptions = {},
  ) => {
    const all = claimsOf(account, claims);
    const consumer =
      (opts.signingKey ?? (all.tid === CONSUMER_TENANT ? 'consumers' : 'organizations')) === 'consumers';
    const { signingKey: _, ...mint } = opts;
    return signJwt(consumer ? consumerKeys : orgKeys, all, mint);
  };
  const context: MicrosoftContext = {
    clientId,
    clientSecret,
    accounts,
    orgKeys,
    consumerKeys,
    codes: createCodeStore<MicrosoftGrant>({ prefix: '1.A', ttlSeconds: 600 }),
    autoSelect: () => state.autoSelect,
    baseUrl: base.requireBaseUrl,
    authority,
    mintFor: (account, claims) => mintFor(account, claims),
  };
  const route = microsoftRoute(context);
  const findAccount = (key: string | MicrosoftAccount) => {
    if (typeof key !== 'string') return key;
    const found = accounts.find((a) => a.id === key || a.email?.toLowerCase() === key.toLowerCase());
    if (!found) throw new Error(`Unknown fake Microsoft account: ${key}`);
    return found;
  };
  const mintIdToken: FakeMicrosoft['mintIdToken'] = (claims, opts) => mintFor(first, claims, opts);
  const otherTenant = '11111111-2222-4333-8444-555555555555';

  return withFakeServer<FakeMicrosoft>(base, {
    clientId,
    clientSecret,
    get authority() {
      return authority();
    },
    get options() {
      const url = base.requireBaseUrl();
      return {
        clientId,
        clientSecret,
        tenant: 'common',
        authority: url,
        jwksUri: `${url}/common/discovery/v2.0/keys`,
      };
    },
    accounts,
    get autoSelect() {
      return state.autoSelect;
    },
    set autoSelect(value) {
      state.autoSelect = value;
    },
    mintIdToken,
    mintIdTokenFor: (account, claims, opts) => mintFor(findAccount(account), claims, opts),
    bad: {
      ...createBadIdTokens<MicrosoftIdClaims>({
        keys: orgKeys,
        claimsFor: (claims) => claimsOf(first, claims),
        mint: mintIdToken,
        otherAudience: { aud: '99999999-8888-4777-8666-555555555555' },
      }),
      issuerTenantMismatch: (c) => mintIdToken({ iss: `${authority()}/${otherTenant}/v2.0`, ...c }),
      templatedIssuer: (c) => mintIdToken({ iss: `${authority()}/{tenantid}/v2.0`, ...c }),
      v1Issuer: (c) => mintIdToken({ iss: `https://sts.windows.net/${first.tenantId}/`, ver: '1.0', ...c }),
      tidNotGuid: (c) =>
        mintIdToken({
          tid: 'contoso.onmicrosoft.com',
          iss: `${authority()}/contoso.onmicrosoft.com/v2.0`,
          ...c,
        }),
      missingOid: (c) => mintIdToken({ oid: undefined, ...c }),
      consumerSignedWithOrgKey: (c) =>
        mintFor({ ...first, tenantId: CONSUMER_TENANT }, c ?? {}, { signingKey: 'organizations' }),
      orgSignedWithConsumerKey: (c) => mintIdToken(c, { signingKey: 'consumers' }),
    },
    issueAuthCode(opts = {}) {
      const account = opts.account === undefined ? first : findAccount(opts.account);
      return context.codes.issue({
        clientId,
        user: { account, tenant: 'common' },
        scope: opts.scope ?? 'openid profile email',
        ...withoutUndefined({ redirectUri: opts.redirectUri, nonce: opts.nonce }),
        ...(opts.codeChallenge ? { codeChallenge: opts.codeChallenge, codeChallengeMethod: 'S256' } : {}),
      });
    },
    async rotateKeys() {
      await Promise.all([orgKeys.rotate(), consumerKeys.rotate()]);
    },
    jwks: () => jwksOf(context),
    reset() {
      base.reset();
      context.codes.clear();
    },
  });
}

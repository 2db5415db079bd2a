import { randomBytes } from 'node:crypto';
import { createBadIdTokens } from '../kit/bad-tokens';
import { createCodeStore } from '../kit/codes';
import { createFakeBase, withFakeServer } from '../kit/fake';
import { definedClaims, nowSeconds, signJwt } from '../kit/jwt';
import { createKeyRing } from '../kit/keys';
import { withoutUndefined } from '../kit/options';
import { json } from '../kit/route';
import type { AppleContext } from './authorization';
import {
  generateAppleClientKey,
  type RegisteredClientKey,
  signAppleClientSecret,
  toPublicKey,
} from './client-secret';
import { APPLE_ISSUER, appleRoute } from './routes';
import type { AppleAccount, AppleIdClaims, FakeApple, FakeAppleOptions } from './types';

/** Ada with her own address, Grace behind a private relay, Alan a Work & School ID Apple did not verify. */
export const DEFAULT_APPLE_ACCOUNTS: readonly AppleAccount[] = [
  { id: '001234.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1201', name: 'Ada Lovelace', email: 'ada@example.com' },
  {
    id: '001234.1b2c3d4e5f60718293a4b5c6d7e8f90a.1202',
    name: 'Grace Hopper',
    email: 'x7q2kd9p4m@privaterelay.appleid.com',
    privateEmail: true,
  },
  {
    id: '001234.2c3d4e5f60718293a4b5c6d7e8f90a1b.1203',
    name: 'Alan Turing',
    email: 'alan@example.com',
    emailVerified: false,
  },
];

const DEFAULTS = {
  clientId: 'com.example.socialkit.web',
  teamId: 'SKTEAM0001',
  booleanClaims: 'string' as 'string' | 'boolean',
  idTokenSeconds: 600,
};

/**
 * Creates an offline Sign in with Apple that signs real RS256 ID tokens, serves its JWKS, shows an
 * account chooser at `/auth/authorize` (form_post back with `code`, `id_token`, `state` and the
 * first-consent `user`), and exchanges codes only for a valid ES256 client secret.
 *
 * @example
 * const apple = createFakeApple();
 * await apple.listen();
 * const auth = socialAuth({ providers: [appleProvider(apple.options)], tokens });
 * const idToken = await apple.mintIdToken({ nonce });
 * const code = apple.issueAuthCode({ redirectUri, nonce });
 */
export function createFakeApple(options: FakeAppleOptions = {}): FakeApple {
  const { clientId, teamId, booleanClaims, idTokenSeconds } = { ...DEFAULTS, ...withoutUndefined(options) };
  const accounts: readonly AppleAccount[] = options.accounts ?? DEFAULT_APPLE_ACCOUNTS;
  const first = accounts[0];
  if (!first) throw new Error('createFakeApple: `accounts` needs at least one account.');
  const keys = createKeyRing({ kid: () => randomBytes(5).toString('hex').toUpperCase() });
  const clientKey = generateAppleClientKey();
  const clientKeys = new Map<string, RegisteredClientKey>([
    [clientKey.keyId, { teamId, keyId: clientKey.keyId, publicKey: toPublicKey(clientKey.publicKey) }],
  ]);
  const bool = (value: boolean) => (booleanClaims === 'string' ? (String(value) as 'true' | 'false') : value);
  const claimsOf = (account: AppleAccount, audience: string, overrides: Record<string, unknown> = {}) => {
    const iat = nowSeconds();
    return definedClaims({
      iss: APPLE_ISSUER,
      aud: audience,
      exp: iat + idTokenSeconds,
      iat,
      sub: account.id,
      email: account.email,
      email_verified: account.email === undefined ? undefined : bool(account.emailVerified ?? true),
      is_private_email: account.email === undefined ? undefined : bool(account.privateEmail ?? false),
      auth_time: iat,
      nonce_supported: true,
      ...overrides,
    });
  };
  const state = { autoSelect: options.autoSelect };
  const base = createFakeBase({
    name: 'Apple',
    baseUrl: options.baseUrl,
    route: (req) => route(req),
    prepare: () => keys.ready(),
    realOrigins: [APPLE_ISSUER],
    rateLimited: () => json(429, { error: 'too_many_requests' }, { 'retry-after': '60' }),
    browserPath: (path) => path.startsWith('/sandbox/') || path === '/auth/authorize',
  });
  const context: AppleContext = {
    clientId,
    clientIds: new Set([clientId, ...(options.extraClientIds ?? [])]),
    accounts,
    keys,
    codes: createCodeStore<AppleAccount>({ prefix: 'c', ttlSeconds: 300 }),
    refreshTokens: new Map(),
    consents: new Set(),
    clientKeys,
    autoSelect: () => state.autoSelect,
    baseUrl: base.requireBaseUrl,
    mintFor: (account, audience, claims) => signJwt(keys, claimsOf(account, audience, claims)),
  };
  const route = appleRoute(context);
  const claimsFor = (claims: Partial<AppleIdClaims> = {}) => claimsOf(first, clientId, claims);
  const mintIdToken: FakeApple['mintIdToken'] = (claims, opts) => signJwt(keys, claimsFor(claims), opts);
  const findAccount = (key: string) =>
    accounts.find((account) => account.id === key || account.email?.toLowerCase() === key.toLowerCase());

  return withFakeServer<FakeApple>(base, {
    clientId,
    teamId,
    clientKey,
    get options() {
      const url = base.requireBaseUrl();
      return {
        clientId,
        teamId,
        keyId: clientKey.keyId,
        privateKey: clientKey.privateKey,
        authUrl: url,
        jwksUri: `${url}/auth/keys`,
        tokenUrl: `${url}/auth/token`,
      };
    },
    accounts,
    get autoSelect() {
      return state.autoSelect;
    },
    set autoSelect(value) {
      state.autoSelect = value;
    },
    registerClientKey(key) {
      const team = key.teamId ?? teamId;
      clientKeys.set(key.keyId, { teamId: team, keyId: key.keyId, publicKey: toPublicKey(key.publicKey) });
    },
    clientSecret: (opts = {}) =>
      signAppleClientSecret({
        teamId,
        keyId: clientKey.keyId,
        privateKey: clientKey.privateKey,
        clientId: opts.clientId ?? clientId,
        ...withoutUndefined({
          expiresInSeconds: opts.expiresInSeconds,
          claims: opts.claims,
          header: opts.header,
        }),
      }),
    mintIdToken,
    bad: {
      ...createBadIdTokens<AppleIdClaims>({
        keys,
        claimsFor,
        mint: mintIdToken,
        otherAudience: { aud: 'com.example.other.web' },
      }),
      unverifiedEmail: (c) => mintIdToken({ email_verified: bool(false), ...c }),
      es256: (c) => mintIdToken(c, { alg: 'ES256' }),
      issuedLongAgo: (c) => mintIdToken({ iat: nowSeconds() - 7200, exp: nowSeconds() + 3600, ...c }),
    },
    issueAuthCode(opts = {}) {
      const account = opts.account === undefined ? first : findAccount(opts.account);
      if (!account) throw new Error(`issueAuthCode: unknown account ${opts.account}`);
      return context.codes.issue({
        clientId: opts.clientId ?? clientId,
        user: account,
        scope: 'name email',
        ...withoutUndefined({ redirectUri: opts.redirectUri, nonce: opts.nonce }),
        ...(opts.codeChallenge ? { codeChallenge: opts.codeChallenge, codeChallengeMethod: 'S256' } : {}),
      });
    },
    revokeConsent(account) {
      if (account === undefined) {
        context.consents.clear();
        return;
      }
      const sub = findAccount(account)?.id ?? account;
      for (const consent of context.consents)
        if (consent.endsWith(`|${sub}`)) context.consents.delete(consent);
    },
    async rotateKeys() {
      await keys.rotate();
    },
    jwks: () => keys.jwks(),
    reset() {
      base.reset();
      context.codes.clear();
      context.refreshTokens.clear();
      context.consents.clear();
    },
  });
}

import { PROVIDER_ID_PATTERN, RESERVED_PROVIDER_IDS } from '@socialkit/contract';
import { checkKeys, fail, isObject, optionalString, optionKeys } from '../config/check';
import { InvalidTokenError, ProviderUnavailableError } from '../errors';
import { createIdTokenVerifier, type IdTokenVerifier } from './id-token';
import { browserNonce, checkAudiences, exchangedNonce, isTrue, nonEmptyString } from './id-token-claims';
import { CODE_FLOW_FIELDS, checkedRedirectUri, exchangeCode, requirePkce } from './oauth-code';
import { createDiscoveryCache, type Discovered } from './oidc-discovery';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';
import { flowsOption, redirectUrisOption, secureUrl } from './provider-options';

export type OidcFlow = 'idToken' | 'code';

/** Options of `oidc()`: one OpenID Connect issuer (Keycloak, Auth0, Okta, authentik, …). */
export interface OidcOptions<Id extends string = string> {
  /** Route id (`POST /{id}`, `/callback/{id}`): lower-case letters, digits, `-`, `_`. Keep it bound to one issuer. */
  id: Id;
  /** The issuer URL exactly as the issuer's discovery document states it (trailing slash included). */
  issuer: string;
  clientId: string;
  /** Confidential clients only; without it the code flow runs as a public client (PKCE only). */
  clientSecret?: string;
  /** Button label. @default the id */
  name?: string;
  /** Redirect URIs besides this router's own `/callback/{id}` that a code may have been issued for. */
  redirectUris?: readonly string[];
  /** Scopes the SDK asks for. @default 'openid email profile' */
  scope?: string;
  /** @default ['idToken', 'code'] */
  flows?: readonly OidcFlow[];
  /** How long past its freshness the last good discovery document is used while refetches fail. @default 86400000 */
  staleIfErrorMs?: number;
}

const KEYS = optionKeys<OidcOptions>({
  id: true,
  issuer: true,
  clientId: true,
  clientSecret: true,
  name: true,
  redirectUris: true,
  scope: true,
  flows: true,
  staleIfErrorMs: true,
});
const DISCOVERY_TIMEOUT_MS = 5000;

function resolve<Id extends string>(options: OidcOptions<Id>) {
  if (!isObject(options)) fail('`oidc()` takes an object like `{ id, issuer, clientId }`.');
  const label = typeof options.id === 'string' ? `oidc(${options.id})` : 'oidc';
  checkKeys(options, KEYS, `${label}.`);
  const { id } = options;
  if (typeof id !== 'string' || !PROVIDER_ID_PATTERN.test(id)) {
    fail('`oidc.id` is required: the route id, e.g. `keycloak` (lower-case letters, digits, `-`, `_`).');
  }
  if (RESERVED_PROVIDER_IDS.has(id))
    fail(`\`${label}.id\` may not be \`${id}\`: the router serves that path itself.`);
  const { issuer } = options;
  if (typeof issuer !== 'string' || !URL.canParse(issuer)) {
    fail(`\`${label}.issuer\` is required: the issuer URL, e.g. https://auth.example.com/realms/acme.`);
  }
  secureUrl(issuer, `${label}.issuer`);
  const parsed = new URL(issuer);
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    fail(`\`${label}.issuer\` may not carry a query, fragment or credentials (OIDC Discovery 1.0 §2).`);
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    fail(`\`${label}.clientId\` is required: the client ID registered at the issuer.`);
  }
  const clientSecret = optionalString(options.clientSecret, `${label}.clientSecret`);
  const staleIfErrorMs = options.staleIfErrorMs ?? 24 * 3600_000;
  if (typeof staleIfErrorMs !== 'number' || !Number.isFinite(staleIfErrorMs) || staleIfErrorMs < 0) {
    fail(`\`${label}.staleIfErrorMs\` must be a number of milliseconds ≥ 0.`);
  }
  return {
    id: id as Id,
    issuer,
    // Discovery 1.0 §4: a terminating `/` is removed before appending the well-known path.
    discoveryUrl: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: options.clientId,
    clientSecret,
    name: optionalString(options.name, `${label}.name`) ?? id,
    scope: optionalString(options.scope, `${label}.scope`) ?? 'openid email profile',
    redirectUris: redirectUrisOption(options.redirectUris, `${label}.redirectUris`),
    flows: flowsOption<OidcFlow>(options.flows, `${label}.flows`, ['idToken', 'code'], ['idToken', 'code']),
    staleIfErrorMs,
  };
}

/**
 * Any OpenID Connect issuer: ID tokens from the browser with a server nonce, or a PKCE code
 * redeemed at the issuer's token endpoint. Discovery happens on first use (or `ready()`), is cached
 * for its `Cache-Control` max-age, and survives an outage of the issuer on the last good document;
 * a document naming another issuer is refused. Several `oidc()` providers may run side by side.
 *
 * @example
 * socialAuth({ providers: [oidc({ id: 'keycloak', issuer: 'https://sso.example.com/realms/acme', clientId: 'web', name: 'Acme SSO' })], … });
 */
export function oidc<const Id extends string>(options: OidcOptions<Id>) {
  const config = resolve(options);
  const discovery = createDiscoveryCache({
    issuer: config.issuer,
    url: config.discoveryUrl,
    hasClientSecret: config.clientSecret !== undefined,
    staleIfErrorMs: config.staleIfErrorMs,
    unavailable: (cause) => unavailable(cause),
  });
  const verifiers = new WeakMap<
    typeof fetch,
    { jwksUri: string; algorithms: string; verify: IdTokenVerifier }
  >();

  function unavailable(cause: unknown): ProviderUnavailableError {
    return new ProviderUnavailableError(`The ${config.name} sign-in service is unavailable.`, {
      cause: new Error(`oidc(${config.id}): ${(cause as Error)?.message ?? 'discovery failed'}`, { cause }),
    });
  }

  function verifierFor(context: VerifyContext, discovered: Discovered): IdTokenVerifier {
    const algorithms = discovered.algorithms.join();
    const existing = verifiers.get(context.http.fetch);
    if (existing && existing.jwksUri === discovered.jwksUri && existing.algorithms === algorithms) {
      return existing.verify;
    }
    const verify = createIdTokenVerifier({
      jwksUri: discovered.jwksUri,
      issuers: [config.issuer],
      audiences: [config.clientId],
      algorithms: discovered.algorithms,
      fetch: context.http.fetch,
      timeoutMs: context.timeoutMs,
    });
    verifiers.set(context.http.fetch, { jwksUri: discovered.jwksUri, algorithms, verify });
    return verify;
  }

  async function verifiedClaims(
    token: string,
    context: VerifyContext,
    discovered: Discovered,
  ): Promise<Record<string, unknown>> {
    // OIDC Core §3.1.3.7 step 1: encrypted ID tokens (5 segments) are not supported.
    if (token.split('.').length !== 3) throw new InvalidTokenError('The ID token is not a signed JWT.');
    // Steps 2 (iss), 6–8 (alg allowlist), 9–10 (exp, iat) in the shared verifier; 3–5 here.
    const claims = (await verifierFor(context, discovered)(token)) as Record<string, unknown>;
    checkAudiences(claims, [config.clientId]);
    return claims;
  }

  function toProfile(claims: Record<string, unknown>): VerifiedProfile {
    const email = nonEmptyString(claims.email)?.toLowerCase();
    const name = nonEmptyString(claims.name);
    const picture = nonEmptyString(claims.picture);
    return {
      provider: config.id,
      // OIDC Core §5.7: (iss, sub) is the identity; this id is bound to one issuer.
      subject: claims.sub as string,
      ...(email ? { email } : {}),
      // OIDC Core §5.1: absent `email_verified` means not verified (Entra never sends it).
      emailVerified: email !== undefined && isTrue(claims.email_verified),
      ...(name ? { name } : {}),
      ...(picture ? { picture } : {}),
    };
  }

  async function fromCode(credential: CredentialFields, context: VerifyContext): Promise<VerifiedProfile> {
    const codeVerifier = requirePkce(credential);
    const redirectUri = checkedRedirectUri(credential, context, config.redirectUris);
    // RFC 9207: an authorization response naming another issuer is a mix-up attack.
    if (credential.iss !== undefined && credential.iss !== config.issuer) {
      throw new InvalidTokenError('The authorization response came from another issuer.');
    }
    const discovered = await discovery.get(context.http.fetch, context.timeoutMs);
    if (!discovered.tokenEndpoint || !discovered.pkceS256 || !discovered.tokenEndpointAuth) {
      throw unavailable(
        new Error(
          'the issuer offers no token endpoint, no S256 PKCE, or no client authentication this client can use',
        ),
      );
    }
    const body = await exchangeCode(context.http, {
      tokenUrl: discovered.tokenEndpoint,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      auth: discovered.tokenEndpointAuth,
      code: credential.code as string,
      codeVerifier,
      redirectUri,
      label: config.name,
    });
    const idToken = nonEmptyString(body.id_token);
    if (!idToken)
      throw new InvalidTokenError(`${config.name} returned no ID token (request the \`openid\` scope).`);
    const claims = await verifiedClaims(idToken, context, discovered);
    return { ...toProfile(claims), ...exchangedNonce(claims) };
  }

  return {
    id: config.id,
    credentials: {
      oneOf: config.flows,
      disabled: ['idToken', 'code'].filter((flow) => !config.flows.includes(flow as OidcFlow)),
      fields: { ...CODE_FLOW_FIELDS, iss: { maxLength: 2048, onlyWith: ['code'] } },
    },
    publicConfig() {
      const authorizationEndpoint = discovery.last()?.authorizationEndpoint;
      return {
        name: config.name,
        issuer: config.issuer,
        clientId: config.clientId,
        scope: config.scope,
        flows: config.flows,
        ...(authorizationEndpoint ? { authorizationEndpoint } : {}),
      };
    },
    async verify(credential, context) {
      if (credential.code !== undefined) return fromCode(credential, context);
      const discovered = await discovery.get(context.http.fetch, context.timeoutMs);
      const claims = await verifiedClaims(credential.idToken as string, context, discovered);
      return { ...toProfile(claims), ...browserNonce(claims) };
    },
    /**
     * Fetches the discovery document unless a fresh one is cached, so `publicConfig()` can name
     * the authorization endpoint; `GET /providers` awaits it. Await it at startup as a health
     * check: it rejects with the reason when the issuer is unreachable or names another issuer.
     */
    async ready(): Promise<void> {
      await discovery.get(globalThis.fetch, DISCOVERY_TIMEOUT_MS);
    },
  } satisfies SocialProvider<Id>;
}

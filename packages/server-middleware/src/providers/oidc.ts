import { checkKeys, fail, isObject, optionalString, optionKeys } from '../config/check';
import { InvalidTokenError, ProviderUnavailableError } from '../errors';
import {
  createIdTokenVerifier,
  ID_TOKEN_ALGORITHMS,
  type IdTokenAlgorithm,
  type IdTokenVerifier,
} from './id-token';
import { jwksMaxAgeMs } from './jwks-cache';
import {
  browserNonce,
  CODE_FLOW_FIELDS,
  checkAudiences,
  checkedRedirectUri,
  exchangeCode,
  exchangedNonce,
  flowsOption,
  isTrue,
  nonEmptyString,
  redirectUrisOption,
  requirePkce,
  secureUrl,
  type TokenEndpointAuth,
} from './oauth-code';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';

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
/** Paths the router serves itself; a provider id equal to one would be shadowed. */
const RESERVED_IDS = [
  'providers',
  'nonce',
  'refresh',
  'logout',
  'me',
  'callback',
  'link',
  'identities',
  'sessions',
];
const DISCOVERY_DEFAULT_MAX_AGE_MS = 3600_000;
const DISCOVERY_COOLDOWN_MS = 30_000;
const DISCOVERY_TIMEOUT_MS = 5000;
const SIGNING_ALGORITHMS: readonly string[] = ID_TOKEN_ALGORITHMS;

/** What the provider uses from a discovery document (OIDC Discovery 1.0 §3). */
interface Discovered {
  authorizationEndpoint: string;
  tokenEndpoint: string | undefined;
  jwksUri: string;
  algorithms: IdTokenAlgorithm[];
  tokenEndpointAuth: TokenEndpointAuth | undefined;
  pkceS256: boolean;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function endpoint(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`discovery has no \`${name}\``);
  try {
    return secureUrl(value, name);
  } catch {
    throw new Error(`discovery \`${name}\` is not an https URL: ${value.slice(0, 200)}`);
  }
}

/** A discovery document naming another issuer: an attack or a misconfiguration, never an outage. */
class IssuerMismatchError extends Error {}

/** OIDC Discovery 1.0 §4.3: the document's `issuer` must be identical to the configured one. */
function parseDiscovery(body: unknown, issuer: string, hasSecret: boolean): Discovered {
  if (!isObject(body)) throw new Error('discovery is not a JSON object');
  if (body.issuer !== issuer) {
    throw new IssuerMismatchError(
      `discovery issuer ${JSON.stringify(String(body.issuer).slice(0, 200))} differs from the configured issuer ${JSON.stringify(issuer)}`,
    );
  }
  // OIDC Core §3.1.3.7 steps 6–8: the issuer's own algorithms, never `none` or HMAC (keyed by the client secret).
  const advertised = stringList(body.id_token_signing_alg_values_supported) ?? [];
  const algorithms = advertised.filter((alg): alg is IdTokenAlgorithm => SIGNING_ALGORITHMS.includes(alg));
  const authMethods = stringList(body.token_endpoint_auth_methods_supported) ?? ['client_secret_basic'];
  const pkceMethods = stringList(body.code_challenge_methods_supported);
  return {
    authorizationEndpoint: endpoint(body.authorization_endpoint, 'authorization_endpoint'),
    tokenEndpoint:
      body.token_endpoint === undefined ? undefined : endpoint(body.token_endpoint, 'token_endpoint'),
    jwksUri: endpoint(body.jwks_uri, 'jwks_uri'),
    algorithms: algorithms.length > 0 ? [...new Set(algorithms)] : ['RS256'],
    tokenEndpointAuth: !hasSecret
      ? 'none'
      : authMethods.includes('client_secret_basic')
        ? 'client_secret_basic'
        : authMethods.includes('client_secret_post')
          ? 'client_secret_post'
          : undefined,
    pkceS256: pkceMethods === undefined || pkceMethods.includes('S256'),
  };
}

function resolve<Id extends string>(options: OidcOptions<Id>) {
  if (!isObject(options)) fail('`oidc()` takes an object like `{ id, issuer, clientId }`.');
  const label = typeof options.id === 'string' ? `oidc(${options.id})` : 'oidc';
  checkKeys(options, KEYS, `${label}.`);
  const { id } = options;
  if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(id)) {
    fail('`oidc.id` is required: the route id, e.g. `keycloak` (lower-case letters, digits, `-`, `_`).');
  }
  if (RESERVED_IDS.includes(id))
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
  let current: { discovered: Discovered; freshUntil: number } | undefined;
  let inflight: Promise<Discovered> | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastError: unknown;
  const verifiers = new WeakMap<
    typeof fetch,
    { jwksUri: string; algorithms: string; verify: IdTokenVerifier }
  >();

  async function download(fetchFn: typeof fetch, timeoutMs: number): Promise<Discovered> {
    const response = await fetchFn(config.discoveryUrl, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`discovery answered HTTP ${response.status}`);
    }
    const discovered = parseDiscovery(
      JSON.parse(await response.text()),
      config.issuer,
      config.clientSecret !== undefined,
    );
    const freshFor = jwksMaxAgeMs(response.headers.get('cache-control'), {
      defaultMs: DISCOVERY_DEFAULT_MAX_AGE_MS,
    });
    current = { discovered, freshUntil: Date.now() + freshFor };
    return discovered;
  }

  /** Fresh discovery, the last good one while refetches fail (stale-if-error), or a 503. */
  async function discovery(fetchFn: typeof fetch, timeoutMs: number): Promise<Discovered> {
    if (current && Date.now() <= current.freshUntil) return current.discovered;
    const usable = current && Date.now() <= current.freshUntil + config.staleIfErrorMs ? current : undefined;
    if (!inflight && Date.now() - lastAttemptAt < DISCOVERY_COOLDOWN_MS) {
      if (usable) return usable.discovered;
      throw unavailable(lastError);
    }
    inflight ??= (async () => {
      lastAttemptAt = Date.now();
      try {
        return await download(fetchFn, timeoutMs);
      } finally {
        inflight = undefined;
      }
    })();
    try {
      return await inflight;
    } catch (err) {
      lastError = err;
      if (err instanceof IssuerMismatchError) {
        current = undefined;
        throw unavailable(err);
      }
      if (usable) return usable.discovered;
      throw unavailable(err);
    }
  }

  const unavailable = (cause: unknown) =>
    new ProviderUnavailableError(`The ${config.name} sign-in service is unavailable.`, {
      cause: new Error(`oidc(${config.id}): ${(cause as Error)?.message ?? 'discovery failed'}`, { cause }),
    });

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
    const discovered = await discovery(context.http.fetch, context.timeoutMs);
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
      return {
        name: config.name,
        issuer: config.issuer,
        clientId: config.clientId,
        scope: config.scope,
        flows: config.flows,
        ...(current ? { authorizationEndpoint: current.discovered.authorizationEndpoint } : {}),
      };
    },
    async verify(credential, context) {
      if (credential.code !== undefined) return fromCode(credential, context);
      const discovered = await discovery(context.http.fetch, context.timeoutMs);
      const claims = await verifiedClaims(credential.idToken as string, context, discovered);
      return { ...toProfile(claims), ...browserNonce(claims) };
    },
    /**
     * Fetches the discovery document unless a fresh one is cached, so `publicConfig()` can name
     * the authorization endpoint; `GET /providers` awaits it. Await it at startup as a health
     * check: it rejects with the reason when the issuer is unreachable or names another issuer.
     */
    async ready(): Promise<void> {
      await discovery(globalThis.fetch, DISCOVERY_TIMEOUT_MS);
    },
  } satisfies SocialProvider<Id>;
}

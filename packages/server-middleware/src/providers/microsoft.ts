import { decodeProtectedHeader } from 'jose';
import { checkKeys, fail, isObject, optionalString, optionKeys } from '../config/check';
import { InvalidTokenError } from '../errors';
import { createIdTokenVerifier } from './id-token';
import { browserNonce, checkAudiences, exchangedNonce, nonEmptyString, perHttp } from './id-token-claims';
import { CODE_FLOW_FIELDS, checkedRedirectUri, exchangeCode, requirePkce } from './oauth-code';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';
import { flowsOption, redirectUrisOption, secureUrl } from './provider-options';

/** The tenant of personal Microsoft accounts (entra-docs `id-token-claims-reference.md`). */
export const MICROSOFT_CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type MicrosoftFlow = 'idToken' | 'code';

/** Options of `microsoft()`. */
export interface MicrosoftOptions {
  /** The application (client) ID of the app registration, a GUID. */
  clientId: string;
  /** A client secret of a "Web" platform registration; enables the `code` flow. */
  clientSecret?: string;
  /**
   * Who may sign in: `'common'` (work/school and personal accounts), `'organizations'` (work/school
   * only), `'consumers'` (personal only), or one tenant GUID.
   * @default 'common'
   */
  tenant?: string;
  /** With `common` or `organizations`: only these tenant GUIDs may sign in. */
  allowedTenants?: readonly string[];
  /**
   * Tenant GUIDs whose `email` claim is trusted as verified (tenants you administer). Every other
   * tenant's `email` is unverified: any tenant admin can set any address on a user (nOAuth).
   */
  trustedTenants?: readonly string[];
  /** Sovereign clouds, CIAM or a local fake. @default 'https://login.microsoftonline.com' */
  authority?: string;
  /** @default `{authority}/common/discovery/v2.0/keys` */
  jwksUri?: string;
  /** @default `{authority}/{tenant}/oauth2/v2.0/token` */
  tokenUrl?: string;
  /** Redirect URIs besides this router's own `/callback/microsoft` that a code may have been issued for. */
  redirectUris?: readonly string[];
  /** @default ['idToken'], plus 'code' when `clientSecret` is set */
  flows?: readonly MicrosoftFlow[];
}

const KEYS = optionKeys<MicrosoftOptions>({
  clientId: true,
  clientSecret: true,
  tenant: true,
  allowedTenants: true,
  trustedTenants: true,
  authority: true,
  jwksUri: true,
  tokenUrl: true,
  redirectUris: true,
  flows: true,
});

function issuersByKid(jwksText: string): Map<string, string> {
  const issuers = new Map<string, string>();
  try {
    const { keys } = JSON.parse(jwksText) as { keys?: unknown };
    for (const key of Array.isArray(keys) ? keys : []) {
      if (isObject(key) && typeof key.kid === 'string' && typeof key.issuer === 'string') {
        issuers.set(key.kid, key.issuer);
      }
    }
  } catch {
    // The JWKS cache reports an unreadable set itself.
  }
  return issuers;
}

function tenantList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((tid) => typeof tid !== 'string' || !GUID.test(tid.toLowerCase()))
  ) {
    fail(
      `\`${name}\` must be a non-empty array of tenant IDs (GUIDs, from Entra ID "Overview" → "Tenant ID").`,
    );
  }
  return [...new Set((value as string[]).map((tid) => tid.toLowerCase()))];
}

function resolve(options: MicrosoftOptions) {
  if (!isObject(options)) fail('`microsoft()` takes an object like `{ clientId, tenant }`.');
  checkKeys(options, KEYS, 'microsoft.');
  const clientId = options.clientId;
  if (typeof clientId !== 'string' || !GUID.test(clientId.toLowerCase())) {
    fail('`microsoft.clientId` is required: the Application (client) ID GUID of your app registration.');
  }
  const clientSecret = optionalString(options.clientSecret, 'microsoft.clientSecret');
  const tenant = (options.tenant ?? 'common').toLowerCase();
  const mode = ['common', 'organizations', 'consumers'].includes(tenant) ? tenant : 'single';
  if (mode === 'single' && !GUID.test(tenant)) {
    fail(
      "`microsoft.tenant` must be 'common', 'organizations', 'consumers' or a tenant ID GUID (a domain name cannot be checked against the token's `tid`).",
    );
  }
  const allowedTenants = tenantList(options.allowedTenants, 'microsoft.allowedTenants');
  if (allowedTenants && mode !== 'common' && mode !== 'organizations') {
    fail("`microsoft.allowedTenants` needs `tenant: 'common'` or `'organizations'`.");
  }
  if (allowedTenants && mode === 'organizations' && allowedTenants.includes(MICROSOFT_CONSUMER_TENANT)) {
    fail(
      "`microsoft.allowedTenants` lists the personal-account tenant, which `tenant: 'organizations'` excludes.",
    );
  }
  const trustedTenants = tenantList(options.trustedTenants, 'microsoft.trustedTenants') ?? [];
  const authority = secureUrl(
    (options.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
    'microsoft.authority',
  );
  const flows = flowsOption<MicrosoftFlow>(
    options.flows,
    'microsoft.flows',
    ['idToken', 'code'],
    clientSecret ? ['idToken', 'code'] : ['idToken'],
  );
  if (flows.includes('code') && !clientSecret) {
    fail(
      "`microsoft.flows` includes 'code', which needs `microsoft.clientSecret` (a Web platform client secret).",
    );
  }
  return {
    clientId: clientId.toLowerCase(),
    clientSecret,
    tenant,
    mode,
    allowedTenants,
    trustedTenants,
    authority,
    jwksUri: secureUrl(options.jwksUri ?? `${authority}/common/discovery/v2.0/keys`, 'microsoft.jwksUri'),
    tokenUrl: secureUrl(options.tokenUrl ?? `${authority}/${tenant}/oauth2/v2.0/token`, 'microsoft.tokenUrl'),
    authorizationEndpoint: `${authority}/${tenant}/oauth2/v2.0/authorize`,
    redirectUris: redirectUrisOption(options.redirectUris, 'microsoft.redirectUris'),
    flows,
  };
}

/**
 * Sign in with Microsoft (Entra ID and personal accounts, v2.0 endpoint): ID tokens from the
 * browser (MSAL or the popup code flow's token) with a server nonce, or a PKCE code redeemed with
 * the client secret. Identities are keyed by tenant + object id; the `email` claim is verified only
 * for `trustedTenants`.
 *
 * @example
 * socialAuth({ providers: [microsoft({ clientId: process.env.MICROSOFT_CLIENT_ID, tenant: 'organizations' })], … });
 */
export function microsoft(options: MicrosoftOptions) {
  const config = resolve(options);
  const issuerPattern = new RegExp(
    `^${config.authority.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f-]{36}/v2\\.0$`,
  );
  // Microsoft's keys name the issuer they sign for; the shared JWKS cache keeps only the keys, so
  // the `issuer` of each `kid` is read from the same response as it passes through.
  let keyIssuers = new Map<string, string>();
  const verifier = perHttp((context) =>
    createIdTokenVerifier({
      jwksUri: config.jwksUri,
      // The exact issuer depends on the token's own `tid`; `tenantChecked` pins it below.
      issuers: (iss: string) => issuerPattern.test(iss),
      audiences: [config.clientId],
      fetch: async (input, init) => {
        const response = await context.http.fetch(input, init);
        if (response.status !== 200) return response;
        const text = await response.text();
        keyIssuers = issuersByKid(text);
        return new Response(text, { status: response.status, headers: response.headers });
      },
      timeoutMs: context.timeoutMs,
    }),
  );

  /**
   * entra-docs access-tokens.md "Validate the signing key issuer": a key whose `issuer` is
   * templated signs only for `{authority}/{tid}/v2.0` with the token's `tid`; one with a concrete
   * tenant (the personal-account keys) only for exactly that issuer.
   */
  function keyIssuerChecked(token: string, claims: Record<string, unknown>): void {
    const { kid } = decodeProtectedHeader(token);
    const keyIssuer = kid === undefined ? undefined : keyIssuers.get(kid);
    if (keyIssuer === undefined) return;
    const expected = keyIssuer.replace('{tenantid}', String(claims.tid));
    // Personal-account tokens are signed by the personal-account keys, never by a directory key.
    const directoryKeyForConsumer =
      keyIssuer.includes('{tenantid}') && claims.tid === MICROSOFT_CONSUMER_TENANT;
    if (expected !== claims.iss || directoryKeyForConsumer) {
      throw new InvalidTokenError('The Microsoft token was signed by a key of another issuer.');
    }
  }

  function tenantChecked(claims: Record<string, unknown>): string {
    const tid = nonEmptyString(claims.tid);
    // entra-docs access-tokens.md "Validate the issuer": `tid` is a GUID and `iss` is exactly
    // `{authority}/{tid}/v2.0` for that same `tid`; a common-endpoint key signs for every tenant.
    if (!tid || !GUID.test(tid) || claims.iss !== `${config.authority}/${tid}/v2.0`) {
      throw new InvalidTokenError('The Microsoft token’s issuer does not match its tenant.');
    }
    if (claims.ver !== undefined && claims.ver !== '2.0')
      throw new InvalidTokenError('Not a v2.0 Microsoft token.');
    const allowed =
      config.mode === 'single'
        ? tid === config.tenant
        : config.mode === 'consumers'
          ? tid === MICROSOFT_CONSUMER_TENANT
          : (config.mode !== 'organizations' || tid !== MICROSOFT_CONSUMER_TENANT) &&
            (config.allowedTenants === undefined || config.allowedTenants.includes(tid));
    if (!allowed) {
      throw new InvalidTokenError('This Microsoft tenant may not sign in here.', {
        cause: new Error(`tenant ${tid} is outside the configured tenants`),
      });
    }
    return tid;
  }

  async function verifiedClaims(token: string, context: VerifyContext): Promise<Record<string, unknown>> {
    const claims = (await verifier(context)(token)) as Record<string, unknown>;
    tenantChecked(claims);
    keyIssuerChecked(token, claims);
    checkAudiences(claims, [config.clientId]);
    return claims;
  }

  function toProfile(claims: Record<string, unknown>): VerifiedProfile {
    const tid = claims.tid as string;
    const oid = nonEmptyString(claims.oid);
    // `sub` is pairwise per app registration; `tid`+`oid` is the stable key Microsoft documents
    // (migrate-off-email-claim-authorization.md). `oid` needs the `profile` scope.
    if (!oid || !GUID.test(oid.toLowerCase())) {
      throw new InvalidTokenError('The Microsoft token has no object id (request the `profile` scope).');
    }
    const email = nonEmptyString(claims.email)?.toLowerCase();
    const name = nonEmptyString(claims.name);
    return {
      provider: 'microsoft',
      subject: `${tid}:${oid.toLowerCase()}`,
      ...(email ? { email } : {}),
      // nOAuth: any tenant admin can put any address in `email`; only tenants the app trusts count.
      emailVerified: email !== undefined && config.trustedTenants.includes(tid),
      ...(name ? { name } : {}),
    };
  }

  async function fromCode(credential: CredentialFields, context: VerifyContext): Promise<VerifiedProfile> {
    const codeVerifier = requirePkce(credential);
    const redirectUri = checkedRedirectUri(credential, context, config.redirectUris);
    const body = await exchangeCode(context.http, {
      tokenUrl: config.tokenUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      auth: 'client_secret_post',
      code: credential.code as string,
      codeVerifier,
      redirectUri,
      label: 'Microsoft',
    });
    const idToken = nonEmptyString(body.id_token);
    if (!idToken) throw new InvalidTokenError('Microsoft returned no ID token (request the `openid` scope).');
    const claims = await verifiedClaims(idToken, context);
    return { ...toProfile(claims), ...exchangedNonce(claims) };
  }

  return {
    id: 'microsoft',
    credentials: {
      oneOf: config.flows,
      disabled: ['idToken', 'code'].filter((flow) => !config.flows.includes(flow as MicrosoftFlow)),
      fields: CODE_FLOW_FIELDS,
    },
    publicConfig: () => ({
      clientId: config.clientId,
      tenant: config.tenant,
      authority: config.authority,
      authorizationEndpoint: config.authorizationEndpoint,
      flows: config.flows,
    }),
    async verify(credential, context) {
      if (credential.code !== undefined) return fromCode(credential, context);
      const claims = await verifiedClaims(credential.idToken as string, context);
      return { ...toProfile(claims), ...browserNonce(claims) };
    },
  } satisfies SocialProvider<'microsoft'>;
}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { checkKeys, fail, isObject, optionalString, optionKeys } from '../config/check';
import { InvalidRequestError, InvalidTokenError } from '../errors';
import { createIdTokenVerifier } from './id-token';
import {
  browserNonce,
  checkAudiences,
  exchangedNonce,
  isTrue,
  nonEmptyString,
  perHttp,
} from './id-token-claims';
import { CODE_FLOW_FIELDS, checkedRedirectUri, exchangeCode, requirePkce } from './oauth-code';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';
import { clientIdsOption, flowsOption, redirectUrisOption, secureUrl } from './provider-options';

/** Apple's `iss` and the `aud` of the client secret (Apple "Creating a client secret"). */
export const APPLE_ISSUER = 'https://appleid.apple.com';
/** Apple allows up to six months; a short life limits what a leaked secret is worth. */
const CLIENT_SECRET_TTL_SECONDS = 3600;
const CLIENT_SECRET_RENEW_MARGIN_SECONDS = 300;
const NAME_PART_MAX = 100;

export type AppleFlow = 'idToken' | 'code';

/** Options of `apple()`. */
export interface AppleOptions {
  /**
   * The Services ID (web) and any bundle IDs (iOS) whose tokens are accepted; a token's `aud` must
   * be one of them. Codes are redeemed for the first one.
   */
  clientId: string | readonly string[];
  /** Apple Developer Team ID (10 characters); with `keyId` and `privateKey`, enables the `code` flow. */
  teamId?: string;
  /** Key ID of the Sign in with Apple key. */
  keyId?: string;
  /** The Sign in with Apple `.p8` key (PKCS#8 PEM); signs the ES256 client secret. */
  privateKey?: string;
  /** @default 'https://appleid.apple.com' (`/auth/authorize`, `/auth/token`, `/auth/keys`) */
  authUrl?: string;
  /** @default `{authUrl}/auth/keys` */
  jwksUri?: string;
  /** @default `{authUrl}/auth/token` */
  tokenUrl?: string;
  /** Return URLs besides this router's own `/callback/apple` that a code may have been issued for. */
  redirectUris?: readonly string[];
  /** @default ['idToken'], plus 'code' when the key is configured */
  flows?: readonly AppleFlow[];
}

const KEYS = optionKeys<AppleOptions>({
  clientId: true,
  teamId: true,
  keyId: true,
  privateKey: true,
  authUrl: true,
  jwksUri: true,
  tokenUrl: true,
  redirectUris: true,
  flows: true,
});

interface SigningKey {
  teamId: string;
  keyId: string;
  key: KeyObject;
}

function signingKey(options: AppleOptions): SigningKey | undefined {
  const teamId = optionalString(options.teamId, 'apple.teamId');
  const keyId = optionalString(options.keyId, 'apple.keyId');
  const privateKey = optionalString(options.privateKey, 'apple.privateKey');
  const given = [teamId, keyId, privateKey].filter((value) => value !== undefined).length;
  if (given === 0) return undefined;
  if (!teamId || !keyId || !privateKey) {
    fail('`apple.teamId`, `apple.keyId` and `apple.privateKey` go together: the code flow needs all three.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    fail(
      '`apple.privateKey` must be the PEM text of your Sign in with Apple `.p8` key ("-----BEGIN PRIVATE KEY-----…").',
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    fail(
      '`apple.privateKey` must be a P-256 (ES256) key: download it from "Certificates, Identifiers & Profiles" → Keys.',
    );
  }
  return { teamId, keyId, key };
}

/** The unsigned first-consent `user` JSON: its name only, trimmed and bounded; never its email. */
function unsignedName(user: string | undefined): string | undefined {
  if (user === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(user);
  } catch {
    throw new InvalidRequestError('`user` must be the JSON object Apple sent on first sign-in.');
  }
  if (!isObject(parsed))
    throw new InvalidRequestError('`user` must be the JSON object Apple sent on first sign-in.');
  const name = isObject(parsed.name) ? parsed.name : {};
  const part = (value: unknown) =>
    typeof value === 'string'
      ? value
          .replace(/\p{Cc}/gu, '')
          .trim()
          .slice(0, NAME_PART_MAX)
      : '';
  const full = [part(name.firstName), part(name.lastName)].filter(Boolean).join(' ');
  return full === '' ? undefined : full;
}

/**
 * Sign in with Apple: ID tokens from Apple JS (popup mode, server nonce), or a code redeemed with
 * an ES256 client secret made from the team id, key id and `.p8` key. The `user` JSON Apple gives
 * the browser on first consent only fills the name of a new account.
 *
 * @example
 * socialAuth({ providers: [apple({ clientId: ['com.example.web', 'com.example.ios'], teamId, keyId, privateKey })], … });
 */
export function apple(options: AppleOptions) {
  if (!isObject(options)) fail('`apple()` takes an object like `{ clientId }`.');
  checkKeys(options, KEYS, 'apple.');
  const clientIds = clientIdsOption(
    options.clientId,
    'apple.clientId',
    'your Services ID (and bundle IDs for iOS)',
  );
  const webClientId = clientIds[0] as string;
  const signer = signingKey(options);
  const authUrl = secureUrl((options.authUrl ?? APPLE_ISSUER).replace(/\/+$/, ''), 'apple.authUrl');
  const jwksUri = secureUrl(options.jwksUri ?? `${authUrl}/auth/keys`, 'apple.jwksUri');
  const tokenUrl = secureUrl(options.tokenUrl ?? `${authUrl}/auth/token`, 'apple.tokenUrl');
  const redirectUris = redirectUrisOption(options.redirectUris, 'apple.redirectUris');
  const flows = flowsOption<AppleFlow>(
    options.flows,
    'apple.flows',
    ['idToken', 'code'],
    signer ? ['idToken', 'code'] : ['idToken'],
  );
  if (flows.includes('code') && !signer) {
    fail("`apple.flows` includes 'code', which needs `apple.teamId`, `apple.keyId` and `apple.privateKey`.");
  }

  const verifier = perHttp((context) =>
    createIdTokenVerifier({
      jwksUri,
      issuers: [APPLE_ISSUER],
      audiences: clientIds,
      fetch: context.http.fetch,
      timeoutMs: context.timeoutMs,
    }),
  );

  let cachedSecret: { value: string; renewAt: number } | undefined;
  async function clientSecret(key: SigningKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    if (cachedSecret && now < cachedSecret.renewAt) return cachedSecret.value;
    // Apple "Creating a client secret": ES256, `kid` = key id, `iss` = team, `sub` = the client id
    // the code was issued to, `aud` = Apple.
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: key.keyId })
      .setIssuer(key.teamId)
      .setSubject(webClientId)
      .setAudience(APPLE_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + CLIENT_SECRET_TTL_SECONDS)
      .sign(key.key);
    cachedSecret = { value, renewAt: now + CLIENT_SECRET_TTL_SECONDS - CLIENT_SECRET_RENEW_MARGIN_SECONDS };
    return value;
  }

  async function verifiedClaims(token: string, context: VerifyContext): Promise<Record<string, unknown>> {
    const claims = (await verifier(context)(token)) as Record<string, unknown>;
    checkAudiences(claims, clientIds);
    return claims;
  }

  function toProfile(claims: Record<string, unknown>, name: string | undefined): VerifiedProfile {
    const email = nonEmptyString(claims.email)?.toLowerCase();
    return {
      provider: 'apple',
      subject: claims.sub as string,
      ...(email ? { email } : {}),
      // Apple sends `"true"` or `true`; Work & School accounts may be unverified. A private relay
      // address is verified too: only this Apple user receives its mail (notes/providers.md §1.8).
      emailVerified: email !== undefined && isTrue(claims.email_verified),
      ...(name ? { unsignedName: name } : {}),
    };
  }

  async function fromCode(
    credential: CredentialFields,
    context: VerifyContext,
    name: string | undefined,
  ): Promise<VerifiedProfile> {
    const codeVerifier = credential.codeVerifier === undefined ? undefined : requirePkce(credential);
    const redirectUri = checkedRedirectUri(credential, context, redirectUris);
    const body = await exchangeCode(context.http, {
      tokenUrl,
      clientId: webClientId,
      clientSecret: await clientSecret(signer as SigningKey),
      auth: 'client_secret_post',
      code: credential.code as string,
      codeVerifier,
      redirectUri,
      label: 'Apple',
    });
    const idToken = nonEmptyString(body.id_token);
    if (!idToken) throw new InvalidTokenError('Apple returned no ID token for the code.');
    const claims = await verifiedClaims(idToken, context);
    // Apple JS has no PKCE: without a verifier only the server nonce it carried binds this code to
    // the browser that asked for it (OIDC Core §15.5.2), so it is required then.
    if (codeVerifier === undefined) return { ...toProfile(claims, name), ...browserNonce(claims) };
    return { ...toProfile(claims, name), ...exchangedNonce(claims) };
  }

  return {
    id: 'apple',
    credentials: {
      oneOf: flows,
      disabled: ['idToken', 'code'].filter((flow) => !flows.includes(flow as AppleFlow)),
      fields: { ...CODE_FLOW_FIELDS, user: { maxLength: 1024 } },
    },
    publicConfig: () => ({
      clientId: webClientId,
      authorizationEndpoint: `${authUrl}/auth/authorize`,
      flows,
    }),
    async verify(credential, context) {
      const name = unsignedName(credential.user);
      if (credential.code !== undefined) return fromCode(credential, context, name);
      const claims = await verifiedClaims(credential.idToken as string, context);
      return { ...toProfile(claims, name), ...browserNonce(claims) };
    },
  } satisfies SocialProvider<'apple'>;
}

import type { JWTPayload } from 'jose';
import { choice, choices, fail, optionalString, optionKeys, section, url } from '../config/check';
import { InvalidRequestError, InvalidTokenError, SignupNotAllowedError } from '../errors';
import type { ProviderHttp } from './http';
import { createIdTokenVerifier, type IdTokenVerifier } from './id-token';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';

/** A credential the Google button can send: `POST /google` carries exactly one of them. */
export type GoogleFlow = 'idToken' | 'code' | 'accessToken';

/** Options of {@link google}. */
export interface GoogleOptions {
  /** One or more OAuth client IDs; an ID token's `aud` must be one of them. */
  clientId: string | string[];
  /** Needed only for the `code` flow. */
  clientSecret?: string;
  /**
   * Credentials `POST /google` accepts. `accessToken` (the implicit flow) is opt-in: a captured
   * access token for our client signs in for its whole hour, with no nonce.
   * @default ['idToken', 'code'] (`code` only when `clientSecret` is set)
   */
  flows?: GoogleFlow[];
  /** Allowed Workspace domains, checked against the signed `hd` claim. */
  hostedDomains?: string[];
  /** Whether an ID token from the browser must carry a server-issued nonce. @default 'required' */
  nonce?: 'required' | 'optional';
  /** Extra `redirectUri` values a code may come with, besides `postmessage` and this router's callback URL. */
  redirectUris?: string[];
  /** @default 'https://www.googleapis.com/oauth2/v3/certs' */
  jwksUri?: string;
  /** @default 'https://oauth2.googleapis.com/tokeninfo' */
  tokenInfoUrl?: string;
  /** @default 'https://openidconnect.googleapis.com/v1/userinfo' */
  userInfoUrl?: string;
  /** @default 'https://oauth2.googleapis.com/token' */
  tokenUrl?: string;
}

const KEYS = optionKeys<GoogleOptions>({
  clientId: true,
  clientSecret: true,
  flows: true,
  hostedDomains: true,
  nonce: true,
  redirectUris: true,
  jwksUri: true,
  tokenInfoUrl: true,
  userInfoUrl: true,
  tokenUrl: true,
});

const DEFAULTS = {
  nonce: 'required',
  jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
  tokenInfoUrl: 'https://oauth2.googleapis.com/tokeninfo',
  userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  tokenUrl: 'https://oauth2.googleapis.com/token',
} as const;

const FLOWS: readonly GoogleFlow[] = ['idToken', 'code', 'accessToken'];
/** The popup code flow of Google Identity Services posts the code back with this redirect URI. */
const POSTMESSAGE = 'postmessage';

/** Google issues both spellings (Google "Verify the Google ID token on your server side"). */
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function resolve(options: unknown) {
  const raw = section(options, KEYS, 'google', '{ clientId }');
  const ids = Array.isArray(raw.clientId) ? raw.clientId : [raw.clientId];
  const clientIds = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  if (clientIds.length === 0 || clientIds.length !== ids.length) {
    fail('`google.clientId` must be a non-empty string or array of strings (your OAuth client ID).');
  }
  const clientSecret = optionalString(raw.clientSecret, 'google.clientSecret');
  const flows =
    raw.flows === undefined
      ? (['idToken', ...(clientSecret ? ['code'] : [])] as GoogleFlow[])
      : choices(raw.flows, 'google.flows', FLOWS);
  if (flows.includes('code') && !clientSecret) {
    fail("`google.flows` includes 'code', which needs `google.clientSecret` to exchange the code.");
  }
  const list = (value: unknown, name: string): string[] | undefined => {
    if (value === undefined) return undefined;
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.some((item) => typeof item !== 'string' || !item)
    ) {
      fail(`\`${name}\` must be a non-empty array of strings.`);
    }
    return value as string[];
  };
  return {
    clientIds,
    clientSecret,
    flows,
    hostedDomains: list(raw.hostedDomains, 'google.hostedDomains')?.map((d) => d.toLowerCase()),
    nonce: choice(raw.nonce, 'google.nonce', ['required', 'optional'], DEFAULTS.nonce),
    // Kept exactly as written: a redirect URI is compared character for character (RFC 9700 §4.1.3).
    redirectUris: (list(raw.redirectUris, 'google.redirectUris') ?? []).map((uri) => {
      if (!URL.canParse(uri)) fail('`google.redirectUris` must hold absolute URLs.');
      return uri;
    }),
    jwksUri: url(raw.jwksUri, 'google.jwksUri', DEFAULTS.jwksUri),
    tokenInfoUrl: url(raw.tokenInfoUrl, 'google.tokenInfoUrl', DEFAULTS.tokenInfoUrl),
    userInfoUrl: url(raw.userInfoUrl, 'google.userInfoUrl', DEFAULTS.userInfoUrl),
    tokenUrl: url(raw.tokenUrl, 'google.tokenUrl', DEFAULTS.tokenUrl),
  };
}

/**
 * Google sign-in: Google Identity Services ID tokens (with a server nonce), popup auth codes
 * exchanged with the client secret, and, when enabled, implicit-flow access tokens. Options are
 * checked here, at startup.
 *
 * @example
 * socialAuth({ providers: [google({ clientId: process.env.GOOGLE_CLIENT_ID! })], tokens: { secret } });
 */
export function google(options: GoogleOptions) {
  const config = resolve(options);
  const { clientIds, hostedDomains } = config;
  // One verifier (and its JWKS cache) per outbound pool, built on first use, never per request.
  const verifiers = new WeakMap<ProviderHttp, IdTokenVerifier>();
  const verifierFor = (context: VerifyContext): IdTokenVerifier => {
    let verifier = verifiers.get(context.http);
    if (!verifier) {
      verifier = createIdTokenVerifier({
        jwksUri: config.jwksUri,
        issuers: ISSUERS,
        audiences: clientIds,
        fetch: context.http.fetch,
        timeoutMs: context.timeoutMs,
      });
      verifiers.set(context.http, verifier);
    }
    return verifier;
  };

  function toProfile(claims: Record<string, unknown>): VerifiedProfile {
    const subject = str(claims.sub);
    if (!subject) throw new InvalidTokenError('The Google token has no subject.');
    const hostedDomain = str(claims.hd)?.toLowerCase();
    // Only the signed `hd` claim proves Workspace membership; an email suffix proves nothing.
    if (hostedDomains && !(hostedDomain && hostedDomains.includes(hostedDomain))) {
      throw new SignupNotAllowedError('This Google account is not in an allowed domain.');
    }
    const email = str(claims.email)?.toLowerCase();
    return {
      provider: 'google',
      subject,
      ...(email ? { email } : {}),
      emailVerified: Boolean(email) && (claims.email_verified === true || claims.email_verified === 'true'),
      ...(str(claims.name) ? { name: str(claims.name) } : {}),
      ...(str(claims.picture) ? { picture: str(claims.picture) } : {}),
      ...(hostedDomain ? { hostedDomain } : {}),
    };
  }

  async function checkedIdToken(token: string, context: VerifyContext): Promise<JWTPayload> {
    const claims = await verifierFor(context)(token);
    // OIDC Core §3.1.3.7: with several audiences, azp must be one of ours.
    if (claims.azp !== undefined && !clientIds.includes(String(claims.azp))) throw new InvalidTokenError();
    return claims;
  }

  async function fromIdToken(token: string, context: VerifyContext): Promise<VerifiedProfile> {
    const claims = await checkedIdToken(token, context);
    if (claims.nonce !== undefined && typeof claims.nonce !== 'string') {
      throw new InvalidTokenError('The Google ID token has no server-issued nonce.');
    }
    return {
      ...toProfile(claims),
      ...(claims.nonce ? { nonce: claims.nonce } : {}),
      nonceRequired: config.nonce === 'required',
    };
  }

  async function fromAccessToken(accessToken: string, { http }: VerifyContext): Promise<VerifiedProfile> {
    const info = await http.json(config.tokenInfoUrl, {
      method: 'POST',
      form: { access_token: accessToken },
    });
    if (info.status !== 200) throw new InvalidTokenError('The Google access token was rejected.');
    const { aud, azp, expires_in: expiresIn, sub } = info.body;
    // A token minted for another app must never sign anyone in here (the passport-*-token flaw).
    if (!clientIds.includes(String(aud)) || (azp !== undefined && !clientIds.includes(String(azp)))) {
      throw new InvalidTokenError('The Google access token was issued to another application.');
    }
    if (!(Number(expiresIn) > 0)) throw new InvalidTokenError('The Google access token has expired.');
    const user = await http.json(config.userInfoUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    if (user.status !== 200) throw new InvalidTokenError('The Google access token was rejected.');
    if (sub !== undefined && user.body.sub !== sub) throw new InvalidTokenError();
    return toProfile(user.body);
  }

  async function fromCode(code: string, redirectUri: string | undefined, context: VerifyContext) {
    // RFC 9700 §4.1: a code is only exchanged for a redirect URI that is ours.
    const allowed = [POSTMESSAGE, context.callbackUrl, ...config.redirectUris];
    if (redirectUri !== undefined && !allowed.includes(redirectUri)) {
      throw new InvalidRequestError('`redirectUri` is not a redirect URI of this app.');
    }
    const { status, body } = await context.http.json(config.tokenUrl, {
      method: 'POST',
      form: {
        code,
        client_id: clientIds[0] as string,
        client_secret: config.clientSecret as string,
        redirect_uri: redirectUri ?? POSTMESSAGE,
        grant_type: 'authorization_code',
      },
    });
    if (status !== 200) throw new InvalidTokenError('The Google authorization code was rejected.');
    const idToken = str(body.id_token);
    if (!idToken) throw new InvalidTokenError('Google returned no ID token for the code.');
    // Received straight from Google's token endpoint, so replay protection by nonce is not needed.
    return toProfile(await checkedIdToken(idToken, context));
  }

  const { flows } = config;
  return {
    id: 'google',
    credentials: {
      oneOf: flows,
      disabled: FLOWS.filter((flow) => !flows.includes(flow)),
      fields: { redirectUri: { maxLength: 2048, onlyWith: ['code'] } },
    },
    publicConfig: () => ({ clientId: clientIds[0], flows }),
    async verify(credential: CredentialFields, context: VerifyContext) {
      const flow = flows.find((name) => credential[name] !== undefined);
      if (!flow) throw new InvalidRequestError(`Google sign-in takes one of: ${flows.join(', ')}.`);
      const value = credential[flow] as string;
      if (flow === 'idToken') return fromIdToken(value, context);
      if (flow === 'accessToken') return fromAccessToken(value, context);
      return fromCode(value, credential.redirectUri, context);
    },
  } satisfies SocialProvider<'google'>;
}

import type { JWTPayload } from 'jose';
import type { ResolvedGoogle } from '../config/providers';
import { InvalidRequestError, InvalidTokenError, SignupNotAllowedError } from '../errors';
import type { VerifiedProfile } from '../types';
import type { ProviderHttp } from './http';
import { createIdTokenVerifier } from './id-token';
import type { Credential, CredentialKind, Provider } from './types';

/** Google issues both spellings (Google "Verify the Google ID token on your server side"). */
export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

export interface GoogleDeps {
  http: ProviderHttp;
  timeoutMs: number;
  /** Atomically consumes a server-issued nonce; true once per nonce. */
  consumeNonce(nonce: string): Promise<boolean>;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Google sign-in: GIS ID tokens, implicit-flow access tokens, and popup auth codes.
 *
 * @example
 * const provider = googleProvider(resolveGoogle({ clientId }), { http, timeoutMs: 5000, consumeNonce });
 * const profile = await provider.verify({ kind: 'idToken', value: credential });
 */
export function googleProvider(config: ResolvedGoogle, deps: GoogleDeps) {
  const { clientIds, hostedDomains } = config;
  const verifyIdToken = createIdTokenVerifier({
    jwksUri: config.jwksUri,
    issuers: GOOGLE_ISSUERS,
    audiences: clientIds,
    fetch: deps.http.fetch,
    timeoutMs: deps.timeoutMs,
  });
  const flows: CredentialKind[] = [
    'idToken',
    'accessToken',
    ...(config.clientSecret ? (['code'] as const) : []),
  ];

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

  async function checkedIdToken(token: string, nonce: 'consume' | 'skip'): Promise<JWTPayload> {
    const claims = await verifyIdToken(token);
    // OIDC Core §3.1.3.7: with several audiences, azp must be one of ours.
    if (claims.azp !== undefined && !clientIds.includes(String(claims.azp))) throw new InvalidTokenError();
    if (nonce === 'consume') {
      if (typeof claims.nonce === 'string') {
        if (!(await deps.consumeNonce(claims.nonce)))
          throw new InvalidTokenError('The sign-in nonce is unknown or used.');
      } else if (claims.nonce !== undefined || config.nonce === 'required') {
        throw new InvalidTokenError('The Google ID token has no server-issued nonce.');
      }
    }
    return claims;
  }

  async function fromAccessToken(accessToken: string): Promise<VerifiedProfile> {
    const info = await deps.http.json(config.tokenInfoUrl, {
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
    const user = await deps.http.json(config.userInfoUrl, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (user.status !== 200) throw new InvalidTokenError('The Google access token was rejected.');
    if (sub !== undefined && user.body.sub !== sub) throw new InvalidTokenError();
    return toProfile(user.body);
  }

  async function fromCode(code: string): Promise<VerifiedProfile> {
    if (!config.clientSecret) throw new InvalidRequestError('The Google code flow is not enabled.');
    const { status, body } = await deps.http.json(config.tokenUrl, {
      method: 'POST',
      form: {
        code,
        client_id: clientIds[0] as string,
        client_secret: config.clientSecret,
        redirect_uri: 'postmessage',
        grant_type: 'authorization_code',
      },
    });
    if (status !== 200) throw new InvalidTokenError('The Google authorization code was rejected.');
    const idToken = str(body.id_token);
    if (!idToken) throw new InvalidTokenError('Google returned no ID token for the code.');
    // Received straight from Google's token endpoint, so replay protection by nonce is not needed.
    return toProfile(await checkedIdToken(idToken, 'skip'));
  }

  return {
    id: 'google',
    flows,
    publicConfig: () => ({ id: 'google', clientId: clientIds[0], flows }),
    async verify(credential: Credential) {
      if (credential.kind === 'idToken') return toProfile(await checkedIdToken(credential.value, 'consume'));
      if (credential.kind === 'accessToken') return fromAccessToken(credential.value);
      return fromCode(credential.value);
    },
  } satisfies Provider;
}

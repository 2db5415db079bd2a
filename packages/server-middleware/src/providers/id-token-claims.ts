import { InvalidTokenError } from '../errors';
import type { ProviderHttp } from './http';
import type { VerifyContext } from './plugin';

/** `email_verified` and friends count only as `true` or `"true"` (notes: boolean-ish claims). */
export const isTrue = (value: unknown): boolean => value === true || value === 'true';

export const nonEmptyString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * OIDC Core §3.1.3.7 steps 3–5 beyond what the shared verifier checks (it accepts a token when any
 * audience is ours): every audience must be one of ours, and `azp`, required when there are
 * several audiences, must be one of ours too.
 */
export function checkAudiences(claims: Record<string, unknown>, clientIds: readonly string[]): void {
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    audiences.length === 0 ||
    audiences.some((aud) => typeof aud !== 'string' || !clientIds.includes(aud))
  ) {
    throw new InvalidTokenError('The ID token was issued to another application.');
  }
  const { azp } = claims;
  if (
    (audiences.length > 1 && azp === undefined) ||
    (azp !== undefined && !clientIds.includes(String(azp)))
  ) {
    throw new InvalidTokenError('The ID token was issued to another application.');
  }
}

/** The nonce fields of a profile from an ID token the browser posted: a server nonce is required. */
export function browserNonce(claims: Record<string, unknown>): { nonce?: string; nonceRequired: true } {
  const nonce = nonEmptyString(claims.nonce);
  return nonce === undefined ? { nonceRequired: true } : { nonce, nonceRequired: true };
}

/**
 * An ID token fetched by the server itself with a PKCE-bound code: if the browser put a server
 * nonce in the authorization request it comes back here and the sign-in flow consumes it.
 */
export function exchangedNonce(claims: Record<string, unknown>): { nonce?: string } {
  const nonce = nonEmptyString(claims.nonce);
  return nonce === undefined ? {} : { nonce };
}

/**
 * One value per `ProviderHttp`: a provider object may serve several routers, each with its own
 * pool, and a verifier must fetch keys through the pool of the request it serves.
 */
export function perHttp<T>(build: (context: VerifyContext) => T): (context: VerifyContext) => T {
  const built = new WeakMap<ProviderHttp, T>();
  return (context) => {
    let value = built.get(context.http);
    if (value === undefined) {
      value = build(context);
      built.set(context.http, value);
    }
    return value;
  };
}

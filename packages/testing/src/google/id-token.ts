import type { SandboxAccount } from '../kit/accounts';
import { definedClaims, type MintOptions, nowSeconds, signJwt } from '../kit/jwt';
import type { KeyRing } from '../kit/keys';
import type { GoogleIdClaims, GoogleUser } from './types';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export { nowSeconds };

/** The Google profile of a sandbox account. */
export function googleUserOf(account: SandboxAccount, picture: string): GoogleUser {
  const [given = account.name, ...rest] = account.name.split(' ');
  return {
    sub: account.id,
    email: account.email ?? `${account.id}@example.com`,
    email_verified: account.emailVerified ?? true,
    name: account.name,
    given_name: given,
    family_name: rest.join(' '),
    picture,
  };
}

/** Google's claim set for `user` and `clientId`, with `overrides` on top (`undefined` removes a claim). */
export function idClaims(
  user: GoogleUser,
  clientId: string,
  overrides: Partial<GoogleIdClaims> = {},
): Record<string, unknown> {
  const iat = nowSeconds();
  return definedClaims({
    iss: GOOGLE_ISSUER,
    azp: clientId,
    aud: clientId,
    iat,
    exp: iat + 3600,
    ...user,
    ...overrides,
  });
}

/** Signs `claims` as Google would, or deliberately not quite as Google would. */
export function signIdToken(keys: KeyRing, claims: Record<string, unknown>, opts: MintOptions = {}) {
  return signJwt(keys, claims, opts);
}

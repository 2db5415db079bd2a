import { SignJWT } from 'jose';
import type { SandboxAccount } from '../kit/accounts';
import type { KeyRing } from './keys';
import type { GoogleIdClaims, GoogleUser, MintOptions } from './types';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

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
  const claims: Record<string, unknown> = {
    iss: GOOGLE_ISSUER,
    azp: clientId,
    aud: clientId,
    iat,
    exp: iat + 3600,
    ...user,
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** Signs `claims` as Google would, or deliberately not quite as Google would. */
export function signIdToken(keys: KeyRing, claims: Record<string, unknown>, opts: MintOptions = {}) {
  const key = opts.key === 'other' ? keys.other : keys.current;
  const header = { alg: opts.alg ?? 'RS256', kid: opts.kid ?? keys.current.kid, typ: 'JWT', ...opts.header };
  return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}

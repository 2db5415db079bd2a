import { type BadIdTokens, createBadIdTokens } from '../kit/bad-tokens';
import type { MintOptions } from '../kit/jwt';
import type { KeyRing } from '../kit/keys';
import type { GoogleIdClaims } from './types';

type Claims = Partial<GoogleIdClaims>;

/** ID tokens a correct Google verifier must refuse, each wrong in exactly one way. */
export interface GoogleBadTokens extends BadIdTokens<GoogleIdClaims> {
  /** `aud` and `azp` name another app. */
  wrongAudience(claims?: Claims): Promise<string>;
  /** `aud` is ours but `azp` names another app. */
  wrongAuthorizedParty(claims?: Claims): Promise<string>;
  /** `email_verified: false`. */
  unverifiedEmail(claims?: Claims): Promise<string>;
}

const OTHER_APP = 'other-app.apps.googleusercontent.com';

export function createBadTokens(
  keys: KeyRing,
  clientId: string,
  claimsFor: (c?: Claims) => Record<string, unknown>,
  mint: (claims?: Claims, opts?: MintOptions) => Promise<string>,
): GoogleBadTokens {
  return {
    ...createBadIdTokens<GoogleIdClaims>({
      keys,
      claimsFor,
      mint,
      otherAudience: { aud: OTHER_APP, azp: OTHER_APP },
    }),
    wrongAuthorizedParty: (c) => mint({ aud: clientId, azp: OTHER_APP, ...c }),
    unverifiedEmail: (c) => mint({ email_verified: false, ...c }),
  };
}

import type { ProviderId, VerifiedProfile } from '../types';

export type CredentialKind = 'idToken' | 'accessToken' | 'code';

/** A client's proof of sign-in, already type-checked; nothing else from the body travels with it. */
export interface Credential {
  kind: CredentialKind;
  value: string;
  /** Facebook only: the user id the SDK reported, which must match `debug_token`. */
  userID?: string;
}

/** One identity provider: turns a credential into a verified profile or throws. */
export interface Provider {
  readonly id: ProviderId;
  readonly flows: readonly CredentialKind[];
  /** Public settings for the SDK (`GET /providers`); never a secret. */
  publicConfig(): Record<string, unknown>;
  verify(credential: Credential): Promise<VerifiedProfile>;
}

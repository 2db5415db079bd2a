import { InvalidTokenError } from '../errors';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from '../providers/plugin';
import type { SessionMeta } from '../sessions/sessions';
import type { SessionBody, UserOptions } from '../types';
import type { ResolvedUser, UserRecord } from '../users/resolve';
import type { LinkedIdentity } from './link-tokens';

/** What a sign-in needs; every store call arrives already bounded in time. */
export interface SignInDeps {
  /** Deletes a server-issued nonce atomically; true exactly once per nonce. */
  consumeNonce(nonce: string): Promise<boolean>;
  resolveUser(profile: VerifiedProfile): Promise<ResolvedUser>;
  afterLogin?: UserOptions['afterLogin'];
  startSession(user: UserRecord, isNewUser: boolean, meta: SessionMeta): Promise<SessionBody>;
  /** Completes the pending link a `linkToken` names, for a sign-in that proved its account; else 400. */
  redeemLinkToken(linkToken: string, proof: VerifiedProfile): Promise<LinkedIdentity>;
  publicUser(user: UserRecord): SessionBody['user'];
}

export interface SignInRequest {
  provider: SocialProvider;
  /** The body fields, already checked against `provider.credentials`. */
  credential: CredentialFields;
  context: VerifyContext;
  meta: SessionMeta;
  /** From a 409 `account_exists`: link its pending identity to the account this sign-in proves. */
  linkToken?: string;
}

/**
 * Whatever a provider returns, the identity is recorded under its own id: a plug-in can never
 * sign someone in as another provider's subject.
 */
function ownProfile(provider: SocialProvider, profile: VerifiedProfile): VerifiedProfile {
  if (typeof profile?.subject !== 'string' || profile.subject === '') {
    throw new InvalidTokenError('The provider vouched for no subject.');
  }
  return { ...profile, provider: provider.id, emailVerified: profile.emailVerified === true };
}

/**
 * Replay protection for ID tokens that came through the browser (OIDC Core §3.1.2.1, §15.5.2):
 * the nonce must be one we issued, and it is deleted on first use.
 */
async function consumeNonce(deps: Pick<SignInDeps, 'consumeNonce'>, profile: VerifiedProfile): Promise<void> {
  if (profile.nonce !== undefined) {
    if (!(await deps.consumeNonce(profile.nonce)))
      throw new InvalidTokenError('The sign-in nonce is unknown or used.');
  } else if (profile.nonceRequired) {
    throw new InvalidTokenError('The ID token has no server-issued nonce.');
  }
}

/** What the provider vouches for, once its nonce (if any) is spent: sign-in and linking both start here. */
export async function verifiedProfile(
  deps: Pick<SignInDeps, 'consumeNonce'>,
  request: Omit<SignInRequest, 'meta'>,
): Promise<VerifiedProfile> {
  const profile = ownProfile(
    request.provider,
    await request.provider.verify(request.credential, request.context),
  );
  await consumeNonce(deps, profile);
  return profile;
}

/** A sign-in, top to bottom: verify with the provider → consume the nonce → find or create the user → start a session. */
export async function signIn(deps: SignInDeps, request: SignInRequest): Promise<SessionBody> {
  const profile = await verifiedProfile(deps, request);
  // Before the user is resolved, so the session already shows the linked identity.
  const linked =
    request.linkToken === undefined ? undefined : await deps.redeemLinkToken(request.linkToken, profile);
  const { user, isNewUser } = await deps.resolveUser(profile);
  if (deps.afterLogin) {
    await deps.afterLogin({ userId: String(user._id), user: deps.publicUser(user), profile, isNewUser });
  }
  const session = await deps.startSession(user, isNewUser, { ...request.meta, provider: profile.provider });
  return linked ? { ...session, linked } : session;
}

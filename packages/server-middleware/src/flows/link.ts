import { IdentityInUseError, InvalidTokenError } from '../errors';
import { isDuplicateKey } from '../store/faults';
import type { SocialAuthUserIdentity, VerifiedProfile } from '../types';
import type { UserModel } from '../users/model';
import type { UserRecord } from '../users/resolve';

/**
 * `POST /link/:provider`: adds a verified identity to the signed-in user. An identity that
 * belongs to another user is never moved (409 `identity_in_use`); linking one the user already
 * has changes nothing. A verified email fills `users.email` only when the user has none and no
 * other user holds it.
 *
 * @example
 * const user = await linkIdentity(User, req.auth.userId, await verify(provider, credential));
 */
export async function linkIdentity(
  model: UserModel,
  userId: string,
  profile: VerifiedProfile,
): Promise<{ user: UserRecord; added: boolean }> {
  const { provider, subject, email, emailVerified } = profile;
  const matchIdentity = { $elemMatch: { provider, subject } };
  const owner = await model.findOne({ identities: matchIdentity }, { _id: 1 }).lean<{ _id: unknown }>();
  if (owner && String(owner._id) !== userId) throw new IdentityInUseError();

  const now = new Date();
  const identity: SocialAuthUserIdentity = {
    provider,
    subject,
    emailVerified,
    linkedAt: now,
    lastLoginAt: now,
  };
  if (email) identity.email = email;
  let user: UserRecord | null;
  try {
    user = await model
      .findOneAndUpdate(
        { _id: userId, disabled: { $ne: true }, identities: { $not: matchIdentity } },
        { $push: { identities: identity } },
        { returnDocument: 'after' },
      )
      .lean<UserRecord>();
  } catch (err) {
    if (isDuplicateKey(err)) throw new IdentityInUseError(undefined, { cause: err });
    throw err;
  }
  if (!user) {
    const current = await model.findOne({ _id: userId, disabled: { $ne: true } }).lean<UserRecord>();
    if (!current) throw new InvalidTokenError('The account no longer exists or is disabled.');
    return { user: current, added: false };
  }
  if (!user.email && email && emailVerified) user = await adoptEmail(model, user, email);
  return { user, added: true };
}

async function adoptEmail(model: UserModel, user: UserRecord, email: string): Promise<UserRecord> {
  try {
    const updated = await model
      .findOneAndUpdate(
        { _id: user._id, email: { $exists: false } },
        { $set: { email, emailVerified: true } },
        { returnDocument: 'after' },
      )
      .lean<UserRecord>();
    return updated ?? user;
  } catch (err) {
    // Another user holds it: it stays on the identity only.
    if (isDuplicateKey(err)) return user;
    throw err;
  }
}

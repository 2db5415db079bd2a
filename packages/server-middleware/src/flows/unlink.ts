import { LastIdentityError, NotFoundError } from '../errors';
import type { UserModel } from '../users/model';
import { dropUnvouchedEmail, type UserRecord } from '../users/resolve';

/**
 * `DELETE /identities/:provider/:subject`: removes one of the signed-in user's identities. The
 * last one stays (409 `last_identity`): an account nobody can sign in to is lost. When the removed
 * identity was what vouched for `users.email`, the address stays only if another verified
 * identity vouches for it, so the link key is always one a provider stands behind.
 *
 * @example
 * const user = await unlinkIdentity(User, req.auth.userId, 'github', '10001');
 */
export async function unlinkIdentity(
  model: UserModel,
  userId: string,
  provider: string,
  subject: string,
): Promise<UserRecord> {
  const matchIdentity = { $elemMatch: { provider, subject } };
  const user = await model
    .findOneAndUpdate(
      // `identities.1` exists: the write itself refuses to remove the last identity, even under races.
      { _id: userId, disabled: { $ne: true }, identities: matchIdentity, 'identities.1': { $exists: true } },
      { $pull: { identities: { provider, subject } } },
      { returnDocument: 'after' },
    )
    .lean<UserRecord>();
  if (user) return (await dropUnvouchedEmail(model, user)) ?? user;
  const holder = await model.exists({ _id: userId, disabled: { $ne: true }, identities: matchIdentity });
  if (holder) throw new LastIdentityError();
  throw new NotFoundError('This account has no such identity.');
}

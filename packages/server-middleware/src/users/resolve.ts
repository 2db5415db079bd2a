import { AccountExistsError, InternalError, SignupNotAllowedError } from '../errors';
import { isDuplicateKey } from '../store/faults';
import type {
  PublicUser,
  SocialAuthUserFields,
  SocialAuthUserIdentity,
  UserOptions,
  VerifiedProfile,
} from '../types';
import type { UserModel } from './model';

export type UserRecord = SocialAuthUserFields & { _id: unknown };

export interface ResolvedUser {
  user: UserRecord;
  isNewUser: boolean;
}

const RESERVED = new Set([
  '_id',
  'id',
  '__v',
  'email',
  'emailVerified',
  'identities',
  'disabled',
  'lastLoginAt',
  'createdAt',
  'updatedAt',
]);
const MAX_ATTEMPTS = 5;

/** Shapes a stored user for clients; `email` is always a verified one. */
export function toPublicUser(user: UserRecord): PublicUser {
  const providers = [...new Set((user.identities ?? []).map((identity) => identity.provider))];
  return {
    id: String(user._id),
    email: user.email ?? null,
    emailVerified: Boolean(user.email && user.emailVerified),
    name: user.name ?? null,
    picture: user.picture ?? null,
    providers,
  };
}

function appFields(extra: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(extra).filter(([key]) => !RESERVED.has(key) && !key.startsWith('$') && !key.includes('.')),
  );
}

class LostRace extends Error {}

/**
 * Finds or creates the user for a verified profile: known identity → link by verified email →
 * create. Unique indexes decide races; the loser retries and finds the winner's user.
 *
 * @example
 * const { user, isNewUser } = await resolveUser(User, { linkByEmail: 'verified' }, profile);
 */
export async function resolveUser(
  model: UserModel,
  options: UserOptions,
  profile: VerifiedProfile,
): Promise<ResolvedUser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptResolve(model, options, profile);
    } catch (err) {
      if ((isDuplicateKey(err) || err instanceof LostRace) && attempt < MAX_ATTEMPTS) continue;
      throw isDuplicateKey(err) || err instanceof LostRace ? new InternalError({ cause: err }) : err;
    }
  }
}

async function attemptResolve(
  model: UserModel,
  options: UserOptions,
  profile: VerifiedProfile,
): Promise<ResolvedUser> {
  const { provider, subject, email, emailVerified, name, picture } = profile;
  const now = new Date();
  const matchIdentity = { $elemMatch: { provider, subject } };

  // One round trip for a returning user: find the identity and refresh it in the same update.
  const known = await model
    .findOneAndUpdate(
      { identities: matchIdentity, disabled: { $ne: true } },
      {
        $set: {
          'identities.$.emailVerified': emailVerified,
          'identities.$.lastLoginAt': now,
          ...(email ? { 'identities.$.email': email } : {}),
          lastLoginAt: now,
          ...(name ? { name } : {}),
          ...(picture ? { picture } : {}),
        },
      },
      { returnDocument: 'after' },
    )
    .lean<UserRecord>();
  if (known) return { user: known, isNewUser: false };
  // A disabled account is refused untouched: never linked again, re-created, or written to.
  if (await model.exists({ identities: matchIdentity, disabled: true })) {
    throw new SignupNotAllowedError('This account is disabled.');
  }

  const identity: SocialAuthUserIdentity = {
    provider,
    subject,
    emailVerified,
    linkedAt: now,
    lastLoginAt: now,
  };
  if (email) identity.email = email;

  const verifiedEmail = emailVerified && email ? email : undefined;
  if (verifiedEmail) {
    const holder = await model.findOne({ email: verifiedEmail }).lean<UserRecord>();
    if (holder) {
      if ((options.linkByEmail ?? 'verified') === 'never') throw new AccountExistsError();
      checkEnabled(holder);
      const linked = await model
        .findOneAndUpdate(
          { _id: holder._id, identities: { $not: matchIdentity } },
          { $push: { identities: identity }, $set: { lastLoginAt: now } },
          { returnDocument: 'after' },
        )
        .lean<UserRecord>();
      if (!linked) throw new LostRace('user changed while linking');
      return { user: linked, isNewUser: false };
    }
  }

  if (!(await signupAllowed(options, profile))) throw new SignupNotAllowedError();
  const extra = options.mapProfile ? appFields(await options.mapProfile(profile)) : {};
  const created = await model.create({
    ...extra,
    ...(verifiedEmail ? { email: verifiedEmail, emailVerified: true } : { emailVerified: false }),
    ...(name ? { name } : {}),
    ...(picture ? { picture } : {}),
    identities: [identity],
    lastLoginAt: now,
  });
  return { user: created.toObject() as UserRecord, isNewUser: true };
}

async function signupAllowed(options: UserOptions, profile: VerifiedProfile): Promise<boolean> {
  const { allowSignup = true } = options;
  return typeof allowSignup === 'function' ? (await allowSignup(profile)) === true : allowSignup;
}

function checkEnabled(user: UserRecord): UserRecord {
  if (user.disabled) throw new SignupNotAllowedError('This account is disabled.');
  return user;
}

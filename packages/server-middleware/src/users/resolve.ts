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

/** Issues the `linkToken` that 409 `account_exists` carries (see `flows/link-tokens.ts`). */
export interface PendingLinks {
  offer(userId: string, identity: SocialAuthUserIdentity): Promise<string>;
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

function providersOf(user: UserRecord): string[] {
  return [...new Set((user.identities ?? []).map((identity) => identity.provider))];
}

/** Shapes a stored user for clients; `email` is always a verified one. */
export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: String(user._id),
    email: user.email ?? null,
    emailVerified: Boolean(user.email && user.emailVerified),
    name: user.name ?? null,
    picture: user.picture ?? null,
    providers: providersOf(user),
    identities: (user.identities ?? []).map((identity) => ({
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email ?? null,
      emailVerified: identity.emailVerified === true,
      linkedAt: new Date(identity.linkedAt).toISOString(),
    })),
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
 * 409 `account_exists` with a `linkToken` when the link must be proven → create. Unique indexes
 * decide races; the loser retries and finds the winner's user.
 *
 * @example
 * const { user, isNewUser } = await resolveUser(User, { linkByEmail: 'verified' }, profile);
 */
export async function resolveUser(
  model: UserModel,
  options: UserOptions,
  profile: VerifiedProfile,
  links?: PendingLinks,
): Promise<ResolvedUser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptResolve(model, options, profile, links);
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
  links: PendingLinks | undefined,
): Promise<ResolvedUser> {
  const { provider, subject, email, emailVerified, name, picture } = profile;
  const now = new Date();
  const matchIdentity = { $elemMatch: { provider, subject } };

  const returning = await signInKnownIdentity(model, profile, now);
  if (returning) return { user: returning, isNewUser: false };
  // A disabled account is refused untouched: never linked again, re-created, or written to. With an
  // email, one read answers both questions (see `disabledOrHolder`).
  const holder = email ? await disabledOrHolder(model, matchIdentity, email) : null;
  if (!email && (await model.exists({ identities: matchIdentity, disabled: true }))) {
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

  if (email) {
    if (holder) {
      // A concurrent first sign-in of this very identity created the holder: retry as a known identity.
      if (
        (holder.identities ?? []).some((known) => known.provider === provider && known.subject === subject)
      ) {
        throw new LostRace('identity created concurrently');
      }
      const sameProvider = (holder.identities ?? []).some((known) => known.provider === provider);
      // DESIGN.md "Users and linking" step 2: a second account of the same provider (a reassigned
      // work address, a re-registered domain) and any unverified claim must prove the account first.
      if (!emailVerified || sameProvider || (options.linkByEmail ?? 'verified') === 'never') {
        const providers = providersOf(holder);
        // Only another provider of the account can prove it (link-tokens.ts): with none, no link is offered.
        const provable = providers.some((known) => known !== provider);
        const linkToken = provable ? await links?.offer(String(holder._id), identity) : undefined;
        throw new AccountExistsError({ providers, ...(linkToken ? { linkToken } : {}) });
      }
      const linked = await model
        .findOneAndUpdate(
          // Re-checked in the write: a concurrent link of the same provider makes this a lost race.
          { _id: holder._id, email, disabled: { $ne: true }, 'identities.provider': { $ne: provider } },
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
  // An unsigned client-sent name (Apple's first-consent `user`) only ever names a new user (plugin.ts).
  const newName = name ?? profile.unsignedName;
  const fields = {
    ...extra,
    ...(newName ? { name: newName } : {}),
    ...(picture ? { picture } : {}),
    identities: [identity],
    lastLoginAt: now,
  };
  const verifiedEmail = emailVerified && email ? email : undefined;
  if (!verifiedEmail)
    return { user: await create(model, { ...fields, emailVerified: false }), isNewUser: true };
  try {
    return {
      user: await create(model, { ...fields, email: verifiedEmail, emailVerified: true }),
      isNewUser: true,
    };
  } catch (err) {
    // The address is held unverified (an app's own sign-up form): it grants nothing and must not
    // block its verified owner, so the user is created without it (DESIGN.md step 4).
    if (
      !isDuplicateKey(err) ||
      !(await model.exists({ email: verifiedEmail, emailVerified: { $ne: true } }))
    ) {
      throw err;
    }
    return { user: await create(model, { ...fields, emailVerified: false }), isNewUser: true };
  }
}

/**
 * One read for a first sign-in with an email: a disabled user holding this identity, else the user
 * holding the address verified. Only a holder whose address is verified counts (v2): an app's own
 * model may keep unverified sign-up emails, and landing in one is pre-account takeover (USENIX
 * Security 2022). Each branch matches at most one user (unique indexes); disabled ones sort first,
 * and either way a disabled match refuses the sign-in, as a disabled holder always did.
 */
async function disabledOrHolder(
  model: UserModel,
  matchIdentity: { $elemMatch: { provider: string; subject: string } },
  email: string,
): Promise<UserRecord | null> {
  const found = await model
    .findOne({
      $or: [
        { identities: matchIdentity, disabled: true },
        { email, emailVerified: true },
      ],
    })
    .sort({ disabled: -1 })
    .lean<UserRecord>();
  return found ? checkEnabled(found) : null;
}

async function create(model: UserModel, fields: Record<string, unknown>): Promise<UserRecord> {
  const created = await model.create(fields);
  return created.toObject() as UserRecord;
}

/**
 * DESIGN.md step 1: a known identity signs in in one round trip; only when its verified email
 * changed does `users.email` follow it, and an address the provider no longer vouches for stops
 * being the account's link key.
 */
async function signInKnownIdentity(
  model: UserModel,
  profile: VerifiedProfile,
  now: Date,
): Promise<UserRecord | null> {
  const { provider, subject, email, emailVerified, name, picture } = profile;
  const emailFields = email
    ? { 'identities.$.email': email, 'identities.$.emailVerified': emailVerified }
    : {};
  const before = await model
    .findOneAndUpdate(
      { identities: { $elemMatch: { provider, subject } }, disabled: { $ne: true } },
      {
        $set: {
          ...emailFields,
          'identities.$.lastLoginAt': now,
          lastLoginAt: now,
          ...(name ? { name } : {}),
          ...(picture ? { picture } : {}),
        },
      },
      { returnDocument: 'before' },
    )
    .lean<UserRecord>();
  if (!before) return null;
  const identities = (before.identities ?? []).map((known) =>
    known.provider === provider && known.subject === subject
      ? { ...known, lastLoginAt: now, ...(email ? { email, emailVerified } : {}) }
      : known,
  );
  const user: UserRecord = {
    ...before,
    identities,
    lastLoginAt: now,
    ...(name ? { name } : {}),
    ...(picture ? { picture } : {}),
  };
  const previous = before.identities?.find(
    (known) => known.provider === provider && known.subject === subject,
  );
  const vouchedBefore = previous?.emailVerified ? previous.email : undefined;
  const vouchedNow = email && emailVerified ? email : undefined;
  if (!email || vouchedBefore === vouchedNow) return user;
  if (user.email !== undefined && user.email !== vouchedBefore) return user;
  return followEmail(model, user, vouchedNow);
}

/** Moves `users.email` to `next` where no other user holds it, else keeps only a vouched-for address. */
async function followEmail(
  model: UserModel,
  user: UserRecord,
  next: string | undefined,
): Promise<UserRecord> {
  if (next) {
    try {
      const moved = await model
        .findOneAndUpdate(
          { _id: user._id, email: user.email ?? { $exists: false } },
          { $set: { email: next, emailVerified: true } },
          { returnDocument: 'after' },
        )
        .lean<UserRecord>();
      if (moved) return moved;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return (await dropUnvouchedEmail(model, user)) ?? user;
}

/**
 * Clears `users.email` unless one of the user's identities still vouches for it as verified:
 * the link key must always be an address a provider currently stands behind.
 */
export async function dropUnvouchedEmail(model: UserModel, user: UserRecord): Promise<UserRecord | null> {
  if (!user.email) return null;
  const vouched = (user.identities ?? []).some((known) => known.emailVerified && known.email === user.email);
  if (vouched) return null;
  return model
    .findOneAndUpdate(
      {
        _id: user._id,
        email: user.email,
        identities: { $not: { $elemMatch: { email: user.email, emailVerified: true } } },
      },
      { $unset: { email: 1 }, $set: { emailVerified: false } },
      { returnDocument: 'after' },
    )
    .lean<UserRecord>();
}

async function signupAllowed(options: UserOptions, profile: VerifiedProfile): Promise<boolean> {
  const { allowSignup = true } = options;
  return typeof allowSignup === 'function' ? (await allowSignup(profile)) === true : allowSignup;
}

function checkEnabled(user: UserRecord): UserRecord {
  if (user.disabled) throw new SignupNotAllowedError('This account is disabled.');
  return user;
}

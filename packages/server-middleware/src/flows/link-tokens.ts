import type { Model } from 'mongoose';
import { IdentityInUseError, InvalidRequestError } from '../errors';
import type { LinkTokenRecord } from '../sessions/models';
import { hashToken, newOpaqueToken } from '../sessions/secrets';
import { isDuplicateKey } from '../store/faults';
import { securityRead, securityWrite } from '../store/write-concern';
import type { SocialAuthUserIdentity, VerifiedProfile } from '../types';
import type { UserModel } from '../users/model';
import type { PendingLinks, UserRecord } from '../users/resolve';

/** At most ten minutes (DESIGN.md "Users and linking", step 3). */
export const LINK_TOKEN_TTL_SECONDS = 600;
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The identity a redeemed `linkToken` added to the signed-in user. */
export interface LinkedIdentity {
  provider: string;
  subject: string;
}

export interface LinkTokenService extends PendingLinks {
  /** Stores the pending identity for `userId` and returns the single-use token (256 random bits). */
  offer(userId: string, identity: SocialAuthUserIdentity): Promise<string>;
  /**
   * Completes a pending link for a sign-in that proved the target account with `proof`, one of
   * its own identities of another provider. Anything else is 400 `invalid_request` and links
   * nothing; the token is spent only by the one sign-in that links.
   */
  redeem(linkToken: unknown, proof: VerifiedProfile): Promise<{ userId: string; linked: LinkedIdentity }>;
}

const refused = () =>
  new InvalidRequestError(
    'The link token is invalid, expired or already used, or does not belong to this account.',
  );

/**
 * Pending links: a 409 `account_exists` offers a `linkToken` holding the verified new identity
 * and the existing account; proving that account with one of its providers links the identity.
 * Stored hashed with a TTL index; consumed with one atomic delete, so two concurrent sign-ins
 * with one token link at most once.
 *
 * @example
 * const linkTokens = createLinkTokenService(linkTokenModel(connection), User);
 * const { linked } = await linkTokens.redeem(readLinkToken(req.body), profileOfThisSignIn);
 */
export function createLinkTokenService(model: Model<LinkTokenRecord>, users: UserModel): LinkTokenService {
  return {
    async offer(userId, { provider, subject, email, emailVerified }) {
      const token = newOpaqueToken();
      await model.create({
        hash: hashToken(token),
        userId,
        identity: { provider, subject, emailVerified, ...(email ? { email } : {}) },
        expiresAt: new Date(Date.now() + LINK_TOKEN_TTL_SECONDS * 1000),
      });
      return token;
    },

    async redeem(linkToken, proof) {
      if (typeof linkToken !== 'string' || !LINK_TOKEN.test(linkToken)) throw refused();
      const hash = hashToken(linkToken);
      // TTL cleanup runs about once a minute, so expiry is checked on every read too.
      const live = { hash, expiresAt: { $gt: new Date() } };
      const pending = await model.findOne(live, null, securityRead(model.db)).lean<LinkTokenRecord>();
      // The pending provider cannot vouch for itself: the proof must be one the account already had.
      if (!pending || pending.identity.provider === proof.provider) throw refused();
      const target = await users
        .findOne({
          _id: pending.userId,
          disabled: { $ne: true },
          identities: { $elemMatch: { provider: proof.provider, subject: proof.subject } },
        })
        .lean<UserRecord>();
      if (!target) throw refused();
      // Majority on a replica set: a spent token must not come back to life after a failover.
      const spent = await model
        .findOneAndDelete({ ...live, userId: pending.userId }, securityWrite(model.db))
        .lean();
      if (!spent) throw refused();

      const { provider, subject, email, emailVerified } = pending.identity;
      const now = new Date();
      try {
        await users.updateOne(
          { _id: target._id, identities: { $not: { $elemMatch: { provider, subject } } } },
          {
            $push: {
              identities: {
                provider,
                subject,
                emailVerified,
                linkedAt: now,
                lastLoginAt: now,
                ...(email ? { email } : {}),
              },
            },
          },
        );
      } catch (err) {
        // Signed up on its own since the 409: it is someone else's now, and is never moved.
        if (isDuplicateKey(err)) throw new IdentityInUseError(undefined, { cause: err });
        throw err;
      }
      return { userId: pending.userId, linked: { provider, subject } };
    },
  };
}

/** Reads the optional `linkToken` of a sign-in body: absent, or a string checked by `redeem`. */
export function readLinkToken(body: Record<string, unknown>): string | undefined {
  const value = body.linkToken;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !LINK_TOKEN.test(value)) throw refused();
  return value;
}

import { randomUUID } from 'node:crypto';
import type { Model, mongo } from 'mongoose';
import { securityRead, securityWrite } from '../store/write-concern';
import type { SessionRecord } from './models';
import { userAgentLabel } from './user-agent';

/**
 * Where a session was started from. The raw header is reduced to a label before storage, and the
 * client address is not kept at all: a sessions list needs neither to be recognisable.
 */
export interface SessionMeta {
  userAgent?: string;
  /** The provider the session was started with, for the `signIn`/`signUp` event; not stored. */
  provider?: string;
}

export interface SessionService {
  /** Records a new session and returns its id (the refresh family id, the `sid` claim). */
  start(userId: string, familyExpiresAt: Date, meta?: SessionMeta): Promise<SessionRecord>;
  /**
   * Marks a session used now (on every refresh). A family from before sessions were recorded gets
   * its record here, so its access tokens keep passing revocation checks.
   */
  touch(sessionId: string, userId: string, familyExpiresAt: Date): Promise<void>;
  /** The user's sessions that are neither revoked nor past their absolute lifetime, newest use first. */
  list(userId: string): Promise<SessionRecord[]>;
  /**
   * Revokes one session (of `userId` when given) and returns it, or null when there was no such
   * active session. Its access tokens are refused from now on by revocation-checking guards.
   */
  revoke(sessionId: string, userId?: string): Promise<SessionRecord | null>;
  /** Revokes every active session of a user and returns them. */
  revokeUser(userId: string): Promise<SessionRecord[]>;
  /**
   * True when access tokens carrying this `sid` must be refused: the session was revoked, or no
   * longer exists (fail closed: the record outlives every access token it issued).
   */
  isRevoked(sessionId: string): Promise<boolean>;
}

/**
 * Signed-in devices, one per refresh family, stored in MongoDB so that every instance sees a
 * revocation at once (DESIGN.md "Many instances").
 *
 * @example
 * const sessions = createSessionService(sessionModel(mongoose.connection), { accessTokenTtl: 900 });
 * const { _id: sessionId } = await sessions.start(userId, familyExpiresAt, { userAgent });
 */
export function createSessionService(
  model: Model<SessionRecord>,
  config: { accessTokenTtl: number },
): SessionService {
  const active = () => ({ revokedAt: { $exists: false } });

  return {
    async start(userId, familyExpiresAt, meta = {}) {
      const now = new Date();
      const record: SessionRecord = {
        _id: randomUUID(),
        userId,
        createdAt: now,
        lastUsedAt: now,
        userAgent: userAgentLabel(meta.userAgent),
        familyExpiresAt,
        expiresAt: new Date(familyExpiresAt.getTime() + config.accessTokenTtl * 1000),
      };
      // A plain insert: the record is built here with its final types, so a mongoose document's
      // casting, defaults and validation would only cost CPU on every sign-in. A copy, since the
      // driver writes into the object it inserts.
      await (model.collection as unknown as mongo.Collection<SessionRecord>).insertOne({ ...record });
      return record;
    },

    async touch(sessionId, userId, familyExpiresAt) {
      const now = new Date();
      await model.updateOne(
        { _id: sessionId },
        {
          $set: { lastUsedAt: now },
          $setOnInsert: {
            userId,
            createdAt: now,
            userAgent: null,
            familyExpiresAt,
            expiresAt: new Date(familyExpiresAt.getTime() + config.accessTokenTtl * 1000),
          },
        },
        { upsert: true },
      );
    },

    async list(userId) {
      const sessions = await model
        .find({ userId, ...active(), familyExpiresAt: { $gt: new Date() } })
        .sort({ lastUsedAt: -1 })
        .lean<SessionRecord[]>();
      return sessions;
    },

    async revoke(sessionId, userId) {
      return model
        .findOneAndUpdate(
          { _id: sessionId, ...(userId === undefined ? {} : { userId }), ...active() },
          { $set: { revokedAt: new Date() } },
          { returnDocument: 'after', ...securityWrite(model.db) },
        )
        .lean<SessionRecord>();
    },

    async revokeUser(userId) {
      const sessions = await model
        .find({ userId, ...active() }, null, securityRead(model.db))
        .lean<SessionRecord[]>();
      if (sessions.length === 0) return [];
      const revokedAt = new Date();
      await model.updateMany({ userId, ...active() }, { $set: { revokedAt } }, securityWrite(model.db));
      return sessions.map((session) => ({ ...session, revokedAt }));
    },

    async isRevoked(sessionId) {
      return (
        (await model.exists({ _id: sessionId, ...active() }).setOptions(securityRead(model.db))) === null
      );
    },
  };
}

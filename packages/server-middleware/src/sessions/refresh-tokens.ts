import type { Model } from 'mongoose';
import { InvalidRefreshTokenError } from '../errors';
import type { EmitEvent } from '../events';
import { securityRead, securityWrite } from '../store/write-concern';
import type { RefreshTokenRecord, SessionRecord } from './models';
import { hashToken, newOpaqueToken, openSuccessor, sealSuccessor } from './secrets';
import type { SessionMeta, SessionService } from './sessions';

/** A refresh token and the session (refresh family) it belongs to. */
export interface IssuedRefreshToken {
  refreshToken: string;
  /** The family id: put it in the access token's `sid` claim. */
  sessionId: string;
}

export interface RefreshTokenService {
  /** Starts a new session (refresh family) for a user. */
  issue(userId: string, meta?: SessionMeta): Promise<IssuedRefreshToken>;
  /**
   * Rotates a token; throws `InvalidRefreshTokenError` and revokes the session, its access tokens
   * included, when a rotated token is reused.
   */
  rotate(token: string): Promise<IssuedRefreshToken & { userId: string }>;
  /**
   * Revokes the token's whole session, its access tokens included, and returns the session that
   * ended; unknown tokens are ignored (logout is idempotent).
   */
  revoke(token: string): Promise<SessionRecord | null>;
  /** Revokes one session, only when it belongs to `userId`; null when there was none to end. */
  revokeSession(sessionId: string, userId: string): Promise<SessionRecord | null>;
  /** Revokes every session of a user (e.g. when the user is disabled, or "sign out everywhere"). */
  revokeUser(userId: string): Promise<SessionRecord[]>;
}

export interface RefreshTokenConfig {
  refreshTokenTtl: number;
  reuseGraceSeconds: number;
}

/**
 * Opaque rotating refresh tokens (RFC 9700 §4.14): stored hashed, rotated on every use, a reused
 * rotated token revokes its family, and a family never outlives its absolute lifetime.
 *
 * @example
 * const refresh = createRefreshTokenService(refreshTokenModel(mongoose.connection), config);
 * const next = await refresh.rotate(req.body.refreshToken);
 */
export function createRefreshTokenService(
  model: Model<RefreshTokenRecord>,
  config: RefreshTokenConfig,
  sessions: SessionService,
  emit: EmitEvent = () => {},
): RefreshTokenService {
  // The session is marked first: from that write on, every instance refuses its access tokens.
  const revokeFamily = async (familyId: string, userId?: string) => {
    const session = await sessions.revoke(familyId, userId);
    if (userId !== undefined && !session) return null;
    await model.updateMany(
      { familyId, revokedAt: { $exists: false } },
      { $set: { revokedAt: new Date() } },
      securityWrite(model.db),
    );
    return session;
  };

  const store = async (token: string, userId: string, familyId: string, familyExpiresAt: Date) => {
    // A plain insert of a record whose types are already final (see sessions.ts `start`); `__v`
    // keeps the stored shape of a mongoose-created record.
    await model.collection.insertOne({
      hash: hashToken(token),
      userId,
      familyId,
      familyExpiresAt,
      expiresAt: familyExpiresAt,
      __v: 0,
    });
  };

  return {
    async issue(userId, meta) {
      const familyExpiresAt = new Date(Date.now() + config.refreshTokenTtl * 1000);
      const { _id: sessionId } = await sessions.start(userId, familyExpiresAt, meta);
      const refreshToken = newOpaqueToken();
      await store(refreshToken, userId, sessionId, familyExpiresAt);
      return { refreshToken, sessionId };
    },

    async rotate(token) {
      const hash = hashToken(token);
      const current = await model.findOne({ hash }, null, securityRead(model.db)).lean();
      const now = Date.now();
      if (!current || current.revokedAt || current.familyExpiresAt.getTime() <= now) {
        throw new InvalidRefreshTokenError();
      }
      const { userId, familyId, familyExpiresAt } = current;
      if (!current.rotatedAt) {
        const successor = newOpaqueToken();
        // The successor exists before the predecessor points at it, so a grace-window client never gets a dead token.
        await store(successor, userId, familyId, familyExpiresAt);
        const won = await model.findOneAndUpdate(
          { hash, rotatedAt: { $exists: false }, revokedAt: { $exists: false } },
          { $set: { rotatedAt: new Date(now), successor: sealSuccessor(token, successor) } },
          securityWrite(model.db),
        );
        if (won) {
          await sessions.touch(familyId, userId, familyExpiresAt);
          return { userId, refreshToken: successor, sessionId: familyId };
        }
        await model.deleteOne({ hash: hashToken(successor) });
        return this.rotate(token);
      }
      const withinGrace = now - current.rotatedAt.getTime() <= config.reuseGraceSeconds * 1000;
      const successor =
        withinGrace && current.successor ? openSuccessor(token, current.successor) : undefined;
      if (successor) return { userId, refreshToken: successor, sessionId: familyId };
      const session = await revokeFamily(familyId);
      emit({ type: 'reuseDetected', userId, sessionId: familyId, userAgent: session?.userAgent });
      throw new InvalidRefreshTokenError('The refresh token was already used; the session is revoked.');
    },

    async revoke(token) {
      const found = await model
        .findOne({ hash: hashToken(token) }, { familyId: 1 }, securityRead(model.db))
        .lean();
      return found ? revokeFamily(found.familyId) : null;
    },

    async revokeSession(sessionId, userId) {
      return revokeFamily(sessionId, userId);
    },

    async revokeUser(userId) {
      const ended = await sessions.revokeUser(userId);
      await model.updateMany(
        { userId, revokedAt: { $exists: false } },
        { $set: { revokedAt: new Date() } },
        securityWrite(model.db),
      );
      return ended;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { InvalidRefreshTokenError } from '../errors';
import type { RefreshTokenRecord } from './models';
import { hashToken, newOpaqueToken, openSuccessor, sealSuccessor } from './secrets';

export interface RefreshTokenService {
  /** Starts a new family for a user. */
  issue(userId: string): Promise<string>;
  /** Rotates a token; throws `InvalidRefreshTokenError` and revokes the family on reuse. */
  rotate(token: string): Promise<{ userId: string; refreshToken: string }>;
  /** Revokes the token's whole family; unknown tokens are ignored (logout is idempotent). */
  revoke(token: string): Promise<void>;
  /** Revokes every family of a user (e.g. when the user is disabled). */
  revokeUser(userId: string): Promise<void>;
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
): RefreshTokenService {
  const revokeFamily = async (familyId: string) => {
    await model.updateMany({ familyId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
  };

  const store = async (token: string, userId: string, familyId: string, familyExpiresAt: Date) => {
    await model.create({
      hash: hashToken(token),
      userId,
      familyId,
      familyExpiresAt,
      expiresAt: familyExpiresAt,
    });
  };

  return {
    async issue(userId) {
      const token = newOpaqueToken();
      await store(token, userId, randomUUID(), new Date(Date.now() + config.refreshTokenTtl * 1000));
      return token;
    },

    async rotate(token) {
      const hash = hashToken(token);
      const current = await model.findOne({ hash }).lean();
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
        );
        if (won) return { userId, refreshToken: successor };
        await model.deleteOne({ hash: hashToken(successor) });
        return this.rotate(token);
      }
      const withinGrace = now - current.rotatedAt.getTime() <= config.reuseGraceSeconds * 1000;
      const successor =
        withinGrace && current.successor ? openSuccessor(token, current.successor) : undefined;
      if (successor) return { userId, refreshToken: successor };
      await revokeFamily(familyId);
      throw new InvalidRefreshTokenError('The refresh token was already used; the session is revoked.');
    },

    async revoke(token) {
      const found = await model.findOne({ hash: hashToken(token) }, { familyId: 1 }).lean();
      if (found) await revokeFamily(found.familyId);
    },

    async revokeUser(userId) {
      await model.updateMany({ userId, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
    },
  };
}

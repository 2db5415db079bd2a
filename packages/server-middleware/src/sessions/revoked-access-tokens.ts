import type { Model } from 'mongoose';
import { isDuplicateKey } from '../store/faults';
import { securityRead, securityWrite } from '../store/write-concern';
import type { AccessTokenClaims } from '../types';
import type { RevokedAccessTokenRecord } from './models';

export interface RevokedAccessTokenService {
  /** Refuses the token from now until its `exp`; revoking twice is harmless. */
  revoke(claims: Pick<AccessTokenClaims, 'jti' | 'exp'>): Promise<void>;
  /** One indexed lookup by `jti`. */
  isRevoked(jti: string): Promise<boolean>;
}

/**
 * The deny-list that lets sign-out end an access token before its `exp` (RFC 7009 §2.2 allows
 * revoking access tokens; a JWT alone cannot be recalled). Entries carry the token's `exp` and a
 * TTL index removes them once the token would have been refused anyway, so the list stays small.
 *
 * @example
 * const revoked = createRevokedAccessTokenService(revokedAccessTokenModel(mongoose.connection));
 * await revoked.revoke(accessTokens.verify(token));
 * if (await revoked.isRevoked(req.auth.claims.jti)) res.status(401).end();
 */
export function createRevokedAccessTokenService(
  model: Model<RevokedAccessTokenRecord>,
): RevokedAccessTokenService {
  return {
    async revoke({ jti, exp }) {
      const expiresAt = new Date(exp * 1000);
      // An expired token is refused already; there is nothing left to revoke.
      if (expiresAt.getTime() <= Date.now()) return;
      try {
        await model.updateOne(
          { jti },
          { $setOnInsert: { expiresAt } },
          { upsert: true, ...securityWrite(model.db) },
        );
      } catch (err) {
        // Two sign-outs with one token at once: the other one recorded it.
        if (!isDuplicateKey(err)) throw err;
      }
    },
    async isRevoked(jti) {
      return (await model.exists({ jti }).setOptions(securityRead(model.db))) !== null;
    },
  };
}

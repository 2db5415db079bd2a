import type { Model } from 'mongoose';
import { securityWrite } from '../store/write-concern';
import type { NonceRecord } from './models';
import { newOpaqueToken } from './secrets';

export interface NonceService {
  issue(): Promise<{ nonce: string; expiresIn: number }>;
  /** True exactly once per issued, unexpired nonce, even under concurrent replays. */
  consume(nonce: string): Promise<boolean>;
}

/**
 * Server-issued one-time nonces for ID tokens that come through the browser (OIDC Core §3.1.2.1, §15.5.2): a captured
 * ID token cannot be replayed because its nonce is deleted atomically on first use.
 *
 * @example
 * const nonces = createNonceService(nonceModel(mongoose.connection), 600);
 * if (!(await nonces.consume(claims.nonce))) throw new InvalidTokenError();
 */
export function createNonceService(model: Model<NonceRecord>, ttlSeconds: number): NonceService {
  return {
    async issue() {
      const nonce = newOpaqueToken();
      await model.create({ value: nonce, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
      return { nonce, expiresIn: ttlSeconds };
    },
    async consume(nonce) {
      // TTL cleanup runs about once a minute, so expiry is checked here too.
      // Majority on a replica set: a use acknowledged by the primary alone could roll back on failover.
      const found = await model
        .findOneAndDelete({ value: nonce, expiresAt: { $gt: new Date() } }, securityWrite(model.db))
        .lean();
      return found !== null;
    },
  };
}

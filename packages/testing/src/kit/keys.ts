import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomBytes(20).toString('hex'), privateKey, publicKey };
}

/** The fake's RSA keys: one published, one that never is (for "signed by someone else"). */
export function createKeyRing() {
  let current = newKey();
  let other: SigningKey | undefined;
  return {
    get current() {
      return current;
    },
    get other() {
      other ??= newKey();
      return other;
    },
    rotate() {
      current = newKey();
    },
    jwks(): { keys: Record<string, unknown>[] } {
      const jwk = current.publicKey.export({ format: 'jwk' });
      return { keys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: current.kid }] };
    },
  };
}

export type KeyRing = ReturnType<typeof createKeyRing>;

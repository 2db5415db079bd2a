import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/** The JWS algorithms the fakes sign ID tokens with. */
export type SigningAlg = 'RS256' | 'ES256';

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface KeyRingOptions {
  /** @default 'RS256' */
  alg?: SigningAlg;
  /** Makes a key id; Google uses 40 hex characters, Apple 10 characters. */
  kid?: () => string;
  /** Keep the previous key published after `rotate()` (a provider's overlap window). @default false */
  keepPrevious?: boolean;
}

export function newSigningKey(alg: SigningAlg, kid: string): SigningKey {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

/** The public half of `key` as a JWK with `kid`, `use` and (unless `withAlg` is false) `alg`. */
export function publicJwk(key: SigningKey, withAlg = true): Record<string, unknown> {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { ...jwk, ...(withAlg ? { alg: key.alg } : {}), use: 'sig', kid: key.kid };
}

/** A fake's signing keys: the published ones, and one that never is (for "signed by someone else"). */
export function createKeyRing(options: KeyRingOptions = {}) {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid ?? (() => randomBytes(20).toString('hex'));
  // Generated on first use: a fake a test never asks for a token costs no RSA key generation.
  let current: SigningKey | undefined;
  let previous: SigningKey | undefined;
  let other: SigningKey | undefined;
  return {
    alg,
    get current(): SigningKey {
      current ??= newSigningKey(alg, kid());
      return current;
    },
    /** The key `rotate()` replaced, while still published (`keepPrevious`). */
    get previous() {
      return previous;
    },
    get other() {
      other ??= newSigningKey(alg, kid());
      return other;
    },
    rotate() {
      previous = options.keepPrevious ? this.current : undefined;
      current = newSigningKey(alg, kid());
    },
    /** Stops publishing the key `rotate()` replaced. */
    retirePrevious() {
      previous = undefined;
    },
    published(): SigningKey[] {
      return previous ? [this.current, previous] : [this.current];
    },
    jwks(): { keys: Record<string, unknown>[] } {
      return { keys: this.published().map((key) => publicJwk(key)) };
    },
  };
}

export type KeyRing = ReturnType<typeof createKeyRing>;

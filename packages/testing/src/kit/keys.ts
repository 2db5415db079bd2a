import { generateKeyPair, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

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

const generateAsync = promisify(generateKeyPair);

export function newSigningKey(alg: SigningAlg, kid: string): SigningKey {
  const pair =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

/** Like `newSigningKey`, off the event loop: an RSA key takes long enough to stall a busy test run. */
export async function newSigningKeyAsync(alg: SigningAlg, kid: string): Promise<SigningKey> {
  const pair =
    alg === 'ES256'
      ? await generateAsync('ec', { namedCurve: 'P-256' })
      : await generateAsync('rsa', { modulusLength: 2048 });
  return { kid, alg, ...pair };
}

/** The public half of `key` as a JWK with `kid`, `use` and (unless `withAlg` is false) `alg`. */
export function publicJwk(key: SigningKey, withAlg = true): Record<string, unknown> {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { ...jwk, ...(withAlg ? { alg: key.alg } : {}), use: 'sig', kid: key.kid };
}

/**
 * A fake's signing keys: the published ones, and one that never is (for "signed by someone else").
 * Keys are made on first use, so a fake no test signs with costs no key generation; code that can
 * wait calls `ready()` first, which makes them without blocking the event loop.
 */
export function createKeyRing(options: KeyRingOptions = {}) {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid ?? (() => randomBytes(20).toString('hex'));
  let current: SigningKey | undefined;
  let previous: SigningKey | undefined;
  let other: SigningKey | undefined;
  let making: Promise<void> | undefined;
  let makingOther: Promise<void> | undefined;
  return {
    alg,
    /** Makes the current key (and, with `withOther`, the unpublished one) if missing. */
    async ready(withOther = false): Promise<void> {
      if (!current) {
        making ??= newSigningKeyAsync(alg, kid()).then((key) => {
          current ??= key;
        });
        await making;
      }
      if (withOther && !other) {
        makingOther ??= newSigningKeyAsync(alg, kid()).then((key) => {
          other ??= key;
        });
        await makingOther;
      }
    },
    get current(): SigningKey {
      current ??= newSigningKey(alg, kid());
      return current;
    },
    /** The key `rotate()` replaced, while still published (`keepPrevious`). */
    get previous() {
      return previous;
    },
    get other(): SigningKey {
      other ??= newSigningKey(alg, kid());
      return other;
    },
    async rotate(): Promise<void> {
      await this.ready();
      const next = await newSigningKeyAsync(alg, kid());
      previous = options.keepPrevious ? current : undefined;
      current = next;
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

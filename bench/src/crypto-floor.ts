import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

function parts(token: string): { signingInput: string; signature: Buffer } {
  const lastDot = token.lastIndexOf('.');
  return {
    signingInput: token.slice(0, lastDot),
    signature: Buffer.from(token.slice(lastDot + 1), 'base64url'),
  };
}

/**
 * The least any HS256 verifier must do: split, decode the signature, HMAC the signing input with a
 * prepared key and compare in constant time. No claim checks.
 *
 * @example
 * const check = hs256Floor(createSecretKey(Buffer.from(secret)));
 * check(token); // true
 */
export function hs256Floor(key: KeyObject): (token: string) => boolean {
  return (token) => {
    const { signingInput, signature } = parts(token);
    const expected = createHmac('sha256', key).update(signingInput).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  };
}

/**
 * The least any RS256 verifier must do: one `crypto.verify` with a key parsed ahead of time.
 *
 * @example
 * const check = rs256Floor(createPublicKey({ key: jwk, format: 'jwk' }));
 */
export function rs256Floor(key: KeyObject): (token: string) => boolean {
  return (token) => {
    const { signingInput, signature } = parts(token);
    return verify('sha256', Buffer.from(signingInput), key, signature);
  };
}

/** The public key a JWKS publishes under `kid`, parsed once. */
export function keyFromJwks(jwks: { keys: Record<string, unknown>[] }, kid: string): KeyObject {
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in the JWKS`);
  return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
}

/** The `kid` of a JWT's header. */
export function kidOf(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
  return String(header.kid);
}

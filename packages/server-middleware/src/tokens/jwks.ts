import { createHash, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface PublicJwk extends JsonWebKey {
  kid: string;
  alg: string;
  use: 'sig';
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/** The public half of an asymmetric signing key as a JWK; `kid` defaults to its RFC 7638 thumbprint. */
export function publicJwk(publicKey: KeyObject, alg: string, kid?: string): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' });
  const { kty, n, e, crv, x, y } = jwk;
  const fields = kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y };
  return { ...fields, kid: kid ?? thumbprint(jwk), alg, use: 'sig' };
}

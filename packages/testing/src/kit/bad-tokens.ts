import { hs256Jwt, type MintOptions, nowSeconds, unsignedJwt } from './jwt';
import type { KeyRing } from './keys';

type Claims = Record<string, unknown>;

/** ID tokens a correct verifier must refuse, each wrong in exactly one way; every one takes claim overrides. */
export interface BadIdTokens<C extends object = Claims> {
  /** `aud` names another app. */
  wrongAudience(claims?: Partial<C>): Promise<string>;
  /** `iss` is `https://evil.example` (pass `{ iss }` for look-alikes). */
  wrongIssuer(claims?: Partial<C>): Promise<string>;
  /** Expired ten minutes ago (well beyond any clock skew). */
  expired(claims?: Partial<C>): Promise<string>;
  /** Issued and valid only from ten minutes in the future. */
  notYetValid(claims?: Partial<C>): Promise<string>;
  /** No `exp` claim at all. */
  noExpiry(claims?: Partial<C>): Promise<string>;
  /** Unsigned: `alg: none` and an empty signature. */
  algNone(claims?: Partial<C>): string;
  /** HS256 with the published public key (PEM) as the HMAC secret: the key-confusion attack. */
  hs256WithPublicKey(claims?: Partial<C>): Promise<string>;
  /** Signed with the real key under an algorithm the issuer does not use (RS512; ES256 issuers: RS256 by another key). */
  unexpectedAlg(claims?: Partial<C>): Promise<string>;
  /** Signed by an unpublished key under a `kid` the JWKS does not have. */
  unknownKid(claims?: Partial<C>): Promise<string>;
  /** Signed by an unpublished key but claiming the current `kid`. */
  wrongKey(claims?: Partial<C>): Promise<string>;
  /** A valid token with one signature character changed. */
  tamperedSignature(claims?: Partial<C>): Promise<string>;
  /** A valid token whose payload was swapped for `claims` (default: another email) after signing. */
  tamperedPayload(claims?: Partial<C>): Promise<string>;
  /** Validly signed, with a `jku` header inviting the verifier to fetch keys from elsewhere. */
  jkuHeader(claims?: Partial<C>): Promise<string>;
}

export interface BadTokenParts {
  keys: KeyRing;
  /** The provider's default claims with overrides applied. */
  claimsFor(claims?: Claims): Claims;
  mint(claims?: Claims, opts?: MintOptions): Promise<string>;
  /** Claims that make the audience someone else's. */
  otherAudience: Claims;
}

/** The provider-independent bad ID tokens, for a fake's `bad` member. */
export function createBadIdTokens<C extends object>(parts: BadTokenParts): BadIdTokens<C> {
  const { keys, claimsFor, mint } = parts;
  const header = () => ({ typ: 'JWT', kid: keys.current.kid });
  return {
    wrongAudience: (c) => mint({ ...parts.otherAudience, ...c }),
    wrongIssuer: (c) => mint({ iss: 'https://evil.example', ...c }),
    expired: (c) => mint({ iat: nowSeconds() - 4200, exp: nowSeconds() - 600, ...c }),
    notYetValid: (c) =>
      mint({ iat: nowSeconds() + 600, nbf: nowSeconds() + 600, exp: nowSeconds() + 4200, ...c }),
    noExpiry: (c) => mint({ exp: undefined, ...c }),
    algNone: (c) => `${unsignedJwt({ ...header(), alg: 'none' }, claimsFor(c))}.`,
    hs256WithPublicKey: async (c) => {
      await keys.ready();
      return hs256Jwt(header(), claimsFor(c), keys.current.publicKey.export({ format: 'pem', type: 'spki' }));
    },
    unexpectedAlg: (c) => mint(c, keys.alg === 'RS256' ? { alg: 'RS512' } : { alg: 'RS256' }),
    unknownKid: (c) => mint(c, { key: 'other', kid: 'unknown-kid-0000' }),
    wrongKey: (c) => mint(c, { key: 'other' }),
    tamperedSignature: async (c) => {
      const token = await mint(c);
      const cut = token.lastIndexOf('.') + 5;
      const flipped = token[cut] === 'A' ? 'B' : 'A';
      return `${token.slice(0, cut)}${flipped}${token.slice(cut + 1)}`;
    },
    tamperedPayload: async (c) => {
      const [head, , signature] = (await mint()).split('.');
      const payload = unsignedJwt({}, claimsFor({ email: 'mallory@example.com', ...c })).split('.')[1];
      return `${head}.${payload}.${signature}`;
    },
    jkuHeader: (c) => mint(c, { header: { jku: 'https://evil.example/jwks.json' } }),
  };
}

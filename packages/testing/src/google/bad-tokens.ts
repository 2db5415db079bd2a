import { createHmac } from 'node:crypto';
import { nowSeconds } from './id-token';
import type { KeyRing } from './keys';
import type { GoogleIdClaims, MintOptions } from './types';

type Claims = Partial<GoogleIdClaims>;
type Mint = (claims?: Claims, opts?: MintOptions) => Promise<string>;

/** ID tokens a correct verifier must refuse, each wrong in exactly one way. */
export interface GoogleBadTokens {
  /** `aud` and `azp` name another app. */
  wrongAudience(claims?: Claims): Promise<string>;
  /** `aud` is ours but `azp` names another app. */
  wrongAuthorizedParty(claims?: Claims): Promise<string>;
  /** Expired ten minutes ago (well beyond any clock skew). */
  expired(claims?: Claims): Promise<string>;
  /** Issued and valid only from ten minutes in the future. */
  notYetValid(claims?: Claims): Promise<string>;
  /** `iss` is `https://evil.example` (pass `{ iss }` for look-alikes such as `http://accounts.google.com`). */
  wrongIssuer(claims?: Claims): Promise<string>;
  /** `email_verified: false`. */
  unverifiedEmail(claims?: Claims): Promise<string>;
  /** Unsigned: `alg: none` and an empty signature. */
  algNone(claims?: Claims): string;
  /** HS256 with the published RSA public key (PEM) as the HMAC secret: the key-confusion attack. */
  hs256WithPublicKey(claims?: Claims): Promise<string>;
  /** RS512 with the real key: a verifier pinned to RS256 must refuse it. */
  unexpectedAlg(claims?: Claims): Promise<string>;
  /** Signed by an unpublished key under a `kid` the JWKS does not have. */
  unknownKid(claims?: Claims): Promise<string>;
  /** Signed by an unpublished key but claiming the current `kid`. */
  wrongKey(claims?: Claims): Promise<string>;
  /** A valid token with one signature character changed. */
  tamperedSignature(claims?: Claims): Promise<string>;
  /** A valid token whose payload was swapped for `claims` (default: another email) after signing. */
  tamperedPayload(claims?: Claims): Promise<string>;
  /** Validly signed, with a `jku` header inviting the verifier to fetch keys from elsewhere. */
  jkuHeader(claims?: Claims): Promise<string>;
  /** No `exp` claim at all. */
  noExpiry(claims?: Claims): Promise<string>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function createBadTokens(
  keys: KeyRing,
  clientId: string,
  claimsFor: (c?: Claims) => Record<string, unknown>,
  mint: Mint,
): GoogleBadTokens {
  const unsigned = (header: object, claims?: Claims) =>
    `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claimsFor(claims)))}`;

  return {
    wrongAudience: (c) =>
      mint({
        aud: 'other-app.apps.googleusercontent.com',
        azp: 'other-app.apps.googleusercontent.com',
        ...c,
      }),
    wrongAuthorizedParty: (c) => mint({ aud: clientId, azp: 'other-app.apps.googleusercontent.com', ...c }),
    expired: (c) => mint({ iat: nowSeconds() - 4200, exp: nowSeconds() - 600, ...c }),
    notYetValid: (c) =>
      mint({ iat: nowSeconds() + 600, nbf: nowSeconds() + 600, exp: nowSeconds() + 4200, ...c }),
    wrongIssuer: (c) => mint({ iss: 'https://evil.example', ...c }),
    unverifiedEmail: (c) => mint({ email_verified: false, ...c }),
    algNone: (c) => `${unsigned({ alg: 'none', typ: 'JWT', kid: keys.current.kid }, c)}.`,
    hs256WithPublicKey: async (c) => {
      const input = unsigned({ alg: 'HS256', typ: 'JWT', kid: keys.current.kid }, c);
      const secret = keys.current.publicKey.export({ format: 'pem', type: 'spki' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    },
    unexpectedAlg: (c) => mint(c, { alg: 'RS512' }),
    unknownKid: (c) => mint(c, { key: 'other', kid: 'unknown-kid-0000' }),
    wrongKey: (c) => mint(c, { key: 'other' }),
    tamperedSignature: async (c) => {
      const token = await mint(c);
      const cut = token.lastIndexOf('.') + 5;
      const flipped = token[cut] === 'A' ? 'B' : 'A';
      return `${token.slice(0, cut)}${flipped}${token.slice(cut + 1)}`;
    },
    tamperedPayload: async (c) => {
      const [header, , signature] = (await mint()).split('.');
      const payload = base64url(JSON.stringify(claimsFor({ email: 'mallory@example.com', ...c })));
      return `${header}.${payload}.${signature}`;
    },
    jkuHeader: (c) => mint(c, { header: { jku: 'https://evil.example/jwks.json' } }),
    noExpiry: (c) => mint({ exp: undefined, ...c }),
  };
}

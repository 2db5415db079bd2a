import { type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ResolvedTokenKey, ResolvedTokens } from '../config/tokens';
import { InvalidTokenError, TokenExpiredError } from '../errors';
import type { AccessTokenClaims } from '../types';
import { createHs256Verifier } from './hs256';
import { type PublicJwk, publicJwk } from './jwks';

/** RFC 9068 media type: keeps ID tokens and other JWTs from passing as our access tokens. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface SignOptions {
  /** The session (refresh-token family) id, carried as `sid`. */
  sessionId?: string;
}

export interface AccessTokenService {
  /**
   * Signs an access token for a user id; `sessionId` (the refresh family) becomes the `sid` claim,
   * so revoking the session can refuse its access tokens.
   */
  sign(userId: string, options?: SignOptions): { token: string; expiresIn: number };
  /**
   * Verifies signature, alg, typ, iss, aud, exp and sub; throws `InvalidTokenError`/`TokenExpiredError`.
   * `ignoreExpiration` still checks everything else: for sign-out, where an expired token is fine.
   */
  verify(token: string, options?: { ignoreExpiration?: boolean }): AccessTokenClaims;
  /** Every asymmetric key's public half for `/.well-known/jwks.json`, or undefined when all are HS256. */
  jwks(): { keys: PublicJwk[] } | undefined;
}

interface KeyInUse {
  kid: string | undefined;
  algorithm: ResolvedTokenKey['algorithm'];
  signingKey?: KeyObject;
  verifyKey: KeyObject;
  jwk?: PublicJwk;
}

function keyInUse(key: ResolvedTokenKey): KeyInUse {
  if (key.algorithm === 'HS256') return { ...key };
  // A single asymmetric key gets its thumbprint as `kid`, so verifiers can cache it by id.
  const jwk = publicJwk(key.verifyKey, key.algorithm, key.kid);
  return { ...key, kid: jwk.kid, jwk };
}

function invalid(cause?: unknown): never {
  throw new InvalidTokenError('The access token is invalid.', cause === undefined ? undefined : { cause });
}

/**
 * Builds the access-token service; keys are prepared once, never per request. The first key
 * signs and names itself in the `kid` header; a token is verified only with the key its `kid`
 * names, with that key's algorithm (RFC 8725 §3.1: the header never picks the algorithm).
 * Tokens without `kid` (signed with a single `secret`) are tried against the HS256 keys.
 *
 * @example
 * const tokens = createAccessTokenService(resolveTokens({ secret: process.env.API_TOKEN_SECRET }));
 * const { token } = tokens.sign(user.id, { sessionId: family });
 */
export function createAccessTokenService(config: ResolvedTokens): AccessTokenService {
  const { issuer, audience, accessTokenTtl } = config;
  const keys = config.keys.map(keyInUse);
  const signer = keys[0] as KeyInUse;
  const signingKey = signer.signingKey as KeyObject;
  const header = {
    alg: signer.algorithm,
    typ: ACCESS_TOKEN_TYP,
    ...(signer.kid === undefined ? {} : { kid: signer.kid }),
  };
  const byKid = new Map(keys.flatMap((key) => (key.kid === undefined ? [] : [[key.kid, key] as const])));
  const hs256Keys = keys.filter((key) => key.algorithm === 'HS256');
  // Our own HS256 headers, byte for byte, take the node:crypto path (see hs256.ts).
  const fastPaths = new Map(
    hs256Keys.map((key) => {
      const verifier = createHs256Verifier({
        key: key.verifyKey,
        issuer,
        audience,
        typ: ACCESS_TOKEN_TYP,
        kid: key.kid,
      });
      return [verifier.headerSegment, verifier] as const;
    }),
  );
  const publicKeys = keys.flatMap((key) => (key.jwk ? [key.jwk] : []));

  function verifyWith(key: KeyInUse, token: string, ignoreExpiration: boolean): jwt.Jwt {
    try {
      return jwt.verify(token, key.verifyKey, {
        algorithms: [key.algorithm],
        issuer,
        audience,
        ignoreExpiration,
        complete: true,
      });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new TokenExpiredError({ cause: err });
      return invalid(err);
    }
  }

  /** Only the header picks the key; jsonwebtoken then parses and checks the whole token once. */
  function headerOf(token: string): Record<string, unknown> {
    const dot = token.indexOf('.');
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    } catch (err) {
      invalid(err);
    }
    if (dot <= 0 || typeof header !== 'object' || header === null || Array.isArray(header)) invalid();
    return header as Record<string, unknown>;
  }

  function verifyGeneral(token: string, ignoreExpiration: boolean): AccessTokenClaims {
    const { kid, typ, alg } = headerOf(token);
    if (typ !== ACCESS_TOKEN_TYP) invalid();
    let verified: jwt.Jwt | undefined;
    if (kid !== undefined) {
      const key = typeof kid === 'string' ? byKid.get(kid) : undefined;
      if (!key) invalid();
      verified = verifyWith(key, token, ignoreExpiration);
    } else {
      if (alg !== 'HS256' || hs256Keys.length === 0) invalid();
      let lastError: unknown;
      for (const key of hs256Keys) {
        try {
          verified = verifyWith(key, token, ignoreExpiration);
          break;
        } catch (err) {
          if (err instanceof TokenExpiredError) throw err;
          lastError = err;
        }
      }
      if (!verified) throw lastError;
    }
    if (typeof verified.payload === 'string') invalid();
    const claims = verified.payload as Partial<AccessTokenClaims>;
    const { exp, sub, jti, sid } = claims;
    // Every token we sign has a `jti`; sign-out revocation is keyed by it (and by `sid` when present).
    if (
      typeof exp !== 'number' ||
      typeof sub !== 'string' ||
      sub === '' ||
      typeof jti !== 'string' ||
      (sid !== undefined && typeof sid !== 'string')
    ) {
      invalid();
    }
    return claims as AccessTokenClaims;
  }

  return {
    sign(userId, { sessionId } = {}) {
      const token = jwt.sign(sessionId === undefined ? {} : { sid: sessionId }, signingKey, {
        algorithm: signer.algorithm,
        header,
        issuer,
        audience,
        subject: userId,
        jwtid: randomUUID(),
        expiresIn: accessTokenTtl,
      });
      return { token, expiresIn: accessTokenTtl };
    },

    verify(token, { ignoreExpiration = false } = {}) {
      if (typeof token !== 'string') invalid();
      const dot = token.indexOf('.');
      const fast = dot > 0 ? fastPaths.get(token.slice(0, dot))?.(token, ignoreExpiration) : undefined;
      return fast ?? verifyGeneral(token, ignoreExpiration);
    },

    jwks: () => (publicKeys.length > 0 ? { keys: publicKeys } : undefined),
  };
}

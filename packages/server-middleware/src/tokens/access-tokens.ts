import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ResolvedTokens } from '../config/tokens';
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
  /** Public keys for `/.well-known/jwks.json`, or undefined for HS256. */
  jwks(): { keys: PublicJwk[] } | undefined;
}

/**
 * Builds the access-token service; keys are prepared once, never per request.
 *
 * @example
 * const tokens = createAccessTokenService(resolveTokens({ secret: process.env.API_TOKEN_SECRET }));
 * const { token } = tokens.sign(user.id, { sessionId: family });
 */
export function createAccessTokenService(config: ResolvedTokens): AccessTokenService {
  const { algorithm, signingKey, verifyKey, issuer, audience, accessTokenTtl } = config;
  const jwk = algorithm === 'HS256' ? undefined : publicJwk(verifyKey, algorithm);
  const header = { alg: algorithm, typ: ACCESS_TOKEN_TYP, ...(jwk ? { kid: jwk.kid } : {}) };
  const verifyFast =
    algorithm === 'HS256'
      ? createHs256Verifier({ key: verifyKey, issuer, audience, typ: ACCESS_TOKEN_TYP })
      : undefined;

  return {
    sign(userId, { sessionId } = {}) {
      const token = jwt.sign(sessionId === undefined ? {} : { sid: sessionId }, signingKey, {
        algorithm,
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
      // Our own HS256 header takes the node:crypto path (see hs256.ts); anything else, jsonwebtoken.
      const fast = verifyFast?.(token, ignoreExpiration);
      if (fast) return fast;
      let decoded: jwt.Jwt;
      try {
        decoded = jwt.verify(token, verifyKey, {
          algorithms: [algorithm],
          issuer,
          audience,
          ignoreExpiration,
          complete: true,
        });
      } catch (err) {
        if (err instanceof jwt.TokenExpiredError) throw new TokenExpiredError({ cause: err });
        throw new InvalidTokenError('The access token is invalid.', { cause: err });
      }
      const claims = decoded.payload as Partial<AccessTokenClaims>;
      if (decoded.header.typ !== ACCESS_TOKEN_TYP)
        throw new InvalidTokenError('The access token is invalid.');
      const { exp, sub, jti, sid } = claims;
      // Every token we sign has a `jti`; sign-out revocation is keyed by it (and by `sid` when present).
      if (
        typeof exp !== 'number' ||
        typeof sub !== 'string' ||
        sub === '' ||
        typeof jti !== 'string' ||
        (sid !== undefined && typeof sid !== 'string')
      ) {
        throw new InvalidTokenError('The access token is invalid.');
      }
      return claims as AccessTokenClaims;
    },

    jwks: () => (jwk ? { keys: [jwk] } : undefined),
  };
}

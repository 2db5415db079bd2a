import type { AccessTokenClaims } from '../types';
import type { RevokedAccessTokenService } from './revoked-access-tokens';
import type { SessionService } from './sessions';

/**
 * The check behind `requireAuth({ checkRevoked: true })`: an access token is refused when its
 * session (`sid`) was revoked — logout, reuse detection, `DELETE /sessions/:id`, logout-all, a
 * disabled user — or when its own `jti` was signed out. Both live in MongoDB, so every instance
 * agrees (DESIGN.md "Revocation (v2)").
 *
 * @example
 * const isRevoked = revocationCheck(sessions, revokedAccessTokens);
 * if (await isRevoked(claims)) throw new InvalidTokenError();
 */
export function revocationCheck(
  sessions: SessionService,
  revokedAccessTokens: RevokedAccessTokenService,
): (claims: AccessTokenClaims) => Promise<boolean> {
  return async (claims) => {
    const sid = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : undefined;
    const [sessionRevoked, tokenRevoked] = await Promise.all([
      sid ? sessions.isRevoked(sid) : false,
      revokedAccessTokens.isRevoked(claims.jti),
    ]);
    return sessionRevoked || tokenRevoked;
  };
}

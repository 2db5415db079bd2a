import { InvalidTokenError } from '../errors';
import type { AccessTokenClaims } from '../types';

/** What a logout needs; every store call arrives already bounded in time. */
export interface LogoutDeps {
  /** Revokes the refresh token's whole session; unknown tokens are ignored. */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** The claims of an access token we signed (expired is fine), else undefined. */
  genuineClaims(accessToken: string): AccessTokenClaims | undefined;
  revokeAccessToken(claims: AccessTokenClaims): Promise<void>;
  /** The user of an access token we signed that is neither expired nor revoked, else undefined. */
  activeUserId(accessToken: string): Promise<string | undefined>;
  /** Ends every session of the user, access tokens included. */
  endAllSessions(userId: string): Promise<void>;
}

export interface LogoutRequest {
  refreshToken?: string;
  accessToken?: string;
  /** `{all:true}`: sign out everywhere; needs a valid bearer. */
  all?: boolean;
}

/**
 * Ends a session, idempotently. Only an access token we signed may be revoked: a forged one must
 * not plant a `jti`.
 */
export async function logout(deps: LogoutDeps, request: LogoutRequest): Promise<void> {
  if (request.all) {
    // Ending every session is decided by a live access token only: an expired or revoked one proves nothing.
    const userId =
      request.accessToken === undefined ? undefined : await deps.activeUserId(request.accessToken);
    if (!userId) throw new InvalidTokenError('Signing out everywhere needs a valid bearer access token.');
    await deps.endAllSessions(userId);
  }
  if (request.refreshToken !== undefined) await deps.revokeRefreshToken(request.refreshToken);
  const claims = request.accessToken === undefined ? undefined : deps.genuineClaims(request.accessToken);
  if (claims) await deps.revokeAccessToken(claims);
}

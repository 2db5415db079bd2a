import type { AccessTokenClaims } from '../types';

/** What a logout needs; every store call arrives already bounded in time. */
export interface LogoutDeps {
  /** Revokes the refresh token's whole session; unknown tokens are ignored. */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** The claims of an access token we signed (expired is fine), else undefined. */
  genuineClaims(accessToken: string): AccessTokenClaims | undefined;
  revokeAccessToken(claims: AccessTokenClaims): Promise<void>;
}

export interface LogoutRequest {
  refreshToken?: string;
  accessToken?: string;
}

/**
 * Ends a session, idempotently. Only an access token we signed may be revoked: a forged one must
 * not plant a `jti`.
 */
export async function logout(deps: LogoutDeps, request: LogoutRequest): Promise<void> {
  if (request.refreshToken !== undefined) await deps.revokeRefreshToken(request.refreshToken);
  const claims = request.accessToken === undefined ? undefined : deps.genuineClaims(request.accessToken);
  if (claims) await deps.revokeAccessToken(claims);
}

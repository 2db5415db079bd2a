import { InvalidRefreshTokenError } from '../errors';
import type { IssuedRefreshToken } from '../sessions/refresh-tokens';
import type { SessionBody } from '../types';
import type { UserRecord } from '../users/resolve';

/** What a refresh needs; every store call arrives already bounded in time. */
export interface RefreshDeps {
  rotate(refreshToken: string): Promise<IssuedRefreshToken & { userId: string }>;
  findUser(userId: string): Promise<UserRecord | null>;
  /** Ends every session of a user that can no longer sign in. */
  revokeUser(userId: string): Promise<void>;
  sessionBody(user: UserRecord, issued: IssuedRefreshToken, isNewUser: boolean): SessionBody;
}

/** Rotates the refresh token; a deleted or disabled user loses every session instead. */
export async function refresh(deps: RefreshDeps, refreshToken: string): Promise<SessionBody> {
  const issued = await deps.rotate(refreshToken);
  const user = await deps.findUser(issued.userId);
  if (!user || user.disabled) {
    await deps.revokeUser(issued.userId);
    throw new InvalidRefreshTokenError();
  }
  return deps.sessionBody(user, issued, false);
}

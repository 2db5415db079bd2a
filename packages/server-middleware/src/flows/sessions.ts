import type { SessionInfo, SessionsBody } from '@socialkit/contract';
import { NotFoundError } from '../errors';
import type { EmitEvent } from '../events';
import type { RefreshTokenService } from '../sessions/refresh-tokens';
import type { SessionService } from '../sessions/sessions';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SessionFlowDeps {
  sessions: SessionService;
  refreshTokens: RefreshTokenService;
  emit: EmitEvent;
}

/**
 * `GET /sessions`: the caller's signed-in devices, newest use first; `current` marks the one
 * whose access token made the request (its `sid`).
 */
export async function listSessions(
  deps: SessionFlowDeps,
  userId: string,
  currentSessionId: string | undefined,
): Promise<SessionsBody> {
  const sessions = await deps.sessions.list(userId);
  return {
    sessions: sessions.map(
      (session): SessionInfo => ({
        id: session._id,
        createdAt: session.createdAt.toISOString(),
        lastUsedAt: session.lastUsedAt.toISOString(),
        userAgent: session.userAgent ?? null,
        current: session._id === currentSessionId,
      }),
    ),
  };
}

/**
 * `DELETE /sessions/:id`: ends one of the caller's own sessions, refresh family and access tokens
 * alike. Another user's session, or none, is 404 `not_found`: its existence is not disclosed.
 */
export async function endSession(deps: SessionFlowDeps, userId: string, sessionId: string): Promise<void> {
  if (!SESSION_ID.test(sessionId)) throw new NotFoundError('No such session.');
  const ended = await deps.refreshTokens.revokeSession(sessionId, userId);
  if (!ended) throw new NotFoundError('No such session.');
  deps.emit({ type: 'sessionRevoked', userId, sessionId, userAgent: ended.userAgent });
}

/** `POST /logout {all:true}`: ends every session of the user ("sign out everywhere"). */
export async function endAllSessions(deps: SessionFlowDeps, userId: string): Promise<void> {
  const ended = await deps.refreshTokens.revokeUser(userId);
  for (const session of ended) {
    deps.emit({ type: 'signOut', userId, sessionId: session._id, userAgent: session.userAgent });
  }
}

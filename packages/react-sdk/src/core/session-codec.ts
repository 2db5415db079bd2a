import type { SessionResponse, SocialUser, StoredSession } from './types';

/** Turns a server session into what we persist; `now` is the receive time, in epoch ms. */
export function toStoredSession(response: SessionResponse, now: number): StoredSession {
  return {
    token: response.token,
    refreshToken: response.refreshToken,
    issuedAt: now,
    expiresAt: now + response.expiresIn * 1000,
    user: response.user,
  };
}

export function isSessionResponse(value: unknown): value is SessionResponse {
  const body = value as Partial<SessionResponse> | null;
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof body.token === 'string' &&
    typeof body.refreshToken === 'string' &&
    typeof body.expiresIn === 'number' &&
    isUser(body.user)
  );
}

function isUser(value: unknown): value is SocialUser {
  const user = value as Partial<SocialUser> | null;
  return typeof user === 'object' && user !== null && typeof user.id === 'string';
}

/** Parses what storage holds; anything tampered with or from an older version reads as "no session". */
export function decodeStoredSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession> | null;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof value.token === 'string' &&
      typeof value.refreshToken === 'string' &&
      typeof value.issuedAt === 'number' &&
      typeof value.expiresAt === 'number' &&
      isUser(value.user)
    ) {
      const { token, refreshToken, issuedAt, expiresAt, user } = value;
      return { token, refreshToken, issuedAt, expiresAt, user };
    }
  } catch {
    // fall through: unreadable means signed out
  }
  return null;
}

export function encodeStoredSession(session: StoredSession): string {
  return JSON.stringify(session);
}

import { isUser } from './api';
import { SocialAuthError } from './errors';
import type { RefreshMode, SessionResponse, StoredSession } from './types';

/** Turns a server session into what we keep; `now` is the receive time, in epoch ms. */
export function toStoredSession(response: SessionResponse, now: number, mode: RefreshMode): StoredSession {
  const { token, refreshToken, user, expiresIn } = response;
  if (mode === 'body' && typeof refreshToken !== 'string')
    throw new SocialAuthError('internal_error', 'The sign-in server sent no refresh token');
  // In cookie mode a refresh token in the body is ignored: page script must never hold one.
  const kept = mode === 'body' ? { refreshToken } : {};
  return { token, ...kept, issuedAt: now, expiresAt: now + expiresIn * 1000, user };
}

/** Parses what storage holds; anything tampered with or from an older version reads as "no session". */
export function decodeStoredSession(raw: string | null): StoredSession | null {
  const value = parse(raw) as Partial<StoredSession> | null;
  if (
    typeof value?.token === 'string' &&
    typeof value.refreshToken === 'string' &&
    typeof value.issuedAt === 'number' &&
    typeof value.expiresAt === 'number' &&
    isUser(value.user)
  ) {
    const { token, refreshToken, issuedAt, expiresAt, user } = value;
    return { token, refreshToken, issuedAt, expiresAt, user };
  }
  return null;
}

/**
 * Cookie mode keeps only this in storage: that someone is probably signed in, and who. It holds no
 * token; it lets a reload skip the refresh request for visitors who never signed in, and tells
 * other tabs that the session changed.
 */
export interface SignedInHint {
  userId: string;
}

export function decodeHint(raw: string | null): SignedInHint | null {
  const value = parse(raw) as Partial<SignedInHint> | null;
  return typeof value?.userId === 'string' && !('token' in value) ? { userId: value.userId } : null;
}

function parse(raw: string | null): Record<string, unknown> | null {
  try {
    const value: unknown = raw ? JSON.parse(raw) : null;
    return typeof value === 'object' ? (value as Record<string, unknown> | null) : null;
  } catch {
    return null;
  }
}

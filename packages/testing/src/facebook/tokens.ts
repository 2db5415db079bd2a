import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FacebookTokenType, FacebookUser, IssueUserTokenOptions } from './types';

export interface UserTokenGrant {
  user: FacebookUser;
  appId: string;
  type: FacebookTokenType;
  isValid: boolean;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

const SIXTY_DAYS = 5_183_944;

export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** User and page tokens the fake has handed out, by value. */
export function createUserTokens(defaultAppId: string) {
  const tokens = new Map<string, UserTokenGrant>();
  return {
    issue(user: FacebookUser, opts: IssueUserTokenOptions = {}): string {
      const token = `EAAfake${randomBytes(30).toString('base64url')}`;
      const now = Math.floor(Date.now() / 1000);
      tokens.set(token, {
        user,
        appId: opts.appId ?? defaultAppId,
        type: opts.type ?? 'USER',
        isValid: opts.isValid ?? true,
        scopes: opts.scopes ?? ['email', 'public_profile'],
        issuedAt: now,
        expiresAt: now + (opts.expiresIn ?? SIXTY_DAYS),
      });
      return token;
    },
    get(token: string): UserTokenGrant | undefined {
      return tokens.get(token);
    },
    invalidate(token: string) {
      const grant = tokens.get(token);
      if (grant) grant.isValid = false;
    },
    clear() {
      tokens.clear();
    },
  };
}

export type UserTokens = ReturnType<typeof createUserTokens>;

export function isExpired(grant: UserTokenGrant): boolean {
  return grant.expiresAt <= Math.floor(Date.now() / 1000);
}

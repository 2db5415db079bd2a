import { randomBytes } from 'node:crypto';
import type { GoogleUser } from './types';

export const DEFAULT_SCOPE =
  'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile';

export interface AccessGrant {
  user: GoogleUser;
  clientId: string;
  scope: string;
  expiresAt: number;
  revoked: boolean;
}

export interface CodeGrant {
  user: GoogleUser;
  clientId: string;
  redirectUri: string;
  nonce?: string;
  expiresAt: number;
  used: boolean;
}

/** Access tokens and authorization codes the fake has handed out, by value. */
export function createGrants() {
  const accessTokens = new Map<string, AccessGrant>();
  const codes = new Map<string, CodeGrant>();
  return {
    issueAccessToken(user: GoogleUser, clientId: string, expiresIn = 3599, scope = DEFAULT_SCOPE): string {
      const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
      accessTokens.set(token, {
        user,
        clientId,
        scope,
        expiresAt: Date.now() + expiresIn * 1000,
        revoked: false,
      });
      return token;
    },
    issueCode(user: GoogleUser, clientId: string, redirectUri: string, nonce?: string): string {
      const code = `4/0fake-${randomBytes(24).toString('base64url')}`;
      // Google's authorization codes are short-lived and single-use.
      const grant: CodeGrant = { user, clientId, redirectUri, expiresAt: Date.now() + 600_000, used: false };
      if (nonce !== undefined) grant.nonce = nonce;
      codes.set(code, grant);
      return code;
    },
    /** The grant behind a live access token; undefined when unknown, revoked or expired. */
    liveAccessToken(token: string): AccessGrant | undefined {
      const grant = accessTokens.get(token);
      if (!grant || grant.revoked || grant.expiresAt <= Date.now()) return undefined;
      return grant;
    },
    code(code: string): CodeGrant | undefined {
      return codes.get(code);
    },
    revoke(token: string): boolean {
      const grant = accessTokens.get(token);
      if (grant) grant.revoked = true;
      return grant !== undefined;
    },
    clear() {
      accessTokens.clear();
      codes.clear();
    },
  };
}

export type Grants = ReturnType<typeof createGrants>;

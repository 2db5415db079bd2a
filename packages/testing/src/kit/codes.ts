import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What an authorization code stands for, as every fake's token endpoint checks it. */
export interface CodeGrant<U> {
  clientId: string;
  /** The `redirect_uri` of the authorization request; the token request must repeat it. */
  redirectUri?: string;
  user: U;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used: boolean;
}

export type NewCodeGrant<U> = Omit<CodeGrant<U>, 'expiresAt' | 'used'>;

export type Redeemed<U> = { grant: CodeGrant<U> } | { error: 'unknown' | 'expired' | 'used' };

/** Single-use authorization codes with a lifetime, by value. */
export function createCodeStore<U>(options: { prefix: string; ttlSeconds: number }) {
  const codes = new Map<string, CodeGrant<U>>();
  return {
    issue(grant: NewCodeGrant<U>): string {
      const code = `${options.prefix}${randomBytes(24).toString('base64url')}`;
      codes.set(code, { ...grant, expiresAt: Date.now() + options.ttlSeconds * 1000, used: false });
      return code;
    },
    /** Marks the code used; a second redemption answers `used`, as the providers' `invalid_grant`. */
    redeem(code: string): Redeemed<U> {
      const grant = codes.get(code);
      if (!grant) return { error: 'unknown' };
      if (grant.used) return { error: 'used' };
      if (grant.expiresAt <= Date.now()) return { error: 'expired' };
      grant.used = true;
      return { grant };
    },
    clear() {
      codes.clear();
    },
  };
}

/** RFC 7636 §4.2: `BASE64URL(SHA256(code_verifier))`. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A PKCE verifier and its S256 challenge, for tests that drive an authorize page directly. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/**
 * Checks the token request's `code_verifier` against the grant's challenge (RFC 7636 §4.6).
 * Returns a reason when it fails; a grant without a challenge passes only without a verifier.
 */
export function pkceProblem(grant: CodeGrant<unknown>, verifier: string | undefined): string | undefined {
  if (!grant.codeChallenge) return verifier ? 'code_verifier sent but no code_challenge was' : undefined;
  if (!verifier) return 'code_verifier is required';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return 'code_verifier is malformed';
  return sameText(pkceChallenge(verifier), grant.codeChallenge) ? undefined : 'code_verifier does not match';
}

export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `client_id` and `client_secret` from an HTTP Basic `Authorization` header (RFC 6749 §2.3.1). */
export function basicCredentials(
  authorization: string | undefined,
): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, at)),
    secret: decodeURIComponent(decoded.slice(at + 1)),
  };
}

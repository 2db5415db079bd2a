import { createHash } from 'node:crypto';
import type { createCodeStore } from '../kit/codes';
import type { KeyRing } from '../kit/keys';
import type { RegisteredClientKey } from './client-secret';
import type { AppleAccount } from './types';

/** Everything the fake Apple's endpoints need, shared by node:http and nock mode. */
export interface AppleContext {
  clientId: string;
  clientIds: ReadonlySet<string>;
  accounts: readonly AppleAccount[];
  keys: KeyRing;
  codes: ReturnType<typeof createCodeStore<AppleAccount>>;
  /** Refresh token → who it is for. */
  refreshTokens: Map<string, { account: AppleAccount; clientId: string }>;
  /** `clientId|sub` of every authorization granted so far. */
  consents: Set<string>;
  clientKeys: ReadonlyMap<string, RegisteredClientKey>;
  autoSelect(): string | undefined;
  baseUrl(): string;
  /** Signs an ID token for `account` with Apple's claim set; `claims` on top. */
  mintFor(account: AppleAccount, clientId: string, claims?: Record<string, unknown>): Promise<string>;
}

export interface AppleAuthorizationRequest {
  clientId: string;
  redirectUri?: string | undefined;
  scope: string;
  state?: string | undefined;
  nonce?: string | undefined;
  codeChallenge?: string | undefined;
  codeChallengeMethod?: string | undefined;
  /** `code id_token` also returns an ID token with the code (what Apple JS asks for). */
  withIdToken: boolean;
}

/** What Apple hands back after a sign-in: fields of the form post, or of Apple JS's `signIn()` result. */
export interface AppleAuthorization {
  code: string;
  id_token?: string;
  state?: string;
  /** JSON text `{name:{firstName,lastName}, email}`: only on the first consent, only for the scopes asked. */
  user?: string;
}

/** OIDC Core §3.3.2.11: base64url of the left half of SHA-256 of the code. */
export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest().subarray(0, 16).toString('base64url');
}

/** Issues a code (and an ID token when asked) for `account`, as Apple does after the user consents. */
export async function authorize(
  ctx: AppleContext,
  request: AppleAuthorizationRequest,
  account: AppleAccount,
): Promise<AppleAuthorization> {
  const code = ctx.codes.issue({
    clientId: request.clientId,
    user: account,
    scope: request.scope,
    ...(request.redirectUri ? { redirectUri: request.redirectUri } : {}),
    ...(request.nonce ? { nonce: request.nonce } : {}),
    ...(request.codeChallenge
      ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod ?? 'plain' }
      : {}),
  });
  const result: AppleAuthorization = { code };
  if (request.state !== undefined) result.state = request.state;
  if (request.withIdToken) {
    result.id_token = await ctx.mintFor(account, request.clientId, {
      c_hash: codeHash(code),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
  }
  // Apple sends the user's name only the first time they authorize the app, unsigned (notes §1.3).
  const consent = `${request.clientId}|${account.id}`;
  const scopes = request.scope.split(/\s+/);
  if (!ctx.consents.has(consent) && (scopes.includes('name') || scopes.includes('email'))) {
    const [firstName = account.name, ...rest] = account.name.split(' ');
    const user: Record<string, unknown> = {};
    if (scopes.includes('name')) user.name = { firstName, lastName: rest.join(' ') };
    if (scopes.includes('email') && account.email) user.email = account.email;
    result.user = JSON.stringify(user);
  }
  ctx.consents.add(consent);
  return result;
}

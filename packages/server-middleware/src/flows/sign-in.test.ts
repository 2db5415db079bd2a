import { describe, expect, it, vi } from 'vitest';
import type { SocialProvider, VerifiedProfile, VerifyContext } from '../providers/plugin';
import type { SessionBody } from '../types';
import type { UserRecord } from '../users/resolve';
import { type SignInDeps, signIn } from './sign-in';

const context = {
  http: {},
  timeoutMs: 1000,
  callbackUrl: 'http://127.0.0.1/auth/callback/acme',
} as VerifyContext;
const user: UserRecord = { _id: 'u1', emailVerified: false };
const session = { token: 't', user: { id: 'u1' } } as unknown as SessionBody;

function providerVouching(profile: Partial<VerifiedProfile>): SocialProvider {
  return {
    id: 'acme',
    credentials: { oneOf: ['idToken'] },
    publicConfig: () => ({}),
    verify: async () => ({ provider: 'acme', subject: 's1', emailVerified: false, ...profile }),
  };
}

/** Deps whose store calls are recorded; nonces are accepted once each. */
function deps() {
  const issued = new Set(['n1']);
  return {
    consumeNonce: vi.fn(async (nonce: string) => issued.delete(nonce)),
    resolveUser: vi.fn(async (_profile: VerifiedProfile) => ({ user, isNewUser: true })),
    startSession: vi.fn(async () => session),
    redeemLinkToken: vi.fn(),
    publicUser: () => session.user,
  } satisfies SignInDeps;
}

const run = (d: SignInDeps, provider: SocialProvider) =>
  signIn(d, { provider, credential: { idToken: 'x' }, context, meta: {} });

describe('signIn()', () => {
  it('verifies, consumes the nonce, resolves the user and starts a session, in that order', async () => {
    const d = deps();
    await expect(run(d, providerVouching({ nonce: 'n1', nonceRequired: true }))).resolves.toBe(session);
    expect(d.consumeNonce).toHaveBeenCalledWith('n1');
    expect(d.consumeNonce.mock.invocationCallOrder[0]).toBeLessThan(
      d.resolveUser.mock.invocationCallOrder[0] as number,
    );
    expect(d.startSession).toHaveBeenCalledWith(user, true, { provider: 'acme' });
  });

  it.each([
    ['a required nonce is missing', { nonceRequired: true }],
    ['the nonce was never issued', { nonce: 'forged', nonceRequired: true }],
    ['the provider names no subject', { subject: '' }],
  ])('answers 401 and touches no user when %s', async (_name, profile) => {
    const d = deps();
    await expect(run(d, providerVouching(profile))).rejects.toMatchObject({
      code: 'invalid_token',
      status: 401,
    });
    expect(d.resolveUser).not.toHaveBeenCalled();
    expect(d.startSession).not.toHaveBeenCalled();
  });

  it('accepts a nonce once only', async () => {
    const d = deps();
    const provider = providerVouching({ nonce: 'n1', nonceRequired: true });
    await run(d, provider);
    await expect(run(d, provider)).rejects.toMatchObject({ code: 'invalid_token' });
    expect(d.resolveUser).toHaveBeenCalledTimes(1);
  });

  it("records the identity under the provider's own id and a strict boolean emailVerified", async () => {
    const d = deps();
    const lying = providerVouching({ provider: 'other', emailVerified: 'true' as unknown as boolean });
    await run(d, lying);
    expect(d.resolveUser).toHaveBeenCalledWith(
      expect.objectContaining({ provider: 'acme', emailVerified: false }),
    );
  });
});

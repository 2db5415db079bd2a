import { describe, expect, it } from 'vitest';
import { isSocialAuthError, SocialAuthError } from './errors';

describe('isSocialAuthError', () => {
  it('matches our errors, optionally by code', () => {
    const err = new SocialAuthError('invalid_token', 'refused', { status: 401 });
    expect(isSocialAuthError(err)).toBe(true);
    expect(isSocialAuthError(err, 'invalid_token')).toBe(true);
    expect(isSocialAuthError(err, 'token_expired')).toBe(false);
  });

  it('matches an error from the other entry point’s copy of the class', () => {
    const fromOtherCopy = Object.assign(new Error('refused'), {
      [Symbol.for('socialkit.SocialAuthError')]: true,
      code: 'rate_limited',
    });
    expect(isSocialAuthError(fromOtherCopy, 'rate_limited')).toBe(true);
  });

  it('does not match look-alikes without the brand', () => {
    expect(isSocialAuthError(Object.assign(new Error('x'), { code: 'invalid_token' }))).toBe(false);
    expect(isSocialAuthError({ code: 'invalid_token' })).toBe(false);
    expect(isSocialAuthError(null)).toBe(false);
  });
});

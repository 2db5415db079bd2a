import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, ROUTES } from './index';

describe('contract', () => {
  it('maps every error code to a client or server error status', () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERROR_STATUS.account_exists).toBe(409);
    expect(ERROR_STATUS.forbidden_origin).toBe(403);
  });

  it('encodes path segments so an id can never add a path', () => {
    expect(ROUTES.identity('google', 'a/b')).toBe('/identities/google/a%2Fb');
    expect(ROUTES.signIn('../me')).toBe('/..%2Fme');
  });
});

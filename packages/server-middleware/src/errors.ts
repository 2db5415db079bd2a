/** Every stable error code a client can receive in `{error:{code,message}}`. */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'token_expired'
  | 'invalid_refresh_token'
  | 'signup_not_allowed'
  | 'unknown_provider'
  | 'account_exists'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'store_unavailable'
  | 'internal_error';

/** The one table from error code to HTTP status. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  invalid_token: 401,
  token_expired: 401,
  invalid_refresh_token: 401,
  signup_not_allowed: 403,
  unknown_provider: 404,
  account_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  provider_unavailable: 503,
  store_unavailable: 503,
  internal_error: 500,
});

/**
 * Base of every request-time error. `message` is safe to show to clients: it never holds a
 * token, secret, stack or provider response. The full reason travels in `cause` to `onError`.
 *
 * @example
 * if (err instanceof SocialAuthError) console.log(err.code, err.status);
 */
export class SocialAuthError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SocialAuthError';
    this.code = code;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class InvalidRequestError extends SocialAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_request', message, options);
    this.name = 'InvalidRequestError';
  }
}

export class InvalidTokenError extends SocialAuthError {
  constructor(message = 'The token was rejected.', options?: { cause?: unknown }) {
    super('invalid_token', message, options);
    this.name = 'InvalidTokenError';
  }
}

export class TokenExpiredError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('token_expired', 'The access token has expired.', options);
    this.name = 'TokenExpiredError';
  }
}

export class InvalidRefreshTokenError extends SocialAuthError {
  constructor(message = 'The refresh token is invalid, expired or revoked.', options?: { cause?: unknown }) {
    super('invalid_refresh_token', message, options);
    this.name = 'InvalidRefreshTokenError';
  }
}

export class SignupNotAllowedError extends SocialAuthError {
  constructor(message = 'Sign-up is not allowed for this account.', options?: { cause?: unknown }) {
    super('signup_not_allowed', message, options);
    this.name = 'SignupNotAllowedError';
  }
}

export class UnknownProviderError extends SocialAuthError {
  constructor() {
    super('unknown_provider', 'Unknown or unconfigured provider.');
    this.name = 'UnknownProviderError';
  }
}

export class AccountExistsError extends SocialAuthError {
  constructor() {
    super('account_exists', 'An account with this email already exists; sign in with its original provider.');
    this.name = 'AccountExistsError';
  }
}

export class PayloadTooLargeError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('payload_too_large', 'The request body is too large.', options);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends SocialAuthError {
  constructor() {
    super('unsupported_media_type', 'The request body must be application/json.');
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class RateLimitedError extends SocialAuthError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'Too many attempts; try again later.');
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ProviderUnavailableError extends SocialAuthError {
  constructor(message = 'The identity provider could not be reached.', options?: { cause?: unknown }) {
    super('provider_unavailable', message, options);
    this.name = 'ProviderUnavailableError';
  }
}

export class StoreUnavailableError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('store_unavailable', 'The user store is unavailable.', options);
    this.name = 'StoreUnavailableError';
  }
}

export class InternalError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('internal_error', 'Internal error.', options);
    this.name = 'InternalError';
  }
}

/** Thrown by `socialAuth()` at startup when options are wrong; never at request time. */
export class SocialAuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocialAuthConfigError';
  }
}

/** Anything that is not already one of ours becomes an opaque 500 keeping its cause. */
export function toSocialAuthError(err: unknown): SocialAuthError {
  return err instanceof SocialAuthError ? err : new InternalError({ cause: err });
}

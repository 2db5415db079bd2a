import { ERROR_STATUS, type ErrorCode } from '@socialkit/contract';

export { ERROR_STATUS, type ErrorCode };

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

/** 400: the request is malformed or asks for something not enabled. */
export class InvalidRequestError extends SocialAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_request', message, options);
    this.name = 'InvalidRequestError';
  }
}

/** 401: a provider credential or our access token was refused. */
export class InvalidTokenError extends SocialAuthError {
  constructor(message = 'The token was rejected.', options?: { cause?: unknown }) {
    super('invalid_token', message, options);
    this.name = 'InvalidTokenError';
  }
}

/** 401: our access token has expired; refresh it. */
export class TokenExpiredError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('token_expired', 'The access token has expired.', options);
    this.name = 'TokenExpiredError';
  }
}

/** 401: the refresh token is unknown, expired, rotated or revoked. */
export class InvalidRefreshTokenError extends SocialAuthError {
  constructor(message = 'The refresh token is invalid, expired or revoked.', options?: { cause?: unknown }) {
    super('invalid_refresh_token', message, options);
    this.name = 'InvalidRefreshTokenError';
  }
}

/** 403: `users.allowSignup`, a domain rule or a disabled account refused the sign-in. */
export class SignupNotAllowedError extends SocialAuthError {
  constructor(message = 'Sign-up is not allowed for this account.', options?: { cause?: unknown }) {
    super('signup_not_allowed', message, options);
    this.name = 'SignupNotAllowedError';
  }
}

/** 404: no provider with that id is configured. */
export class UnknownProviderError extends SocialAuthError {
  constructor() {
    super('unknown_provider', 'Unknown or unconfigured provider.');
    this.name = 'UnknownProviderError';
  }
}

/** What the error body of `account_exists` adds, so the client can offer to link. */
export interface AccountExistsDetails {
  /** The providers the existing account signs in with. */
  providers?: string[];
  /** Single-use proof of the pending identity, passed with a sign-in to the existing account. */
  linkToken?: string;
}

/** 409: the email belongs to an account this sign-in may not join by itself (DESIGN.md "Users and linking"). */
export class AccountExistsError extends SocialAuthError {
  readonly providers: string[];
  readonly linkToken?: string;
  constructor(details: AccountExistsDetails = {}, options?: { cause?: unknown }) {
    super(
      'account_exists',
      'An account with this email already exists; sign in with one of its providers to link this one.',
      options,
    );
    this.name = 'AccountExistsError';
    this.providers = details.providers ?? [];
    if (details.linkToken !== undefined) this.linkToken = details.linkToken;
  }
}

/** 403: a cookie-mode request from an origin that is neither the API's own nor an allowed one. */
export class ForbiddenOriginError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('forbidden_origin', 'This origin may not use the session cookie.', options);
    this.name = 'ForbiddenOriginError';
  }
}

/** 404: no such route, session or identity. */
export class NotFoundError extends SocialAuthError {
  constructor(message = 'Not found.', options?: { cause?: unknown }) {
    super('not_found', message, options);
    this.name = 'NotFoundError';
  }
}

/** 409: the identity already belongs to another user, so it cannot be linked to this one. */
export class IdentityInUseError extends SocialAuthError {
  constructor(message = 'This identity already belongs to another account.', options?: { cause?: unknown }) {
    super('identity_in_use', message, options);
    this.name = 'IdentityInUseError';
  }
}

/** 409: removing this identity would leave the account with no way to sign in. */
export class LastIdentityError extends SocialAuthError {
  constructor(message = 'The last identity of an account cannot be removed.', options?: { cause?: unknown }) {
    super('last_identity', message, options);
    this.name = 'LastIdentityError';
  }
}

/** 413: the body is over the limit. */
export class PayloadTooLargeError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('payload_too_large', 'The request body is too large.', options);
    this.name = 'PayloadTooLargeError';
  }
}

/** 415: the body is not of the type the route reads. */
export class UnsupportedMediaTypeError extends SocialAuthError {
  constructor(message = 'The request body must be application/json.') {
    super('unsupported_media_type', message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** 429: too many attempts; `retryAfterSeconds` goes out as `Retry-After`. */
export class RateLimitedError extends SocialAuthError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'Too many attempts; try again later.');
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 503: the provider is down, slow, throttling, or answered garbage. */
export class ProviderUnavailableError extends SocialAuthError {
  constructor(message = 'The identity provider could not be reached.', options?: { cause?: unknown }) {
    super('provider_unavailable', message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** 503: MongoDB (or the configured store) did not answer in time. */
export class StoreUnavailableError extends SocialAuthError {
  constructor(options?: { cause?: unknown }) {
    super('store_unavailable', 'The user store is unavailable.', options);
    this.name = 'StoreUnavailableError';
  }
}

/** 500: anything unexpected; the cause goes only to `onError`. */
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

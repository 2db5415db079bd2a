import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@socialkit/contract';

/** Codes the socialkit server answers with, in `{error:{code, message}}`; the contract's list. */
export type ServerErrorCode = ErrorCode;

/** Codes raised in the browser, before or instead of a server answer. */
export type ClientErrorCode =
  | 'network_error'
  | 'popup_closed'
  | 'cancelled'
  | 'provider_not_configured'
  | 'sdk_unavailable'
  /** The browser refused to open the sign-in window (popup blocker, or not called from a click). */
  | 'popup_blocked'
  /** The sign-in window did not come back within the time limit. */
  | 'popup_timeout'
  /** The callback carried a `state` other than the one this attempt sent (RFC 6749 §10.12). */
  | 'state_mismatch'
  /** The user declined at the provider (`error=access_denied`). */
  | 'access_denied'
  /** The provider answered the authorization request with another error, or with no code. */
  | 'provider_error';

/** Every code a {@link SocialAuthError} can carry. */
export type SocialAuthErrorCode = ServerErrorCode | ClientErrorCode;

/**
 * The one error type the SDK throws and puts in `state.error`; branch on `code`, show `message`.
 *
 * @example
 * ```ts
 * try {
 *   await client.signIn('github', { code });
 * } catch (err) {
 *   if (isSocialAuthError(err, 'account_exists')) showLinkHelp();
 * }
 * ```
 */
// Shared by every copy of this module (the package's `.` and `./core` entries each bundle one), so
// `isSocialAuthError` recognises errors from either.
const BRAND = Symbol.for('socialkit.SocialAuthError');

// Fields are declared and set in the constructor rather than initialised as class fields, which
// bundlers targeting ES2020 turn into a `defineProperty` helper shipped with every app.
export class SocialAuthError extends Error {
  declare readonly name: 'SocialAuthError';
  declare readonly [BRAND]: true;
  declare readonly code: SocialAuthErrorCode;
  /** HTTP status of the server answer, absent for client-side errors. */
  declare readonly status: number | undefined;
  /** `account_exists` only: the providers the existing account signs in with. */
  declare readonly providers: string[] | undefined;

  constructor(
    code: SocialAuthErrorCode,
    message: string,
    options: { status?: number; cause?: unknown; providers?: string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SocialAuthError';
    this[BRAND] = true;
    this.code = code;
    this.status = options.status;
    this.providers = options.providers;
  }
}

/** Type guard for {@link SocialAuthError}, optionally for one code. */
export function isSocialAuthError(value: unknown, code?: SocialAuthErrorCode): value is SocialAuthError {
  const branded = typeof value === 'object' && value !== null && BRAND in value;
  return branded && (code === undefined || (value as SocialAuthError).code === code);
}

/** The error object of a failed answer, with the `linkToken` of an `account_exists`. */
export interface ErrorAnswer {
  error: SocialAuthError;
  linkToken: string | undefined;
}

/** Reads `{error:{code,message}}` from a failed response; unknown shapes become `internal_error`. */
export async function readErrorAnswer(response: Response): Promise<ErrorAnswer> {
  const body: unknown = await response.json().catch(() => undefined);
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  const code =
    typeof error?.code === 'string' && Object.hasOwn(ERROR_STATUS, error.code)
      ? error.code
      : 'internal_error';
  const message =
    typeof error?.message === 'string' ? error.message : `Request failed with status ${response.status}`;
  const providers = Array.isArray(error?.providers)
    ? error.providers.filter((p) => typeof p === 'string')
    : undefined;
  return {
    error: new SocialAuthError(code, message, { status: response.status, providers }),
    linkToken: typeof error?.linkToken === 'string' ? error.linkToken : undefined,
  };
}

/** {@link readErrorAnswer} without the link token. */
export async function errorFromResponse(response: Response): Promise<SocialAuthError> {
  return (await readErrorAnswer(response)).error;
}

/** Wraps a fetch rejection (offline, DNS, CORS) so callers see one error type. */
export function networkError(cause: unknown): SocialAuthError {
  return new SocialAuthError('network_error', 'Could not reach the sign-in server', { cause });
}

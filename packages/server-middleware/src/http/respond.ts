import type { Request, Response } from 'express';
import {
  AccountExistsError,
  InternalError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  SocialAuthError,
  StoreUnavailableError,
} from '../errors';
import { isStoreFault } from '../store/faults';
import { bodyParserError } from './body';

export type ErrorReporter = (err: unknown, req: Request) => void;

/** Calls the app's `onError` without ever letting it break the response. */
export function safeReporter(onError: ErrorReporter | undefined): ErrorReporter {
  return (err, req) => {
    try {
      onError?.(err, req);
    } catch {
      // A broken logger must not turn a clean 401 into a 500.
    }
  };
}

/**
 * Any thrown value as one of our errors. Express and body-parser errors keep their meaning (a bad
 * `%E0` path is a 400, a missing route a 404), a MongoDB outage in an app's own route is a 503
 * `store_unavailable` like the auth routes'; everything else is an opaque 500 keeping its cause.
 */
export function toSocialAuthError(err: unknown): SocialAuthError {
  if (err instanceof SocialAuthError) return err;
  const parsed = bodyParserError(err);
  if (parsed instanceof SocialAuthError) return parsed;
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status;
  if (err instanceof URIError || status === 400) {
    return new InvalidRequestError('The request could not be read.', { cause: err });
  }
  if (status === 404) return new NotFoundError(undefined, { cause: err });
  if (isStoreFault(err)) return new StoreUnavailableError({ cause: err });
  return new InternalError({ cause: err });
}

/** The contract's error body; messages are ours, never a cause's, a stack or a path. */
export function errorBody(error: SocialAuthError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error instanceof AccountExistsError) {
    body.providers = error.providers;
    if (error.linkToken !== undefined) body.linkToken = error.linkToken;
  }
  return { error: body };
}

/** Normalises any failure and writes `{error:{code,message}}`; the cause goes only to `onError`. */
export function sendError(
  res: Response,
  req: Request,
  err: unknown,
  report: ErrorReporter,
  headers: Record<string, string> = {},
): SocialAuthError {
  const error = toSocialAuthError(err);
  report(error, req);
  if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.status(error.status).json(errorBody(error));
  return error;
}

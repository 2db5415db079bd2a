import type { Request, Response } from 'express';
import { RateLimitedError, type SocialAuthError, toSocialAuthError } from '../errors';
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

/** Normalises any failure and writes `{error:{code,message}}`; the cause goes only to `onError`. */
export function sendError(
  res: Response,
  req: Request,
  err: unknown,
  report: ErrorReporter,
  headers: Record<string, string> = {},
): SocialAuthError {
  const error = toSocialAuthError(bodyParserError(err) ?? err);
  report(error, req);
  if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
  return error;
}

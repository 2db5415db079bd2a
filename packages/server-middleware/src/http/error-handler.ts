import type { ErrorRequestHandler } from 'express';
import { type ErrorReporter, safeReporter, sendError } from './respond';

/** Options of {@link socialAuthErrorHandler}. */
export interface SocialAuthErrorHandlerOptions {
  /** Receives every error with its full cause (log it here); never changes the answer. */
  onError?: ErrorReporter;
}

/**
 * An Express error handler that answers *any* error in the contract's format
 * `{error:{code,message}}`: body-parser failures (400/413/415), undecodable paths such as `/%E0`
 * (400), thrown routes (500). The body never holds a stack, a file path, or the error's own
 * message; the full error goes to `onError`. Register it last.
 *
 * @example
 * app.use(socialAuthErrorHandler({ onError: (err) => logger.error(err) }));
 */
export function socialAuthErrorHandler(options: SocialAuthErrorHandlerOptions = {}): ErrorRequestHandler {
  const report = safeReporter(options.onError);
  return function socialAuthErrorHandler(err, req, res, next) {
    if (res.headersSent) {
      next(err);
      return;
    }
    sendError(res, req, err, report);
  };
}

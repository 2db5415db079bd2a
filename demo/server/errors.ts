import {
  InternalError,
  InvalidRequestError,
  PayloadTooLargeError,
  SocialAuthError,
  StoreUnavailableError,
  UnsupportedMediaTypeError,
} from '@socialkit/express';
import type { ErrorRequestHandler, RequestHandler } from 'express';

const STORE_ERRORS = /^Mongo(Network|ServerSelection|NotConnected|Timeout)|^MongooseServerSelection/;

/** Maps body-parser and MongoDB failures onto the same stable codes the auth routes use. */
export function toApiError(err: unknown): SocialAuthError {
  if (err instanceof SocialAuthError) return err;
  const { status, type, name } = (err ?? {}) as { status?: unknown; type?: unknown; name?: unknown };
  if (typeof type === 'string' && status === 413) return new PayloadTooLargeError({ cause: err });
  if (typeof type === 'string' && status === 400) {
    return new InvalidRequestError('The request body is not valid JSON.', { cause: err });
  }
  if (typeof name === 'string' && STORE_ERRORS.test(name)) return new StoreUnavailableError({ cause: err });
  return new InternalError({ cause: err });
}

/**
 * The API's last error handler: `{error:{code,message}}` for the client, the full cause for the log.
 *
 * @example
 * app.use('/api', notes, apiErrorHandler((err) => console.error(err)));
 */
export function apiErrorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return function demoApiError(err, _req, res, next) {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toApiError(err);
    if (error.status >= 500) log(err);
    res
      .status(error.status)
      .set('Cache-Control', 'no-store')
      .json({ error: { code: error.code, message: error.message } });
  };
}

/** POST bodies must be JSON: anything else is a 415 rather than a confusing validation error. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  next(hasBody && !req.is('application/json') ? new UnsupportedMediaTypeError() : undefined);
};

/** Unknown API paths answer in the API's error shape instead of the web app's HTML. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'No such API route.' } });
};

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

/** What a client sees of a failure: a contract error code, a status and a human message. */
export interface PublicError {
  status: number;
  code: string;
  message: string;
}

const toPublic = (error: SocialAuthError): PublicError => ({
  status: error.status,
  code: error.code,
  message: error.message,
});

/**
 * Maps any error onto the contract's stable codes: the auth errors as they are, body-parser, static
 * file and URL-decoding failures (http-errors with a 4xx status) by status, MongoDB outages to
 * `store_unavailable`, everything else to `internal_error`. Only the code and a fixed message leave
 * the server (SECURITY.md: no stack, no file path).
 */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof SocialAuthError) return toPublic(err);
  const { status, statusCode, type, name } = (err ?? {}) as Record<string, unknown>;
  const httpStatus = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 0;
  if (httpStatus === 413) return toPublic(new PayloadTooLargeError({ cause: err }));
  if (httpStatus === 415) return toPublic(new UnsupportedMediaTypeError({ cause: err }));
  if (httpStatus === 404) return { status: 404, code: 'not_found', message: 'Not found.' };
  if (httpStatus === 400) {
    const message =
      typeof type === 'string'
        ? 'The request body is not valid JSON.'
        : 'The request URL or body is malformed.';
    return toPublic(new InvalidRequestError(message, { cause: err }));
  }
  if (typeof name === 'string' && STORE_ERRORS.test(name)) {
    return toPublic(new StoreUnavailableError({ cause: err }));
  }
  return toPublic(new InternalError({ cause: err }));
}

/**
 * The demo's last error handler, for the API and every other path (`/%E0`, a missing asset, a
 * route that throws): `{error:{code,message}}` for the client, the full cause for the log.
 *
 * @example
 * app.use(routes, lastErrorHandler((err) => console.error(err)));
 */
export function lastErrorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return function demoLastErrorHandler(err, _req, res, next) {
    if (res.headersSent) {
      next(err);
      return;
    }
    const error = toPublicError(err);
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

/** Unknown API paths (and anything the web app does not serve) answer in the API's error shape. */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'No such route.' } });
};

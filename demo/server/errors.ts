import {
  NotFoundError,
  SocialAuthError,
  socialAuthErrorHandler,
  UnsupportedMediaTypeError,
} from '@socialkit/express';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * The demo's last error handler, for the API and every other path (`/%E0`, a missing asset, a
 * route that throws): `@socialkit/express`'s handler answers `{error:{code,message}}` with no
 * stack or file path, and a MongoDB outage as 503 `store_unavailable`; server-side failures (5xx)
 * go to `log` with their full cause.
 *
 * @example
 * app.use(routes, lastErrorHandler((err) => console.error(err)));
 */
export function lastErrorHandler(log: (err: unknown) => void): ErrorRequestHandler[] {
  return [
    socialAuthErrorHandler({
      onError: (err) => {
        if (!(err instanceof SocialAuthError) || err.status >= 500) log(err);
      },
    }),
  ];
}

/** POST bodies must be JSON: anything else is a 415 rather than a confusing validation error. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  next(hasBody && !req.is('application/json') ? new UnsupportedMediaTypeError() : undefined);
};

/** Unknown API paths (and anything the web app does not serve) answer in the API's error shape. */
export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('No such route.'));
};

import type { NonceBody, SessionBody } from '@socialkit/contract';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { InvalidRefreshTokenError, UnknownProviderError } from '../errors';
import { readLinkToken } from '../flows/link-tokens';
import type { LogoutRequest } from '../flows/logout';
import type { CredentialFields, SocialProvider, VerifyContext } from '../providers/plugin';
import type { SessionMeta } from '../sessions/sessions';
import type { UserRecord } from '../users/resolve';
import { jsonBody } from './body';
import { callbackMessage, callbackParams, sendCallbackPage } from './callback-page';
import {
  checkOrigin,
  clearRefreshCookie,
  readRefreshCookie,
  setRefreshCookie,
  wantsCookieMode,
} from './cookies';
import { readBearerToken, readCredential, readRefreshToken } from './credential';
import { socialAuthErrorHandler } from './error-handler';
import { loadedUser } from './guard';
import type { RateLimiter, RateLimitGroup } from './rate-limit';
import type { ErrorReporter } from './respond';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not forward rejected promises; Express 5 does. This works on both. */
export const handle =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };

/** What a group of routes gets to build on, so every route limits, parses and fails alike. */
export interface RouteKit {
  /** The rate limit of a route group (empty when turned off): put it first on any route that costs work. */
  limit(group: RateLimitGroup): RequestHandler[];
  /** Strict JSON body parsing (415/413/400). */
  body: RequestHandler[];
  /** Bearer guard that loads the user (`loadedUser(res)`) and checks revocation. */
  requireUser: RequestHandler;
  /** The configured providers by id. */
  providers: ReadonlyMap<string, SocialProvider>;
  /** Reads a provider's credential from a parsed body. */
  credentialOf(req: Request, provider: SocialProvider): CredentialFields;
  /** What `verify()` needs for this request. */
  verifyContext(req: Request, provider: SocialProvider): VerifyContext;
}

/** Adds routes to the router; groups are mounted before `POST /:provider`, in order. */
export type RouteGroup = (router: Router, kit: RouteKit) => void;

/** What the router needs; all of it framework-free. */
export interface RouterDeps {
  providers: ReadonlyMap<string, SocialProvider>;
  rateLimit?: RateLimiter;
  requireUser: RequestHandler;
  jwks?: () => unknown;
  /** Origins besides the API's own that may use cookie mode. */
  allowedOrigins: readonly string[];
  /** `Max-Age` of the refresh cookie: the refresh family's absolute lifetime. */
  refreshCookieMaxAgeSeconds: number;
  verifyContext(req: Request, provider: SocialProvider): VerifyContext;
  issueNonce(): Promise<NonceBody>;
  signIn(
    provider: SocialProvider,
    credential: CredentialFields,
    context: VerifyContext,
    meta: SessionMeta,
    linkToken?: string,
  ): Promise<SessionBody>;
  refresh(refreshToken: string): Promise<SessionBody>;
  logout(request: LogoutRequest): Promise<void>;
  publicUser(user: UserRecord): unknown;
  report: ErrorReporter;
  /** More routes (accounts, sessions…), each group given the same limit, body parsing and guard. */
  routes?: readonly RouteGroup[];
}

/** Runs middleware in order as one, stopping at the first error. */
function chain(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (err?: unknown): void => {
      const handler = handlers[index++];
      if (err !== undefined || !handler) next(err);
      else handler(req, res, step);
    };
    step();
  };
}

/** A cookie-mode request without a body needs no content type: the cookie is the credential. */
function bodyUnlessCookieMode(body: readonly RequestHandler[]): RequestHandler {
  const parse = chain(body);
  return (req, res, next) => {
    const empty =
      !req.headers['content-type'] &&
      !req.headers['transfer-encoding'] &&
      !Number(req.headers['content-length'] ?? 0);
    if (wantsCookieMode(req) && empty) {
      req.body = {};
      next();
      return;
    }
    parse(req, res, next);
  };
}

/**
 * The auth routes of the HTTP contract. Every failure ends in the package's error handler, which
 * writes `{error:{code,message}}` and reports the full cause.
 */
export function createRouter(deps: RouterDeps): Router {
  const router = express.Router();
  const { rateLimit } = deps;
  const limit = (group: RateLimitGroup): RequestHandler[] => (rateLimit ? [rateLimit(group)] : []);
  const body = jsonBody();
  const optionalBody = bodyUnlessCookieMode(body);
  const providerOf = (req: Request): SocialProvider => {
    const provider = deps.providers.get(String(req.params.provider));
    if (!provider) throw new UnknownProviderError();
    return provider;
  };
  const knownProvider: RequestHandler = (req, _res, next) => {
    next(deps.providers.has(String(req.params.provider)) ? undefined : new UnknownProviderError());
  };
  // Cookie mode spends or sets the session cookie: only the API's own (or an allowed) origin may.
  const cookieOrigin: RequestHandler = (req, _res, next) => {
    if (!wantsCookieMode(req)) return next();
    try {
      checkOrigin(req, deps.allowedOrigins);
      next();
    } catch (err) {
      next(err);
    }
  };
  const sendSession = (req: Request, res: Response, session: SessionBody): void => {
    if (!wantsCookieMode(req)) {
      res.json(session);
      return;
    }
    const { refreshToken, ...rest } = session;
    if (refreshToken !== undefined) setRefreshCookie(req, res, refreshToken, deps.refreshCookieMaxAgeSeconds);
    res.json(rest);
  };
  const kit: RouteKit = {
    limit,
    body,
    requireUser: deps.requireUser,
    providers: deps.providers,
    credentialOf: (req, provider) => readCredential(req.body, provider.credentials, provider.id),
    verifyContext: deps.verifyContext,
  };

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get(
    '/providers',
    handle(async (_req, res) => {
      // Providers that discover their endpoints (OIDC) list them once known.
      await Promise.all([...deps.providers.values()].map((provider) => provider.ready?.().catch(() => {})));
      res.json({
        providers: [...deps.providers.values()].map((provider) => ({
          ...provider.publicConfig(),
          id: provider.id,
        })),
      });
    }),
  );

  const { jwks } = deps;
  if (jwks) {
    router.get('/.well-known/jwks.json', (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json(jwks());
    });
  }

  router.get('/me', deps.requireUser, (_req, res) => {
    res.json({ user: deps.publicUser(loadedUser(res) as UserRecord) });
  });

  router.post(
    '/nonce',
    ...limit('nonce'),
    handle(async (_req, res) => {
      res.json(await deps.issueNonce());
    }),
  );

  router.post(
    '/refresh',
    ...limit('refresh'),
    cookieOrigin,
    optionalBody,
    handle(async (req, res) => {
      const token = wantsCookieMode(req) ? readRefreshCookie(req) : readRefreshToken(req.body);
      if (token === undefined) throw new InvalidRefreshTokenError('No refresh cookie was sent.');
      sendSession(req, res, await deps.refresh(token));
    }),
  );

  router.post(
    '/logout',
    ...limit('refresh'),
    cookieOrigin,
    optionalBody,
    handle(async (req, res) => {
      const accessToken = readBearerToken(req.headers.authorization);
      const all = req.body?.all === true;
      if (wantsCookieMode(req)) {
        await deps.logout({ refreshToken: readRefreshCookie(req), accessToken, all });
        clearRefreshCookie(req, res);
      } else {
        const refreshToken =
          all && req.body.refreshToken === undefined ? undefined : readRefreshToken(req.body);
        await deps.logout({ refreshToken, accessToken, all });
      }
      res.status(204).end();
    }),
  );

  const callback = handle(async (req, res) => {
    sendCallbackPage(res, callbackMessage(providerOf(req).id, callbackParams(req)));
  });
  router.get('/callback/:provider', knownProvider, callback);
  router.post(
    '/callback/:provider',
    knownProvider,
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }),
    callback,
  );

  for (const mount of deps.routes ?? []) mount(router, kit);

  router.post(
    '/:provider',
    ...limit('signIn'),
    knownProvider,
    cookieOrigin,
    ...body,
    handle(async (req, res) => {
      const provider = providerOf(req);
      const credential = kit.credentialOf(req, provider);
      const meta: SessionMeta = { userAgent: req.get('user-agent') };
      const linkToken = readLinkToken(req.body);
      const context = deps.verifyContext(req, provider);
      sendSession(req, res, await deps.signIn(provider, credential, context, meta, linkToken));
    }),
  );

  router.use(socialAuthErrorHandler({ onError: deps.report }));

  return router;
}

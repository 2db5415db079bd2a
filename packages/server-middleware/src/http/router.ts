import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { UnknownProviderError } from '../errors';
import type { Credential, Provider } from '../providers/types';
import type { SessionBody } from '../types';
import type { UserRecord } from '../users/resolve';
import { jsonBody } from './body';
import { readBearerToken, readCredential, readRefreshToken } from './credential';
import { loadedUser } from './guard';
import { type ErrorReporter, sendError } from './respond';

/** What the router needs; all of it framework-free. */
export interface RouterDeps {
  providers: ReadonlyMap<string, Provider>;
  rateLimit?: (req: Request, res: Response, next: NextFunction) => void;
  requireUser: express.RequestHandler;
  jwks?: () => unknown;
  issueNonce(): Promise<{ nonce: string; expiresIn: number }>;
  signIn(provider: Provider, credential: Credential): Promise<SessionBody>;
  refresh(refreshToken: string): Promise<SessionBody>;
  /** Revokes the refresh token's family and, when given and genuine, the access token. */
  logout(refreshToken: string, accessToken: string | undefined): Promise<void>;
  publicUser(user: UserRecord): unknown;
  report: ErrorReporter;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not forward rejected promises; Express 5 does. This works on both. */
const handle =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };

/**
 * The auth routes of the HTTP contract. Every failure ends in one error handler that writes
 * `{error:{code,message}}` and reports the full cause.
 */
export function createRouter(deps: RouterDeps): Router {
  const router = express.Router();
  const limit = deps.rateLimit ? [deps.rateLimit] : [];
  const body = jsonBody();

  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/providers', (_req, res) => {
    res.json({ providers: [...deps.providers.values()].map((provider) => provider.publicConfig()) });
  });

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
    ...limit,
    handle(async (_req, res) => {
      res.json(await deps.issueNonce());
    }),
  );

  router.post(
    '/refresh',
    ...limit,
    ...body,
    handle(async (req, res) => {
      res.json(await deps.refresh(readRefreshToken(req.body)));
    }),
  );

  router.post(
    '/logout',
    ...limit,
    ...body,
    handle(async (req, res) => {
      await deps.logout(readRefreshToken(req.body), readBearerToken(req.headers.authorization));
      res.status(204).end();
    }),
  );

  router.post(
    '/:provider',
    ...limit,
    (req, _res, next) => {
      next(deps.providers.has(String(req.params.provider)) ? undefined : new UnknownProviderError());
    },
    ...body,
    handle(async (req, res) => {
      const provider = deps.providers.get(String(req.params.provider)) as Provider;
      res.json(await deps.signIn(provider, readCredential(req.body, provider)));
    }),
  );

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    sendError(res, req, err, deps.report);
  });

  return router;
}

import type { PublicUser } from '@socialkit/contract';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { InvalidTokenError, UnknownProviderError } from '../errors';
import type { EmitEvent } from '../events';
import { linkIdentity } from '../flows/link';
import { endSession, listSessions, type SessionFlowDeps } from '../flows/sessions';
import { unlinkIdentity } from '../flows/unlink';
import type { SocialProvider, VerifiedProfile } from '../providers/plugin';
import type { UserModel } from '../users/model';
import type { UserRecord } from '../users/resolve';

/** What the account routes need besides the framework. */
export interface AccountRouteDeps {
  providers: ReadonlyMap<string, SocialProvider>;
  /** Rate limit of the link route (it verifies credentials with a provider, like sign-in). */
  rateLimit: RequestHandler[];
  /** The JSON body handling of every auth route. */
  body: RequestHandler[];
  /** A guard that checks revocation and loads the user, refusing deleted and disabled ones. */
  requireUser: RequestHandler;
  /**
   * Reads the provider's credential from the body and verifies it exactly as sign-in does,
   * nonce consumed included.
   */
  verify(req: Request, provider: SocialProvider): Promise<VerifiedProfile>;
  users: UserModel;
  sessions: SessionFlowDeps;
  /** Bounds a store operation in time (503 `store_unavailable`). */
  store<T>(operation: () => Promise<T>): Promise<T>;
  publicUser(user: UserRecord): PublicUser;
  emit: EmitEvent;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not forward rejected promises; Express 5 does. This works on both. */
const handle =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    fn(req, res).catch(next);
  };

function caller(req: Request): { userId: string; sessionId: string | undefined } {
  if (!req.auth) throw new InvalidTokenError('A bearer access token is required.');
  return { userId: req.auth.userId, sessionId: req.auth.sessionId };
}

/**
 * Connected accounts and signed-in devices (DESIGN.md HTTP contract, v2 rows): `POST
 * /link/:provider`, `DELETE /identities/:provider/:subject`, `GET /sessions`, `DELETE
 * /sessions/:id`. Each needs a Bearer access token that is neither revoked nor of a disabled user.
 */
export function mountAccountRoutes(router: Router, deps: AccountRouteDeps): void {
  const knownProvider: RequestHandler = (req, _res, next) => {
    next(deps.providers.has(String(req.params.provider)) ? undefined : new UnknownProviderError());
  };

  router.post(
    '/link/:provider',
    ...deps.rateLimit,
    knownProvider,
    deps.requireUser,
    ...deps.body,
    handle(async (req, res) => {
      const { userId } = caller(req);
      const provider = deps.providers.get(String(req.params.provider)) as SocialProvider;
      const profile = await deps.verify(req, provider);
      const { user, added } = await deps.store(() => linkIdentity(deps.users, userId, profile));
      if (added) deps.emit({ type: 'link', userId, provider: profile.provider, subject: profile.subject });
      res.json({ user: deps.publicUser(user) });
    }),
  );

  router.delete(
    '/identities/:provider/:subject',
    deps.requireUser,
    handle(async (req, res) => {
      const { userId } = caller(req);
      const provider = String(req.params.provider);
      const subject = String(req.params.subject);
      const user = await deps.store(() => unlinkIdentity(deps.users, userId, provider, subject));
      deps.emit({ type: 'unlink', userId, provider, subject });
      res.json({ user: deps.publicUser(user) });
    }),
  );

  router.get(
    '/sessions',
    deps.requireUser,
    handle(async (req, res) => {
      const { userId, sessionId } = caller(req);
      res.json(await deps.store(() => listSessions(deps.sessions, userId, sessionId)));
    }),
  );

  router.delete(
    '/sessions/:id',
    deps.requireUser,
    handle(async (req, res) => {
      const { userId } = caller(req);
      await deps.store(() => endSession(deps.sessions, userId, String(req.params.id)));
      res.status(204).end();
    }),
  );
}

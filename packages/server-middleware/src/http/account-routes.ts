import type { PublicUser } from '@socialkit/contract';
import type { Request, RequestHandler } from 'express';
import { InvalidTokenError, UnknownProviderError } from '../errors';
import type { EmitEvent } from '../events';
import { linkIdentity } from '../flows/link';
import { endSession, listSessions, type SessionFlowDeps } from '../flows/sessions';
import { unlinkIdentity } from '../flows/unlink';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from '../providers/plugin';
import type { UserModel } from '../users/model';
import type { UserRecord } from '../users/resolve';
import { handle, type RouteGroup } from './router';

/** What the account routes need besides what every route group gets (`RouteKit`). */
export interface AccountRouteDeps {
  /** Verifies a credential exactly as sign-in does, nonce consumed included. */
  verify(
    provider: SocialProvider,
    credential: CredentialFields,
    context: VerifyContext,
  ): Promise<VerifiedProfile>;
  users: UserModel;
  sessions: SessionFlowDeps;
  /** Bounds a store operation in time (503 `store_unavailable`). */
  store<T>(operation: () => Promise<T>): Promise<T>;
  publicUser(user: UserRecord): PublicUser;
  emit: EmitEvent;
}

function caller(req: Request): { userId: string; sessionId: string | undefined } {
  if (!req.auth) throw new InvalidTokenError('A bearer access token is required.');
  return { userId: req.auth.userId, sessionId: req.auth.sessionId };
}

/**
 * Connected accounts and signed-in devices (DESIGN.md HTTP contract, v2 rows): `POST
 * /link/:provider`, `DELETE /identities/:provider/:subject`, `GET /sessions`, `DELETE
 * /sessions/:id`. Each needs a Bearer access token that is neither revoked nor of a disabled user.
 *
 * @example
 * createRouter({ ...deps, routes: [accountRoutes({ verify, users: User, sessions, store, publicUser, emit })] });
 */
export function accountRoutes(deps: AccountRouteDeps): RouteGroup {
  return (router, kit) => {
    const knownProvider: RequestHandler = (req, _res, next) => {
      next(kit.providers.has(String(req.params.provider)) ? undefined : new UnknownProviderError());
    };

    router.post(
      '/link/:provider',
      ...kit.limit('link'),
      knownProvider,
      kit.requireUser,
      ...kit.body,
      handle(async (req, res) => {
        const { userId } = caller(req);
        const provider = kit.providers.get(String(req.params.provider)) as SocialProvider;
        const credential = kit.credentialOf(req, provider);
        const profile = await deps.verify(provider, credential, kit.verifyContext(req, provider));
        const { user, added } = await deps.store(() => linkIdentity(deps.users, userId, profile));
        if (added) deps.emit({ type: 'link', userId, provider: profile.provider, subject: profile.subject });
        res.json({ user: deps.publicUser(user) });
      }),
    );

    router.delete(
      '/identities/:provider/:subject',
      kit.requireUser,
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
      kit.requireUser,
      handle(async (req, res) => {
        const { userId, sessionId } = caller(req);
        res.json(await deps.store(() => listSessions(deps.sessions, userId, sessionId)));
      }),
    );

    router.delete(
      '/sessions/:id',
      kit.requireUser,
      handle(async (req, res) => {
        const { userId } = caller(req);
        await deps.store(() => endSession(deps.sessions, userId, String(req.params.id)));
        res.status(204).end();
      }),
    );
  };
}

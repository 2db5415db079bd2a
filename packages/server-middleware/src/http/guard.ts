import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidTokenError, SocialAuthError } from '../errors';
import { withStore } from '../store/faults';
import type { AccessTokenService } from '../tokens/access-tokens';
import type { AuthInfo } from '../types';
import type { UserRecord } from '../users/resolve';
import { type ErrorReporter, sendError } from './respond';

declare global {
  namespace Express {
    interface Request {
      /** Set by `requireAuth()`: the verified caller. */
      auth?: AuthInfo;
    }
  }
}

export interface GuardDeps {
  tokens: AccessTokenService;
  findUser(userId: string): Promise<UserRecord | null>;
  storeTimeoutMs: number;
  report: ErrorReporter;
}

export interface RequireAuthOptions {
  /** Also load the user and refuse deleted or disabled ones (one indexed read). @default false */
  loadUser?: boolean;
}

/** RFC 6750 §2.1: exactly `Bearer <b64token>`; anything else (query strings, Basic, extra spaces) is refused. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const CHALLENGED_CODES = new Set(['invalid_token', 'token_expired']);
const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

/** The loaded user, when `loadUser` was asked for. */
export function loadedUser(res: Response): UserRecord | undefined {
  return res.locals.socialAuthUser as UserRecord | undefined;
}

export function createGuard(deps: GuardDeps) {
  return function requireAuth(options: RequireAuthOptions = {}): RequestHandler {
    return async function socialAuthGuard(req: Request, res: Response, next: NextFunction): Promise<void> {
      try {
        const match = BEARER.exec(req.headers.authorization ?? '');
        if (!match?.[1]) throw new InvalidTokenError('A bearer access token is required.');
        const claims = deps.tokens.verify(match[1]);
        if (options.loadUser) {
          const user = await withStore(deps.storeTimeoutMs, () => deps.findUser(claims.sub));
          if (!user || user.disabled)
            throw new InvalidTokenError('The account no longer exists or is disabled.');
          res.locals.socialAuthUser = user;
        }
        req.auth = { userId: claims.sub, claims };
      } catch (err) {
        const challenge = err instanceof SocialAuthError && CHALLENGED_CODES.has(err.code);
        sendError(res, req, err, deps.report, challenge ? CHALLENGE : {});
        return;
      }
      next();
    };
  };
}

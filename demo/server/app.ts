import type { SocialAuth } from '@socialkit/express';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import { apiNotFound, lastErrorHandler, requireJsonBody } from './errors';
import { noteModel } from './notes/model';
import { notesRouter } from './notes/routes';
import type { DemoProviders } from './sandbox';
import { webApp } from './web';

export interface DemoAppParts {
  auth: SocialAuth;
  connection: Connection;
  providers: DemoProviders;
  distDir: string;
  logError: (err: unknown) => void;
  /** Express `trust proxy`; unset, client addresses (and rate-limit keys) come from the socket. */
  trustProxy?: boolean | number | string;
}

/**
 * The demo's routes, in the order requests meet them: sandbox providers, `/auth`, the protected
 * API, then the web app with its SPA fallback.
 *
 * @example
 * const app = createDemoApp({ auth, connection, providers, distDir, logError: console.error });
 * http.createServer(app).listen(3000);
 */
export function createDemoApp(parts: DemoAppParts): Express {
  const { auth, connection, providers } = parts;
  const app = express();
  app.disable('x-powered-by');
  if (parts.trustProxy !== undefined) app.set('trust proxy', parts.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Google's button checks the page origin through the referrer; the popups post back to this page.
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
    next();
  });

  // The fakes read their own request bodies, so they come before any body parser.
  app.use(providers.router);
  app.use('/auth', auth.router);

  // Signing out revokes the access token too, so the notes refuse it at once (one indexed lookup).
  const guard = auth.requireAuth({ checkRevoked: true });
  app.use(
    '/api',
    requireJsonBody,
    express.json({ limit: '4kb' }),
    notesRouter(noteModel(connection), [guard]),
    apiNotFound,
  );

  app.use(
    webApp({
      distDir: parts.distDir,
      config: {
        sandbox: providers.sandbox,
        providers: providers.list.map(({ id, key, name }) => ({ id, key, name })),
      },
      bootScript: providers.bootScript,
    }),
  );
  // Last: whatever reaches here (a malformed URL such as `/%E0`, a missing asset, a route that
  // threw) answers in the contract's error shape, never Express's default page with a stack.
  app.use(apiNotFound, lastErrorHandler(parts.logError));
  return app;
}

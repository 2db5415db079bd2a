/**
 * One app instance for the many-instances test, run as its own process: an Express app with
 * `@socialkit/express` on a loopback port, on the database named by `MONGODB_URI`. Every piece of
 * state it keeps is in that database, so several of these behave as one app (DESIGN.md "Many
 * instances"). The parent learns the port over IPC and ends the process by disconnecting.
 */
import type { AddressInfo } from 'node:net';
import { google, mongoRateLimitStore, socialAuth, socialAuthErrorHandler } from '@socialkit/express';
import express from 'express';
import mongoose from 'mongoose';

/** What the parent passes in `SOCIALKIT_INSTANCE` (JSON). */
export interface InstanceSettings {
  name: string;
  mongodbUri: string;
  apiTokenSecret: string;
  /** The fake Google's `options` (client ID, secret and endpoint URLs). */
  google: Record<string, string>;
  /** Counted requests per client address per minute. */
  rateLimit: number;
  reuseGraceSeconds: number;
}

/** Messages a child sends its parent. */
export type InstanceMessage = { type: 'ready'; port: number } | { type: 'failed'; message: string };

const settings = JSON.parse(process.env.SOCIALKIT_INSTANCE ?? '{}') as InstanceSettings;

async function main(): Promise<void> {
  const connection = mongoose.createConnection(settings.mongodbUri, { serverSelectionTimeoutMS: 5000 });
  await connection.asPromise();
  const auth = socialAuth({
    connection,
    providers: [google({ ...settings.google, flows: ['idToken'] } as Parameters<typeof google>[0])],
    tokens: { secret: settings.apiTokenSecret, reuseGraceSeconds: settings.reuseGraceSeconds },
    // Counted in MongoDB, so the limit holds across instances (fail closed: a test must not pass by accident).
    rateLimit: {
      limit: settings.rateLimit,
      windowMs: 60_000,
      store: mongoRateLimitStore({ connection, onStoreError: 'closed' }),
    },
  });
  await auth.ready();

  const app = express();
  // The test speaks for many clients from one loopback socket through X-Forwarded-For.
  app.set('trust proxy', 'loopback');
  app.use('/auth', auth.router);
  app.get('/api/whoami', auth.requireAuth({ checkRevoked: true }), (req, res) => {
    res.json({ instance: settings.name, userId: req.auth?.userId, sessionId: req.auth?.sessionId });
  });
  app.use(socialAuthErrorHandler());

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const shutdown = () => {
    server.closeAllConnections();
    server.close();
    Promise.allSettled([auth.close(), connection.close()]).finally(() => process.exit(0));
  };
  // The parent going away (test end, crash, Ctrl-C) closes the IPC channel: never outlive it.
  process.on('disconnect', shutdown);
  process.on('SIGTERM', shutdown);
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
}

function send(message: InstanceMessage): void {
  process.send?.(message);
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});

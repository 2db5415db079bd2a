import type { AddressInfo } from 'node:net';
import { facebook, google, type SocialAuth, socialAuth } from '@socialkit/express';
import express from 'express';
import mongoose from 'mongoose';
import { baselineReady, baselineRouter } from './baseline-route';
import { serveParent } from './child';
import { type CommandCounts, countCommands } from './command-counter';
import { storeCosts } from './rate-limit-cost';

/** What the parent tells the app to point at. */
export interface AppConfig {
  mongoUri: string;
  google: { clientId: string; jwksUri: string };
  facebook?: { appId: string; appSecret: string; graphUrl: string };
  secret: string;
}

// The app under test: the guarded and unguarded twin routes, the echo baseline and the auth router.
let auth: SocialAuth | undefined;
let connection: mongoose.Connection | undefined;
const errors: { count: number; last?: string } = { count: 0 };
let commands: () => CommandCounts = () => ({});

function describe(err: unknown): string {
  const parts: string[] = [];
  for (let cause = err; cause instanceof Error && parts.length < 4; cause = cause.cause) {
    parts.push(`${cause.name}: ${cause.message}`);
  }
  return parts.join(' <- ');
}

async function start(config: AppConfig): Promise<{ url: string }> {
  connection = await mongoose.createConnection(config.mongoUri, { monitorCommands: true }).asPromise();
  commands = countCommands(connection);
  auth = socialAuth({
    connection,
    providers: [
      google({ ...config.google, nonce: 'optional' }),
      ...(config.facebook ? [facebook(config.facebook)] : []),
    ],
    tokens: { secret: config.secret },
    // The limiter still runs on every sign-in (both counters); it just never trips under load from
    // one address, nor at the per-route global ceiling (1000 sign-ins per minute by default).
    rateLimit: { limit: 1_000_000_000, globalLimit: 1_000_000_000, windowMs: 60_000 },
    onError: (err) => {
      errors.count += 1;
      errors.last ??= describe(err);
    },
  });
  await auth.ready();
  const app = express();
  const hello = (_req: express.Request, res: express.Response) => {
    res.json({ hello: 'world' });
  };
  app.get('/open', hello);
  app.get('/guarded', auth.requireAuth(), hello);
  app.post('/echo', express.json(), (req, res) => {
    res.json(req.body);
  });
  app.use('/auth', auth.router);
  // The hand-written minimum next to it, in the same process: app CPU per sign-in is compared 1:1.
  await baselineReady(connection);
  app.use('/baseline', baselineRouter(connection, { ...config.google, secret: config.secret }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function memory() {
  // Two passes: the first can only queue finalizers for what the second then frees.
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}

serveParent({
  start: async (message) => start(message.config as AppConfig),
  memory: async () => memory(),
  errors: async () => ({ ...errors }),
  commands: async () => ({ counts: commands() }),
  rateLimitCost: async (message) => {
    if (!connection) throw new Error('start the app first');
    return storeCosts(connection, Number(message.hits), Number(message.rounds));
  },
  accessToken: async (message) => {
    if (!auth) throw new Error('start the app first');
    return { token: auth.accessTokens.sign(String(message.userId)).token };
  },
  stop: async () => {
    await auth?.close();
    await connection?.close();
    return {};
  },
});

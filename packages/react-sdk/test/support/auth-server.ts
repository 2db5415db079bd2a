import type { AddressInfo } from 'node:net';
import { socialAuth } from '@socialkit/express';
import { createFakeFacebook, createFakeGoogle, startTestMongo } from '@socialkit/testing';
import express from 'express';
import mongoose from 'mongoose';

export interface AuthServerOptions {
  /** Access-token lifetime, in seconds. */
  accessTokenTtl?: number;
}

/**
 * A real `@socialkit/express` app on a random port, backed by the test MongoDB and local fake
 * Google and Facebook, plus a guarded `GET /api/me`. Counts requests per `METHOD /path`.
 */
export async function startAuthServer(options: AuthServerOptions = {}) {
  const mongo = await startTestMongo();
  const connection = await mongoose.createConnection(mongo.uri).asPromise();
  const google = createFakeGoogle();
  const facebook = createFakeFacebook();
  await Promise.all([google.listen(), facebook.listen()]);

  const auth = socialAuth({
    connection,
    google: google.options,
    facebook: facebook.options,
    tokens: {
      secret: 'react-sdk-integration-secret-of-32-bytes!',
      accessTokenTtl: options.accessTokenTtl ?? 900,
    },
    rateLimit: false,
    onError: (err: unknown) => {
      if (process.env.DEBUG_AUTH) console.error(err);
    },
  });
  const counts = new Map<string, number>();
  const app = express();
  app.use((req, _res, next) => {
    const key = `${req.method} ${req.path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    next();
  });
  app.use('/auth', auth.router);
  app.get('/api/me', auth.requireAuth(), (req, res) => {
    res.json({ userId: (req as unknown as { auth: { userId: string } }).auth.userId });
  });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    apiUrl: `${origin}/auth`,
    google,
    facebook,
    count: (key: string) => counts.get(key) ?? 0,
    resetCounts: () => counts.clear(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([google.close(), facebook.close(), connection.close()]);
      await mongo.stop();
    },
  };
}

export type AuthServer = Awaited<ReturnType<typeof startAuthServer>>;

import type { AddressInfo } from 'node:net';
import { facebook as facebookProvider, google as googleProvider, socialAuth } from '@socialkit/express';
import { createFakeFacebook, createFakeGoogle, startTestMongo } from '@socialkit/testing';
import express, { type RequestHandler } from 'express';
import mongoose from 'mongoose';

export interface AuthServerOptions {
  /** Access-token lifetime, in seconds. */
  accessTokenTtl?: number;
}

const SIGN_IN_PATHS = ['/auth/google', '/auth/facebook'];

/**
 * A real `@socialkit/express` app on a random port, backed by the test MongoDB and local fake
 * Google and Facebook, plus a guarded `GET /api/me`. Counts requests per `METHOD /path`, keeps the
 * last sign-in body per path, and can hold sign-in requests to observe the UI while the server works.
 */
export async function startAuthServer(options: AuthServerOptions = {}) {
  const mongo = await startTestMongo();
  const connection = await mongoose.createConnection(mongo.uri).asPromise();
  const google = createFakeGoogle();
  const facebook = createFakeFacebook();
  await Promise.all([google.listen(), facebook.listen()]);

  const auth = socialAuth({
    connection,
    providers: [googleProvider(google.options), facebookProvider(facebook.options)],
    tokens: {
      secret: 'react-sdk-integration-secret-of-32-bytes!',
      accessTokenTtlSeconds: options.accessTokenTtl ?? 900,
    },
    rateLimit: false,
    onError: (err: unknown) => {
      if (process.env.DEBUG_AUTH) console.error(err);
    },
  });
  const counts = new Map<string, number>();
  const bodies = new Map<string, unknown>();
  let gate: Promise<void> | null = null;

  const record: RequestHandler = (req, _res, next) => {
    const key = `${req.method} ${req.path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (req.method === 'POST' && SIGN_IN_PATHS.includes(req.path)) bodies.set(req.path, req.body);
    next();
  };
  const held: RequestHandler = (req, _res, next) => {
    if (gate && SIGN_IN_PATHS.includes(req.path)) gate.then(() => next());
    else next();
  };
  const app = express();
  app.use(express.json(), record, held);
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
    /** The JSON body of the last `POST` to a sign-in path such as `/auth/google`. */
    lastBody: (path: string) => bodies.get(path),
    /** Holds sign-in requests until the returned release function runs. */
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      return release;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([google.close(), facebook.close(), connection.close()]);
      await mongo.stop();
    },
  };
}

export type AuthServer = Awaited<ReturnType<typeof startAuthServer>>;

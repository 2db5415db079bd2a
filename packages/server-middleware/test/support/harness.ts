import { type FakeProviders, startFakeProviders, startTestMongo, type TestMongo } from '@socialkit/testing';
import express from 'express';
import mongoose, { type Connection } from 'mongoose';
import request from 'supertest';
import {
  type FacebookOptions,
  facebook,
  type GoogleOptions,
  google,
  type SocialAuth,
  type SocialAuthOptions,
  socialAuth,
} from '../../src/index';
import { blockOutboundNetwork } from './network';

export const SECRET = 'test-secret-that-is-long-enough-for-hs256!';
const COLLECTIONS = [
  'users',
  'socialauth_refresh_tokens',
  'socialauth_nonces',
  'socialauth_revoked_tokens',
  'socialauth_sessions',
  'socialauth_link_tokens',
] as const;

/** Options for one app: any `socialAuth()` option, plus the built-in providers' own options. */
export interface AppOverrides extends Partial<SocialAuthOptions> {
  /** Google's options instead of the fake's; `false` leaves Google out. Ignored when `providers` is given. */
  google?: GoogleOptions | false;
  /** Facebook's options instead of the fake's; `false` leaves Facebook out. Ignored when `providers` is given. */
  facebook?: FacebookOptions | false;
}

export interface Harness {
  mongo: TestMongo;
  connection: Connection;
  fakes: FakeProviders;
  /** A fresh app with the default options plus `overrides`. */
  app(overrides?: AppOverrides): { app: express.Express; auth: SocialAuth; errors: unknown[] };
  /** Every document of our collections, to prove a refusal wrote nothing. */
  snapshot(): Promise<string>;
  /** Hosts a connection was refused to: outbound network is blocked while the harness runs. */
  refusedHosts: readonly string[];
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** The hosts of a MongoDB URI (`mongodb://a:1,b:2/db`), which the network block lets through. */
const mongoHosts = (uri: string): string[] =>
  (/^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri)?.[1] ?? '')
    .split(',')
    .map((host) => host.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));

export async function startHarness(): Promise<Harness> {
  const mongo = await startTestMongo({ log: () => {} });
  const connection = await mongoose
    .createConnection(mongo.uri, { serverSelectionTimeoutMS: 3000 })
    .asPromise();
  const fakes = await startFakeProviders();
  const instances: SocialAuth[] = [];
  const network = blockOutboundNetwork(mongoHosts(mongo.uri));

  return {
    refusedHosts: network.refused,
    mongo,
    connection,
    fakes,
    app(overrides = {}) {
      const errors: unknown[] = [];
      const {
        google: googleOptions = fakes.google.options,
        facebook: facebookOptions = fakes.facebook.options,
        ...options
      } = overrides;
      const providers = [
        ...(googleOptions === false ? [] : [google(googleOptions)]),
        ...(facebookOptions === false ? [] : [facebook(facebookOptions)]),
      ];
      const auth = socialAuth({
        connection,
        providers,
        tokens: { secret: SECRET },
        rateLimit: false,
        onError: (err) => errors.push(err),
        ...options,
      });
      instances.push(auth);
      const app = express();
      app.set('trust proxy', 'loopback');
      app.use('/auth', auth.router);
      app.get('/api/private', auth.requireAuth(), (req, res) => {
        res.json({ userId: req.auth?.userId });
      });
      app.get('/api/revocable', auth.requireAuth({ checkRevoked: true }), (req, res) => {
        res.json({ userId: req.auth?.userId });
      });
      app.get('/api/strict', auth.requireAuth({ loadUser: true }), (req, res) => {
        res.json({ userId: req.auth?.userId });
      });
      return { app, auth, errors };
    },
    async snapshot() {
      const parts = await Promise.all(
        COLLECTIONS.map((name) => connection.collection(name).find({}).sort({ _id: 1 }).toArray()),
      );
      return JSON.stringify(parts);
    },
    async clear() {
      fakes.reset();
      await Promise.all(COLLECTIONS.map((name) => connection.collection(name).deleteMany({})));
    },
    async close() {
      await Promise.all(instances.map((auth) => auth.close()));
      await fakes.close();
      await connection.close();
      await mongo.stop();
      network.restore();
    },
  };
}

/** A server nonce, as the SDK would fetch it before showing the Google button. */
export async function serverNonce(app: express.Express): Promise<string> {
  const res = await request(app).post('/auth/nonce').expect(200);
  return res.body.nonce as string;
}

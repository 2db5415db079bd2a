import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeFacebook, createFakeGoogle, type FakeFacebook, type FakeGoogle } from '@socialkit/testing';
import mongoose from 'mongoose';
import type { AppConfig } from './app-server';
import { type BenchChild, cpuMicros, cpuSplit, startChild } from './child';
import type { CommandCounts } from './command-counter';

/** The fake Graph API in a server of our own, so accepted TCP connections can be counted. */
export interface CountedFacebook {
  fake: FakeFacebook;
  /** TCP connections the Graph server has accepted so far. */
  connections(): number;
}

/** A running app under test, in its own process. */
export interface BenchApp {
  url: string;
  child: BenchChild;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  errors(): Promise<{ count: number; last?: string }>;
  accessToken(userId: string): Promise<string>;
  /** Database commands the app has sent so far, by `command collection`. */
  commands(): Promise<CommandCounts>;
  /** CPU time the app process has used, in microseconds. */
  cpu(): Promise<number>;
  /** The same, with its user-mode part. */
  cpuSplit(): Promise<{ micros: number; userMicros: number }>;
  stop(): Promise<void>;
}

export interface BenchEnvironment {
  mongo: {
    uri: string;
    kind: string;
    description: string;
    /** CPU time the database has used, in microseconds (0 unless it is the in-process wire server). */
    cpu(): Promise<number>;
    /** Empties every collection, keeping the indexes. */
    clear(): Promise<void>;
  };
  google: FakeGoogle;
  facebook: CountedFacebook;
  /** Starts a fresh app process wired to the database and the fakes. */
  startApp(): Promise<BenchApp>;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startCountedFacebook(): Promise<{ facebook: CountedFacebook; close(): Promise<void> }> {
  let accepted = 0;
  let fake: FakeFacebook | undefined;
  const server = createServer((req, res) => fake?.handle(req, res));
  server.on('connection', () => {
    accepted += 1;
  });
  fake = createFakeFacebook({ baseUrl: await listen(server) });
  return {
    facebook: { fake, connections: () => accepted },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The test MongoDB (own process), a fake Google and a connection-counting fake Facebook on
 * 127.0.0.1, and a factory for app processes pointed at them.
 *
 * @example
 * const env = await startEnvironment();
 * const app = await env.startApp();
 * await env.stop();
 */
export async function startEnvironment(): Promise<BenchEnvironment> {
  const mongoChild = await startChild('mongo-server.ts');
  const mongo = await mongoChild.ask<{ type: string; uri: string; kind: string; description: string }>(
    'start',
  );
  const admin = await mongoose.createConnection(mongo.uri).asPromise();
  const google = createFakeGoogle();
  await google.listen();
  const graph = await startCountedFacebook();
  const apps = new Set<BenchApp>();
  const config: AppConfig = {
    mongoUri: mongo.uri,
    google: { clientId: google.clientId, jwksUri: google.options.jwksUri },
    facebook: graph.facebook.fake.options,
    secret: 'bench-api-token-secret-0123456789abcdef',
  };

  async function startApp(): Promise<BenchApp> {
    const child = await startChild('app-server.ts');
    const { url } = await child.ask<{ type: string; url: string }>('start', { config });
    const app: BenchApp = {
      url,
      child,
      memory: () => child.ask<{ type: string; rss: number; heapUsed: number }>('memory'),
      errors: () => child.ask<{ type: string; count: number; last?: string }>('errors'),
      accessToken: async (userId) =>
        (await child.ask<{ type: string; token: string }>('accessToken', { userId })).token,
      commands: async () => (await child.ask<{ type: string; counts: CommandCounts }>('commands')).counts,
      cpu: () => cpuMicros(child),
      cpuSplit: () => cpuSplit(child),
      async stop() {
        apps.delete(app);
        await child.ask('stop').catch(() => undefined);
        await child.stop();
      },
    };
    apps.add(app);
    return app;
  }

  return {
    mongo: {
      uri: mongo.uri,
      kind: mongo.kind,
      description: mongo.description,
      // Only the wire-protocol server runs inside the child; mongod and external servers do not.
      cpu: () => (mongo.kind === 'wire-server' ? cpuMicros(mongoChild) : Promise.resolve(0)),
      async clear() {
        const collections = await admin.listCollections();
        await Promise.all(collections.map(({ name }) => admin.collection(name).deleteMany({})));
      },
    },
    google,
    facebook: graph.facebook,
    startApp,
    async stop() {
      await Promise.all([...apps].map((app) => app.stop()));
      await admin.close();
      await mongoChild.ask('stop').catch(() => undefined);
      await mongoChild.stop();
      await Promise.all([google.close(), graph.close()]);
    },
  };
}

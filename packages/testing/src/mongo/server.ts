import { createServer, type Socket } from 'node:net';
import { CursorRegistry } from './cursors';
import { Storage } from './store/storage';
import { startTtlMonitor } from './store/ttl-monitor';
import { serveConnection } from './wire/connection';

/** Options for {@link startMongoTestServer}. */
export interface MongoTestServerOptions {
  /** TCP port; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** How often expired TTL documents are swept (mongod uses 60 000). @default 1000 */
  ttlMonitorIntervalMs?: number;
}

/** A running wire-protocol test server. */
export interface MongoTestServer {
  /** `mongodb://host:port`, without a database name. */
  uri: string;
  port: number;
  /** Closes every connection and the listener; data is discarded. */
  stop(): Promise<void>;
}

/**
 * Starts an in-memory, in-process server that speaks the MongoDB wire protocol well enough for
 * mongoose and the official driver: CRUD, cursors, aggregation, unique/partial/sparse/TTL indexes.
 * For development and tests only: no auth, no TLS, no transactions, no durability.
 *
 * @example
 * ```ts
 * const server = await startMongoTestServer();
 * await mongoose.connect(`${server.uri}/app`);
 * // ...
 * await mongoose.disconnect();
 * await server.stop();
 * ```
 */
export async function startMongoTestServer(options: MongoTestServerOptions = {}): Promise<MongoTestServer> {
  const host = options.host ?? '127.0.0.1';
  const storage = new Storage();
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let connectionId = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connectionId += 1;
    serveConnection(socket, { storage, cursors, connectionId });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const stopTtl = startTtlMonitor(storage, options.ttlMonitorIntervalMs ?? 1000);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const uriHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${uriHost}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        stopTtl();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

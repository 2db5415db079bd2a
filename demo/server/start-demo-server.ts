import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { socialAuth } from '@socialkit/express';
import { createDemoApp } from './app';
import { type DemoEnv, isLoopbackHost, readDemoConfig } from './config';
import { openDemoDatabase } from './database';
import { type DemoRateLimitStore, demoRateLimitStore } from './rate-limit-store';
import { demoProviders } from './sandbox';

export { DemoConfigError, type DemoEnv } from './config';

const DEFAULT_DIST_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface StartDemoServerOptions {
  /** Where the built web app is. @default demo/web/dist */
  distDir?: string;
  /** Startup lines (URL, database, providers, warnings). @default console.info */
  log?: (line: string) => void;
  /** Every error with its full cause, including refused sign-ins. @default console.error */
  logError?: (err: unknown) => void;
}

/** A running demo server. */
export interface DemoServer {
  /** e.g. `http://localhost:3000` */
  url: string;
  port: number;
  /** By provider route id: true when that provider is a local fake. */
  sandbox: Record<string, boolean>;
  close(): Promise<void>;
}

/** One line per error: what failed and why, down the cause chain (the client only saw the code). */
function logCompactly(err: unknown): void {
  const reasons: string[] = [];
  for (let cause: unknown = err; cause instanceof Error && reasons.length < 4; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    reasons.push(typeof code === 'string' ? `${code}: ${cause.message}` : cause.message);
  }
  console.error(reasons.length > 0 ? reasons.join(' ← ') : err);
}

/** Listens and returns the port and the origin at which this server can call itself. */
async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ port: number; selfOrigin: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const ipv6 = address.family === 'IPv6';
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const self = unspecified ? (ipv6 ? '::1' : '127.0.0.1') : address.address;
  return { port: address.port, selfOrigin: `http://${ipv6 ? `[${self}]` : self}:${address.port}` };
}

/** The URL to print: `localhost` for loopback addresses (what providers' consoles expect), else the host. */
function urlHost(host: string): string {
  if (isLoopbackHost(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Loud on purpose: a sandboxed provider signs anyone in as any sandbox account. */
function sandboxWarning(sandboxed: string[], host: string): string[] {
  const rule = '!'.repeat(72);
  return [
    rule,
    `!! SANDBOX MODE: ${sandboxed.join(', ')} ${sandboxed.length === 1 ? 'is a local fake' : 'are local fakes'}.`,
    '!! Anyone who can reach this server can sign in as any sandbox account.',
    `!! Listening on ${host} (loopback) only. For development, never for real users.`,
    rule,
  ];
}

/**
 * Starts the demo: `/auth`, the notes API and the web app on one port, configured only by `env`.
 * Rejects with `DemoConfigError` on a configuration mistake (e.g. sandbox under NODE_ENV=production).
 *
 * @example
 * const demo = await startDemoServer({ PORT: '0', AUTH_RATE_LIMIT: '0' }, { log: () => {} });
 * await fetch(`${demo.url}/api/notes`); // 401
 * await demo.close();
 */
export async function startDemoServer(
  env: DemoEnv,
  options: StartDemoServerOptions = {},
): Promise<DemoServer> {
  const log = options.log ?? console.info;
  const logError = options.logError ?? logCompactly;
  const config = readDemoConfig(env);
  const database = await openDemoDatabase(config.mongodbUri);
  const server = createServer();
  let rateLimitStore: DemoRateLimitStore | undefined;
  try {
    const { port, selfOrigin } = await listen(server, config.port, config.host);
    const providers = demoProviders(config, selfOrigin);
    rateLimitStore = demoRateLimitStore(config.rateLimitStore, database.connection, config.redisUrl);
    const auth = socialAuth({
      connection: database.connection,
      providers: providers.providers,
      tokens: {
        secret: config.apiTokenSecret,
        ...(config.accessTokenTtl ? { accessTokenTtlSeconds: config.accessTokenTtl } : {}),
      },
      rateLimit:
        config.authRateLimit === 0
          ? false
          : { limit: config.authRateLimit, windowMs: 60_000, store: rateLimitStore.store },
      onError: (err, req) => logError(new Error(`${req.method} ${req.originalUrl}`, { cause: err })),
    });
    await auth.ready();
    const distDir = options.distDir ?? DEFAULT_DIST_DIR;
    server.on(
      'request',
      createDemoApp({
        auth,
        connection: database.connection,
        providers,
        distDir,
        logError,
        ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
      }),
    );

    const url = `http://${urlHost(config.host)}:${port}`;
    log(`socialkit demo on ${url}`);
    if (config.sandboxed.length > 0) {
      for (const line of sandboxWarning(config.sandboxed, config.host)) log(line);
    }
    log(database.description);
    for (const { id, key, name, sandbox } of providers.list) {
      log(
        `${name}: ${sandbox ? `sandbox (local fake at /sandbox/${key}, no real accounts)` : 'live'} at /auth/${id}`,
      );
    }
    log(
      config.authRateLimit === 0
        ? 'Auth rate limit: off'
        : `Auth rate limit: ${config.authRateLimit} per client address per minute, counted in ${rateLimitStore.description}`,
    );
    if (config.generatedSecret) {
      log('Warning: API_TOKEN_SECRET is not set; using a random one, so sessions end when the server stops.');
    }
    return {
      url,
      port,
      sandbox: providers.sandbox,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await auth.close();
        await rateLimitStore?.close();
        await database.close();
      },
    };
  } catch (err) {
    server.closeAllConnections();
    server.close();
    await rateLimitStore?.close();
    await database.close();
    throw err;
  }
}

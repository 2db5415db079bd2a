import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export interface TestRedis {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Stops the server; its data is gone (no persistence). */
  stop(): Promise<void>;
}

export interface StartTestRedisOptions {
  /** @default process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server' */
  binary?: string;
  /** How long to wait for the server to answer PING. @default 10000 */
  startTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True once the server answers an inline `PING` with `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A throwaway `redis-server` (Debian package `redis-server`) on a free loopback port, without
 * persistence, for tests of Redis-backed stores.
 *
 * @example
 * const redis = await startTestRedis();
 * const client = new Redis(redis.url);
 * // …
 * client.disconnect();
 * await redis.stop();
 */
export async function startTestRedis(options: StartTestRedisOptions = {}): Promise<TestRedis> {
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) {
    throw new Error(
      `redis-server not found at ${binary}: install it (apt-get install redis-server) or set REDIS_SERVER_BIN.`,
    );
  }
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    });
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

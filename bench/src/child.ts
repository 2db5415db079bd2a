import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A message a bench child sends back; `id` pairs a reply with its request. */
export interface ChildMessage {
  id?: number;
  type: string;
  [field: string]: unknown;
}

export interface BenchChild {
  /** Sends a request and resolves with the child's reply to it. */
  ask<T extends ChildMessage>(type: string, fields?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts `script` (a TypeScript file next to this one) in its own Node process, so the server under
 * test gets its own core and its memory is not mixed with the load generator's.
 *
 * @example
 * const app = await startChild('app-server.ts', { BENCH_APP_CONFIG: JSON.stringify(config) });
 * const { url } = await app.ask<{ type: 'ready'; url: string }>('hello');
 */
export async function startChild(script: string, env: Record<string, string> = {}): Promise<BenchChild> {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    cwd: REPO_ROOT,
    // BENCH_CHILD_NODE_OPTIONS adds flags for a look inside, e.g. `--cpu-prof --cpu-prof-dir=prof`.
    execArgv: [
      '--conditions=source',
      '--import',
      'tsx',
      '--expose-gc',
      ...(process.env.BENCH_CHILD_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(m: ChildMessage): void; reject(e: Error): void }>();
  const failAll = (err: Error) => {
    for (const waiter of pending.values()) waiter.reject(err);
    pending.clear();
  };
  child.on('message', (message: ChildMessage) => {
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter || message.id === undefined) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(String(message.message)));
    else waiter.resolve(message);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      failAll(new Error(`${script} exited (code ${code}, signal ${signal})`));
      resolve();
    });
  });

  const ask = <T extends ChildMessage>(type: string, fields: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (m: ChildMessage) => void, reject });
      child.send({ ...fields, id, type });
    });

  return {
    ask,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The child's side: answers requests from the parent with `handlers[type]`.
 *
 * @example
 * serveParent({ memory: async () => ({ rss: process.memoryUsage().rss }) });
 */
export function serveParent(handlers: Record<string, (message: ChildMessage) => Promise<object>>): void {
  const all: typeof handlers = { ...handlers, cpu: async () => cpuTime() };
  process.on('message', (message: ChildMessage) => {
    const handler = all[message.type];
    const reply = (fields: object) => process.send?.({ ...fields, id: message.id });
    if (!handler) {
      reply({ type: 'error', message: `unknown request ${message.type}` });
      return;
    }
    handler(message).then(
      (fields) => reply({ type: 'reply', ...fields }),
      (err: unknown) => reply({ type: 'error', message: err instanceof Error ? err.stack : String(err) }),
    );
  });
  process.on('SIGTERM', () => process.exit(0));
}

/** CPU time this process has used, user + system, in microseconds. */
function cpuTime(): { micros: number; userMicros: number } {
  const { user, system } = process.cpuUsage();
  return { micros: user + system, userMicros: user };
}

/** Reads a child's CPU time (every child answers `cpu`). */
export async function cpuMicros(child: BenchChild): Promise<number> {
  return (await child.ask<{ type: string; micros: number }>('cpu')).micros;
}

/** A child's CPU time split: all of it, and the user-mode part (without the kernel's socket work). */
export async function cpuSplit(child: BenchChild): Promise<{ micros: number; userMicros: number }> {
  const { micros, userMicros } = await child.ask<{ type: string; micros: number; userMicros: number }>('cpu');
  return { micros, userMicros };
}

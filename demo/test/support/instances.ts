import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceMessage, InstanceSettings } from './instance-app';

const demoDir = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./instance-app.ts', import.meta.url));

/** One running app process. */
export interface Instance {
  name: string;
  origin: string;
  /** What the process wrote to stderr so far, for failure messages. */
  output(): string;
}

/** Several app processes on one database; `stop()` ends every one of them. */
export interface Instances {
  list: Instance[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

function startOne(settings: InstanceSettings): { child: ChildProcess; ready: Promise<Instance> } {
  // tsx runs the TypeScript entry; `source` resolves the workspace packages to their sources.
  const child = fork(entry, [], {
    cwd: demoDir,
    execArgv: ['--conditions=source', '--import', 'tsx'],
    env: { ...process.env, SOCIALKIT_INSTANCE: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const ready = new Promise<Instance>((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`instance ${settings.name} did not start: ${reason}\n${output}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.on('message', (message: InstanceMessage) => {
      if (message.type === 'failed') {
        fail(message.message);
        return;
      }
      clearTimeout(timer);
      resolve({ name: settings.name, origin: `http://127.0.0.1:${message.port}`, output: () => output });
    });
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? code}`));
    child.once('error', (err) => fail(err.message));
  });
  return { child, ready };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts one process per name, each its own Express app with `@socialkit/express` on a free
 * loopback port, all on `settings.mongodbUri`. If any fails to start, every started one is
 * stopped before the error is thrown, so a failed run leaves no process behind.
 *
 * @example
 * const instances = await startInstances(['A', 'B', 'C'], { mongodbUri, apiTokenSecret, google, ... });
 * afterAll(() => instances.stop());
 */
export async function startInstances(
  names: string[],
  settings: Omit<InstanceSettings, 'name'>,
): Promise<Instances> {
  const started = names.map((name) => startOne({ ...settings, name }));
  const children = started.map(({ child }) => child);
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  // A crashed test runner must not leave app processes behind.
  const onExit = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  try {
    const list = await Promise.all(started.map(({ ready }) => ready));
    return {
      list,
      async stop() {
        process.off('exit', onExit);
        await stop();
      },
    };
  } catch (err) {
    process.off('exit', onExit);
    await stop();
    throw err;
  }
}

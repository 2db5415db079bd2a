import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('../..', import.meta.url));
const distIndex = join(demoDir, 'web/dist/index.html');
const inputs = [
  join(demoDir, 'web/index.html'),
  join(demoDir, 'web/src'),
  join(demoDir, 'vite.config.ts'),
  join(demoDir, '../packages/react-sdk/src'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

/** True when `demo/web/dist` is missing or older than the web app or SDK sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return inputs.some((input) => newestMtime(input) > built);
}

/** Builds the web app with Vite unless `demo/web/dist` is already up to date. */
export async function ensureWebBuild(log: (line: string) => void = console.info): Promise<void> {
  if (!webBuildIsStale()) return;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(demoDir, 'vite.config.ts'), logLevel: 'warn' });
  log(`socialkit-demo: built the web app in ${Date.now() - started} ms`);
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureWebBuild } from './support/web-build';

type Setup = () => Promise<() => Promise<void>>;

/** Vitest loads globalSetup files without the project's `source` condition, so follow it by hand. */
function sourceEntry(pkg: string, subpath: string): string {
  const manifest = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { source: string }>;
  };
  const entry = exports[subpath]?.source;
  if (!entry) throw new Error(`${pkg} has no source entry for "${subpath}".`);
  return join(dirname(manifest), entry);
}

/** Builds the web app once if it is missing or stale, and picks one test MongoDB for the run. */
export default async function setup(): Promise<() => Promise<void>> {
  const [{ default: setupTestMongo }] = await Promise.all([
    import(sourceEntry('@socialkit/testing', './vitest-global-setup')) as Promise<{ default: Setup }>,
    ensureWebBuild(),
  ]);
  return setupTestMongo();
}

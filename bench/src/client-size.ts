import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Measurement } from './report';
import { fmt } from './stats';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const CORE_ENTRY = fileURLToPath(new URL('../../packages/react-sdk/src/core/index.ts', import.meta.url));
/** Peers of @socialkit/react: the app already ships them. */
const EXTERNAL = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  '@react-oauth/google',
  '@greatsumini/react-facebook-login',
];

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/**
 * Minified + gzipped size of everything `specifier` exports, as an app bundler would ship it:
 * esbuild ESM bundle for the browser, production mode, peers external, gzip level 9.
 *
 * @example
 * const { gzipped } = await bundleSize('@react-oauth/google', ['react', 'react-dom']);
 */
export async function bundleSize(specifier: string, external: readonly string[]): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: BENCH_DIR, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...external],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * Client size of `@socialkit/react` (framework-free core alone, and the whole package) next to
 * `@react-oauth/google` measured the same way.
 *
 * @example
 * const { rows } = await measureClientSize();
 */
export async function measureClientSize(): Promise<Measurement> {
  const reactOnly = ['react', 'react/*', 'react-dom', 'react-dom/*'];
  const [core, whole, withProviders, peer] = await Promise.all([
    bundleSize(CORE_ENTRY, EXTERNAL),
    bundleSize('@socialkit/react', EXTERNAL),
    bundleSize('@socialkit/react', reactOnly),
    bundleSize('@react-oauth/google', reactOnly),
  ]);
  const section = 'Client size (min + gzip)';
  const baseline = `@react-oauth/google ${fmt.kb(peer.gzipped)}`;
  const note =
    'esbuild ESM bundle, minified, gzip -9; react, react-dom, @react-oauth/google, @greatsumini/react-facebook-login external';
  return {
    rows: [
      {
        section,
        metric: '@socialkit/react core entry (`src/core`, no React)',
        value: `${fmt.kb(core.gzipped)} (${fmt.kb(core.minified)} min)`,
        baseline,
        ratio: fmt.ratio(core.gzipped / peer.gzipped),
        note,
      },
      {
        section,
        metric: '@socialkit/react whole package',
        value: `${fmt.kb(whole.gzipped)} (${fmt.kb(whole.minified)} min)`,
        baseline: `${baseline} (${fmt.kb(peer.minified)} min)`,
        ratio: fmt.ratio(whole.gzipped / peer.gzipped),
        note,
      },
      {
        section,
        metric: '@socialkit/react with both provider libraries bundled',
        value: `${fmt.kb(withProviders.gzipped)} (${fmt.kb(withProviders.minified)} min)`,
        baseline,
        ratio: fmt.ratio(withProviders.gzipped / peer.gzipped),
        note: 'what an app adds for Google + Facebook; only react and react-dom external',
      },
    ],
    numbers: {
      coreGzipped: core.gzipped,
      wholeGzipped: whole.gzipped,
      peerGzipped: peer.gzipped,
      withProvidersGzipped: withProviders.gzipped,
      coreMinified: core.minified,
      wholeMinified: whole.minified,
      peerMinified: peer.minified,
    },
  };
}

import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
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

/** What an app that signs in with Google only imports from the package. */
const APP_ENTRY = [
  "export { SocialAuthProvider, SocialLogin, useSocialAuth } from '@socialkit/react';",
  "export { googleButton } from '@socialkit/react/google';",
].join('\n');

/** Every other provider button, by its entry point (`@socialkit/react/<entry>`). */
const ADDED_BUTTONS = [
  { id: 'facebook', entry: 'facebook', name: 'facebookButton' },
  { id: 'apple', entry: 'apple', name: 'appleButton' },
  { id: 'microsoft', entry: 'microsoft', name: 'microsoftButton' },
  { id: 'github', entry: 'github', name: 'githubButton' },
  { id: 'oidc', entry: 'oidc', name: 'oidcButton' },
] as const;

/** Own code of a Google-only app, min + gzip (issue: "core + Google button only"). */
export const GOOGLE_ONLY_TARGET_BYTES = 4096;

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
  return bundleOf(`export * from ${JSON.stringify(specifier)};`, external);
}

/**
 * Leaves every `import()` out of the bundle, so it holds exactly what the page loads on startup;
 * the chunks loaded on first use are measured by {@link lazyChunksOf}.
 */
const lazyChunksExternal: Plugin = {
  name: 'lazy-chunks-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Like {@link bundleSize}, for an entry module's source (e.g. named imports an app would write).
 * `firstLoad` leaves out the code behind `import()`; otherwise it is bundled in (everything an app can run).
 */
export async function bundleOf(
  contents: string,
  external: readonly string[],
  { firstLoad = false } = {},
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir: BENCH_DIR, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...external],
    plugins: firstLoad ? [lazyChunksExternal] : [],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * The chunks an app loads on first use (`import()`), each min + gzip: esbuild with code splitting,
 * keeping the output files the entry does not reach through static imports.
 */
export async function lazyChunksOf(
  contents: string,
  external: readonly string[],
): Promise<Array<BundleSize & { name: string }>> {
  const outdir = fileURLToPath(new URL('../.lazy-chunks', import.meta.url));
  const result = await build({
    stdin: { contents, resolveDir: BENCH_DIR, loader: 'ts' },
    bundle: true,
    minify: true,
    splitting: true,
    outdir,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: [...external],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint);
  const initial = new Set<string>();
  const visit = (path: string | undefined) => {
    if (!path || initial.has(path)) return;
    initial.add(path);
    for (const { path: next, kind, external: outside } of outputs[path]?.imports ?? [])
      if (kind === 'import-statement' && !outside) visit(next);
  };
  visit(entry);
  return Object.keys(outputs)
    .filter((path) => !initial.has(path) && !path.endsWith('.map'))
    .map((path) => {
      const code = byPath.get(resolve(path)) ?? new Uint8Array();
      const name = basename(path, '.js').replace(/-[A-Z0-9]{8}$/, '');
      return { name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
    });
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
  const firstLoad = { firstLoad: true };
  const lazyChunks = lazyChunksOf(APP_ENTRY, EXTERNAL);
  const [core, whole, withProviders, peer, googleOnly, ...withEach] = await Promise.all([
    bundleSize(CORE_ENTRY, EXTERNAL),
    bundleSize('@socialkit/react', EXTERNAL),
    bundleOf(`${APP_ENTRY}\nexport { facebookButton } from '@socialkit/react/facebook';`, reactOnly),
    bundleSize('@react-oauth/google', reactOnly),
    bundleOf(APP_ENTRY, EXTERNAL, firstLoad),
    ...ADDED_BUTTONS.map(({ entry, name }) =>
      bundleOf(`${APP_ENTRY}\nexport { ${name} } from '@socialkit/react/${entry}';`, EXTERNAL, firstLoad),
    ),
    bundleOf(
      [
        APP_ENTRY,
        ...ADDED_BUTTONS.map(({ entry, name }) => `export { ${name} } from '@socialkit/react/${entry}';`),
      ].join('\n'),
      EXTERNAL,
      firstLoad,
    ),
  ]);
  const lazy = await lazyChunks;
  const lazyTotal = lazy.reduce(
    (sum, chunk) => ({ minified: sum.minified + chunk.minified, gzipped: sum.gzipped + chunk.gzipped }),
    { minified: 0, gzipped: 0 },
  );
  const everyButton = withEach.pop() as BundleSize;
  const added = ADDED_BUTTONS.map((button, i) => ({
    ...button,
    gzipped: (withEach[i]?.gzipped ?? 0) - googleOnly.gzipped,
    minified: (withEach[i]?.minified ?? 0) - googleOnly.minified,
  }));
  const section = 'Client size (min + gzip)';
  const baseline = `@react-oauth/google ${fmt.kb(peer.gzipped)}`;
  const note =
    'esbuild ESM bundle, minified, gzip -9; react, react-dom, @react-oauth/google, @greatsumini/react-facebook-login external';
  return {
    rows: [
      {
        section,
        metric: 'core + Google button only, first load (own code)',
        value: `${fmt.kb(googleOnly.gzipped)} (${fmt.kb(googleOnly.minified)} min)`,
        baseline,
        ratio: fmt.ratio(googleOnly.gzipped / peer.gzipped),
        target: `≤ ${fmt.kb(GOOGLE_ONLY_TARGET_BYTES)}`,
        pass: googleOnly.gzipped <= GOOGLE_ONLY_TARGET_BYTES,
        note: `an app importing SocialAuthProvider, SocialLogin, useSocialAuth and googleButton: what its page loads on startup, code behind import() left out; ${note}`,
      },
      {
        section,
        metric: 'core + Google button only, loaded on first use (own code)',
        value: `+${fmt.kb(lazyTotal.gzipped)} (+${fmt.kb(lazyTotal.minified)} min)`,
        note: `chunks the same app fetches with import() when a feature is first used: ${lazy
          .map(({ name, gzipped }) => `${name} ${fmt.kb(gzipped)}`)
          .join(', ')}; esbuild code splitting, each chunk gzipped on its own`,
      },
      ...added.map(({ id, gzipped, minified }) => ({
        section,
        metric: `+ ${id} button`,
        value: `+${fmt.kb(gzipped)} (+${fmt.kb(minified)} min)`,
        note: `first load of the Google-only app plus @socialkit/react/${id}, minus the Google-only app; no provider SDK (popup code flow with PKCE${id === 'apple' ? ', Apple JS loaded at run time' : ''})`,
      })),
      {
        section,
        metric: '+ every other button together',
        value: `+${fmt.kb(everyButton.gzipped - googleOnly.gzipped)} (+${fmt.kb(everyButton.minified - googleOnly.minified)} min)`,
        note: `${ADDED_BUTTONS.map(({ id }) => id).join(', ')}: less than the sum, since the popup code flow is shared; total ${fmt.kb(everyButton.gzipped)}`,
      },
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
        metric: 'Google + Facebook buttons with both provider libraries bundled',
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
      googleOnlyGzipped: googleOnly.gzipped,
      googleOnlyLazyGzipped: lazyTotal.gzipped,
      ...Object.fromEntries(added.map(({ id, gzipped }) => [`${id}ButtonGzipped`, gzipped])),
      coreMinified: core.minified,
      wholeMinified: whole.minified,
      peerMinified: peer.minified,
    },
  };
}

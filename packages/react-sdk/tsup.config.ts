import { readdirSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// Peers and the provider SDK wrappers (optional peers) come from the app, so there is one React
// in the page and an app bundles only the SDKs of the providers it imports.
const PEERS = ['react', 'react-dom', /^react\//, '@react-oauth/google', '@greatsumini/react-facebook-login'];

const shared: Options = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  // Runs in browsers (and on servers for SSR): modern syntax, nothing Node-specific.
  target: 'es2022',
  platform: 'neutral',
  external: PEERS,
};

/** Every folder under `src/providers/` is its own entry, `@socialkit/react/<id>`. */
const providerEntries = Object.fromEntries(
  readdirSync('src/providers', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, `src/providers/${entry.name}/index.ts`]),
);

export default defineConfig([
  {
    ...shared,
    // One build with shared chunks: a provider entry and the main entry must use the same React
    // context and client module, not copies of them.
    entry: { index: 'src/index.ts', ...providerEntries },
    splitting: true,
    // The provider, buttons and hook use state and effects: in a Next.js App Router tree the bundle must
    // be a client module. esbuild drops per-file directives when bundling, so the banner adds it once.
    banner: { js: "'use client';" },
  },
  // The framework-free core without the directive, so server code (route handlers, server components)
  // can import `createSocialAuthClient` and `isSocialAuthError` as plain functions.
  { ...shared, entry: { core: 'src/core/index.ts' } },
]);

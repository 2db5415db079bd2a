import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  // Runs in browsers (and on servers for SSR): modern syntax, nothing Node-specific.
  target: 'es2022',
  platform: 'neutral',
  // Peers and the provider SDK wrappers come from the app, so there is one React in the page.
  external: ['react', 'react-dom', /^react\//, '@react-oauth/google', '@greatsumini/react-facebook-login'],
};

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts' },
    // The provider, buttons and hook use state and effects: in a Next.js App Router tree the bundle must
    // be a client module. esbuild drops per-file directives when bundling, so the banner adds it once.
    banner: { js: "'use client';" },
  },
  // The framework-free core without the directive, so server code (route handlers, server components)
  // can import `createSocialAuthClient` and `isSocialAuthError` as plain functions.
  { ...shared, entry: { core: 'src/core/index.ts' } },
]);

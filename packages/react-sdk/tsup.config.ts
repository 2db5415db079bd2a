import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  // Runs in browsers (and on servers for SSR): modern syntax, nothing Node-specific.
  target: 'es2022',
  platform: 'neutral',
  // Peers and the provider SDK wrappers come from the app, so there is one React in the page.
  external: ['react', 'react-dom', /^react\//, '@react-oauth/google', '@greatsumini/react-facebook-login'],
  // The provider, buttons and hook use state and effects: in a Next.js App Router tree the bundle must
  // be a client module. esbuild drops per-file directives when bundling, so the banner adds it once.
  banner: { js: "'use client';" },
});

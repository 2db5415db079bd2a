import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // Keep `node:crypto` and friends as written: unambiguous for bundlers and for Node.
  removeNodeProtocol: false,
});

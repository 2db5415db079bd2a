import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  // One file per `exports` entry, and cli.js for the `socialkit-mongo` launcher (its shebang is kept).
  entry: {
    index: 'src/index.ts',
    google: 'src/google/index.ts',
    facebook: 'src/facebook/index.ts',
    apple: 'src/apple/index.ts',
    microsoft: 'src/microsoft/index.ts',
    github: 'src/github/index.ts',
    oidc: 'src/oidc/index.ts',
    browser: 'src/browser/index.ts',
    mongo: 'src/mongo/index.ts',
    cli: 'src/mongo/cli.ts',
    'vitest-global-setup': 'src/mongo/vitest-global-setup.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // Keep `node:net` and friends as written: unambiguous for bundlers and for Node.
  removeNodeProtocol: false,
  // The browser stand-ins are plain JavaScript read at run time from `stand-ins/` next to the chunks.
  onSuccess: () => cp('src/browser/stand-ins', 'dist/stand-ins', { recursive: true }),
});

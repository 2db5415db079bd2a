#!/usr/bin/env node
// `socialkit-mongo`: the MongoDB wire-protocol test server's command line. A published package runs
// its built CLI; a repository checkout that was never built runs the TypeScript source through tsx,
// so installing the workspace needs no build step first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL('../src/mongo/cli.ts', import.meta.url));
  const args = ['--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

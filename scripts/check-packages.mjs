#!/usr/bin/env node
// Builds every publishable package, then checks what npm would ship: each `exports` entry and bin
// exists, publint finds nothing, and are-the-types-wrong resolves the types (ESM only: no CJS build).
// Usage: node scripts/check-packages.mjs [--no-build]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function run(command, args, cwd) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => done({ ok: code === 0, output }));
  });
}

/** Files an `exports` value points at for the conditions we publish (`source` stays in the repo). */
function exportedFiles(value, files = []) {
  if (typeof value === 'string') files.push(value);
  else if (value && typeof value === 'object')
    for (const [condition, target] of Object.entries(value))
      if (condition !== 'source') exportedFiles(target, files);
  return files;
}

function checkEntries(dir, manifest) {
  const problems = [];
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const file of [...exportedFiles(manifest.exports), ...bins, manifest.main, manifest.types]) {
    if (file && !existsSync(join(dir, file))) problems.push(`missing ${file}`);
  }
  for (const file of bins.filter((path) => existsSync(join(dir, path)))) {
    if (!readFileSync(join(dir, file), 'utf8').startsWith('#!')) problems.push(`bin ${file} has no #! line`);
  }
  const usesReact = 'react' in (manifest.peerDependencies ?? {});
  const main = join(dir, manifest.exports?.['.']?.import ?? manifest.main ?? '');
  if (usesReact && !/^['"]use client['"];/.test(readFileSync(main, 'utf8'))) {
    problems.push(
      `${manifest.exports['.'].import} does not start with 'use client' (Next.js server components)`,
    );
  }
  return problems;
}

/** Packs once (what npm would publish), then lints that tarball with publint and attw. */
async function checkTarball(dir) {
  const problems = [];
  const out = await mkdtemp(join(tmpdir(), 'socialkit-pack-'));
  try {
    const pack = await run('pnpm', ['pack', '--pack-destination', out], dir);
    const tarball = (await readdir(out)).find((file) => file.endsWith('.tgz'));
    if (!pack.ok || !tarball) return [`pnpm pack failed:\n${pack.output}`];
    const bytes = await readFile(join(out, tarball));
    const [lint, attw] = await Promise.all([
      publint({ strict: true, pack: { tarball: new Uint8Array(bytes).buffer } }),
      run(bin('attw'), [join(out, tarball), '--profile', 'esm-only', '--format', 'table-flipped'], dir),
    ]);
    for (const message of lint.messages) {
      problems.push(`publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false })}`);
    }
    if (!attw.ok) problems.push(`attw:\n${attw.output}`);
    return problems;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function checkPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const since = performance.now();
  const problems = [...checkEntries(dir, manifest), ...(await checkTarball(dir))];
  return { name: manifest.name, problems, took: seconds(since) };
}

if (!process.argv.includes('--no-build')) {
  const since = performance.now();
  const build = await run('pnpm', ['build'], root);
  if (!build.ok) {
    console.error(build.output);
    console.error('pnpm build failed');
    process.exit(1);
  }
  console.log(`pnpm build: ok (${seconds(since)})`);
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => {
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) return false;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return !manifest.private && manifest.scripts?.build;
  });
const results = await Promise.all(packages.map(checkPackage));
for (const { name, problems, took } of results) {
  console.log(`${name}: ${problems.length ? 'FAILED' : 'ok'} — exports, publint, attw (${took})`);
  for (const problem of problems) console.log(`  ${problem.replace(/\n/g, '\n    ')}`);
}
console.log(`check:packages took ${seconds(started)}`);
process.exit(results.some((result) => result.problems.length) ? 1 : 0);

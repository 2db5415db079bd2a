import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../src/mongo/cli.ts', import.meta.url));

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return { child, output: () => ({ stdout, stderr }) };
}

describe('wire-server CLI', () => {
  it('prints a URI that a driver can use and exits cleanly on SIGTERM', async () => {
    const { child, output } = runCli(['--port', '0']);
    await expect.poll(() => output().stdout, { timeout: 15_000 }).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\n/);
    const uri = output().stdout.trim();
    const client = await new mongoose.mongo.MongoClient(uri).connect();
    expect(await client.db('cli').command({ ping: 1 })).toEqual({ ok: 1 });
    await client.close();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses an invalid port with exit code 2', async () => {
    const { child, output } = runCli(['--port', 'abc']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output().stderr).toContain('--port must be an integer');
  });
});

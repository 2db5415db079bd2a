import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DemoConfigError, readDemoConfig } from '../server/config';
import { startDemoServer } from '../server/start-demo-server';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const LIVE = {
  GOOGLE_CLIENT_ID: 'prod.apps.googleusercontent.com',
  FACEBOOK_APP_ID: '4242424242424242',
  FACEBOOK_APP_SECRET: 'prod-facebook-app-secret-value',
};

/** Runs the real `pnpm demo` entry point (without the build) and collects its exit code and output. */
function runDemoCli(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'server/main.ts'], {
      cwd: demoDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('NODE_ENV=production', () => {
  it('refuses sandbox mode: the CLI prints why and exits with status 1', async () => {
    const { code, stderr } = await runDemoCli({ NODE_ENV: 'production', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Sandbox mode is for development only.*Configure Google and Facebook/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a half-sandboxed setup before touching the database', async () => {
    await expect(
      startDemoServer({ NODE_ENV: 'production', GOOGLE_CLIENT_ID: LIVE.GOOGLE_CLIENT_ID }, { log: () => {} }),
    ).rejects.toThrow(/Sandbox mode is for development only.*Configure Facebook/);
  });

  it('requires API_TOKEN_SECRET when every provider is live', () => {
    expect(() => readDemoConfig({ NODE_ENV: 'production', ...LIVE })).toThrow(/API_TOKEN_SECRET is required/);
    const config = readDemoConfig({ NODE_ENV: 'production', ...LIVE, API_TOKEN_SECRET: 'x'.repeat(48) });
    expect(config).toMatchObject({
      production: true,
      generatedSecret: false,
      google: { clientId: LIVE.GOOGLE_CLIENT_ID },
    });
  });
});

describe('environment', () => {
  it('defaults to port 3000, both providers sandboxed, a random secret and 30 sign-ins per minute', () => {
    const first = readDemoConfig({});
    expect(first).toMatchObject({ port: 3000, authRateLimit: 30, generatedSecret: true, production: false });
    expect(first.google).toBeUndefined();
    expect(first.facebook).toBeUndefined();
    expect(first.apiTokenSecret.length).toBeGreaterThanOrEqual(32);
    expect(readDemoConfig({}).apiTokenSecret).not.toBe(first.apiTokenSecret);
  });

  it('passes provider URL overrides through to live providers', () => {
    const config = readDemoConfig({
      ...LIVE,
      GOOGLE_JWKS_URI: 'http://127.0.0.1:9/certs',
      GOOGLE_TOKEN_URL: 'http://127.0.0.1:9/token',
      FACEBOOK_GRAPH_URL: 'http://127.0.0.1:9/v23.0',
      ACCESS_TOKEN_TTL: '2',
      AUTH_RATE_LIMIT: '0',
    });
    expect(config.google).toEqual({
      clientId: LIVE.GOOGLE_CLIENT_ID,
      jwksUri: 'http://127.0.0.1:9/certs',
      tokenUrl: 'http://127.0.0.1:9/token',
    });
    expect(config.facebook?.graphUrl).toBe('http://127.0.0.1:9/v23.0');
    expect(config).toMatchObject({ accessTokenTtl: 2, authRateLimit: 0 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ ACCESS_TOKEN_TTL: '0' }, /ACCESS_TOKEN_TTL must be a whole number ≥ 1/],
    [{ AUTH_RATE_LIMIT: '-1' }, /AUTH_RATE_LIMIT must be a whole number ≥ 0/],
    [{ FACEBOOK_APP_ID: '123' }, /needs both FACEBOOK_APP_ID and FACEBOOK_APP_SECRET/],
    [{ GOOGLE_CLIENT_SECRET: 'shh' }, /GOOGLE_CLIENT_SECRET is set but GOOGLE_CLIENT_ID is not/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => readDemoConfig(env)).toThrow(DemoConfigError);
    expect(() => readDemoConfig(env)).toThrow(message);
  });
});

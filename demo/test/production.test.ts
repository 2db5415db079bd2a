import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DemoConfigError, readDemoConfig } from '../server/config';
import { startDemoServer } from '../server/start-demo-server';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const LIVE = {
  GOOGLE_CLIENT_ID: 'prod.apps.googleusercontent.com',
  FACEBOOK_APP_ID: '4242424242424242',
  FACEBOOK_APP_SECRET: 'prod-facebook-app-secret-value',
  APPLE_CLIENT_ID: 'com.example.notes.web, com.example.notes',
  MICROSOFT_CLIENT_ID: '00000000-1111-2222-3333-444444444444',
  GITHUB_CLIENT_ID: 'Ov23liProdClient',
  GITHUB_CLIENT_SECRET: 'prod-github-client-secret',
  OIDC_ISSUER: 'https://sso.example.com/realms/notes',
  OIDC_CLIENT_ID: 'notes',
};
const ALL_SANDBOXED = ['Google', 'Apple', 'Microsoft', 'GitHub', 'Facebook', 'OpenID Connect'];

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

/** An IPv4 address of this machine that is not loopback, if it has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('NODE_ENV=production', () => {
  it('refuses sandbox mode: the CLI prints why and exits with status 1', async () => {
    const { code, stderr } = await runDemoCli({ NODE_ENV: 'production', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Sandbox mode is for development only.*Configure Google, Apple, Microsoft, GitHub, Facebook, OpenID Connect/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a half-sandboxed setup before touching the database', async () => {
    await expect(
      startDemoServer({ NODE_ENV: 'production', GOOGLE_CLIENT_ID: LIVE.GOOGLE_CLIENT_ID }, { log: () => {} }),
    ).rejects.toThrow(
      /Sandbox mode is for development only.*Configure Apple, Microsoft, GitHub, Facebook, OpenID Connect/,
    );
  });

  it('starts with only the configured providers when PROVIDERS lists them', () => {
    const config = readDemoConfig({
      NODE_ENV: 'production',
      PROVIDERS: 'github, google',
      GOOGLE_CLIENT_ID: LIVE.GOOGLE_CLIENT_ID,
      GITHUB_CLIENT_ID: LIVE.GITHUB_CLIENT_ID,
      GITHUB_CLIENT_SECRET: LIVE.GITHUB_CLIENT_SECRET,
      API_TOKEN_SECRET: 'x'.repeat(48),
    });
    expect(config.providers.enabled).toEqual(['google', 'github']);
    expect(config.sandboxed).toEqual([]);
    expect(config.providers.facebook).toBeUndefined();
  });

  it('requires API_TOKEN_SECRET when every provider is live', () => {
    expect(() => readDemoConfig({ NODE_ENV: 'production', ...LIVE })).toThrow(/API_TOKEN_SECRET is required/);
    const config = readDemoConfig({ NODE_ENV: 'production', ...LIVE, API_TOKEN_SECRET: 'x'.repeat(48) });
    expect(config).toMatchObject({
      production: true,
      generatedSecret: false,
      sandboxed: [],
      providers: { google: { clientId: LIVE.GOOGLE_CLIENT_ID } },
    });
  });
});

describe('sandbox exposure', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20', 'demo.example.com'])(
    'refuses HOST=%s while a provider is sandboxed',
    (host) => {
      expect(() => readDemoConfig({ HOST: host })).toThrow(DemoConfigError);
      expect(() => readDemoConfig({ HOST: host })).toThrow(
        new RegExp(`Sandbox mode listens on loopback only, and HOST=${host.replace(/\./g, '\\.')} `),
      );
      expect(() => readDemoConfig({ HOST: host, GOOGLE_CLIENT_ID: LIVE.GOOGLE_CLIENT_ID })).toThrow(
        /Apple, Microsoft, GitHub, Facebook, OpenID Connect would run as local fakes/,
      );
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost'])('accepts loopback HOST=%s', (host) => {
    expect(readDemoConfig({ HOST: host }).host).toBe(host);
  });

  it('listens on 127.0.0.1 by default, and anywhere only when every provider is live', () => {
    expect(readDemoConfig({}).host).toBe('127.0.0.1');
    expect(readDemoConfig({ ...LIVE, HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', sandboxed: [] });
  });

  it('the CLI refuses a public HOST in sandbox mode without starting', async () => {
    const { code, stderr } = await runDemoCli({ HOST: '0.0.0.0', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Cannot start the demo: Sandbox mode listens on loopback only, and HOST=0\.0\.0\.0/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('warns loudly at startup and serves only on loopback', async () => {
    const lines: string[] = [];
    const demo = await startDemoServer(
      { PORT: '0', AUTH_RATE_LIMIT: '0', API_TOKEN_SECRET: 'x'.repeat(48) },
      { log: (line) => lines.push(line) },
    );
    try {
      expect(demo.url).toBe(`http://localhost:${demo.port}`);
      expect(lines.join('\n')).toMatch(
        /SANDBOX MODE: Google, Apple, Microsoft, GitHub, Facebook, OpenID Connect are local fakes/,
      );
      expect(lines.join('\n')).toMatch(/Listening on 127\.0\.0\.1 \(loopback\) only/);
      const outside = nonLoopbackAddress();
      if (outside) {
        await expect(fetch(`http://${outside}:${demo.port}/demo-config.json`)).rejects.toThrow();
      }
      expect((await fetch(`http://127.0.0.1:${demo.port}/demo-config.json`)).status).toBe(200);
    } finally {
      await demo.close();
    }
  });
});

describe('environment', () => {
  it('defaults to port 3000, every provider sandboxed, a random secret and 30 sign-ins per minute', () => {
    const first = readDemoConfig({});
    expect(first).toMatchObject({
      port: 3000,
      authRateLimit: 30,
      generatedSecret: true,
      production: false,
      rateLimitStore: 'mongo',
      facebookTrustEmail: false,
      sandboxed: ALL_SANDBOXED,
      providers: { enabled: ['google', 'apple', 'microsoft', 'github', 'facebook', 'oidc'], oidcId: 'oidc' },
    });
    expect(first.trustProxy).toBeUndefined();
    expect(first.googleFlows).toBeUndefined();
    for (const key of ['google', 'facebook', 'apple', 'microsoft', 'github', 'oidc'] as const) {
      expect(first.providers[key], key).toBeUndefined();
    }
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
    expect(config.providers.google).toEqual({
      clientId: LIVE.GOOGLE_CLIENT_ID,
      jwksUri: 'http://127.0.0.1:9/certs',
      tokenUrl: 'http://127.0.0.1:9/token',
    });
    expect(config.providers.facebook?.graphUrl).toBe('http://127.0.0.1:9/v23.0');
    expect(config).toMatchObject({ accessTokenTtl: 2, authRateLimit: 0 });
  });

  it('reads Apple, Microsoft, GitHub and OIDC settings; each with credentials runs live', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nMIGT\\n-----END PRIVATE KEY-----';
    const config = readDemoConfig({
      APPLE_CLIENT_ID: 'com.example.notes.web, com.example.notes',
      APPLE_TEAM_ID: 'TEAM123456',
      APPLE_KEY_ID: 'KEY1234567',
      APPLE_PRIVATE_KEY: pem,
      APPLE_AUTH_URL: 'http://127.0.0.1:9/apple',
      MICROSOFT_CLIENT_ID: LIVE.MICROSOFT_CLIENT_ID,
      MICROSOFT_CLIENT_SECRET: 'ms-secret',
      MICROSOFT_TENANT: 'organizations',
      MICROSOFT_ALLOWED_TENANTS: 'aaaaaaaa-0000-0000-0000-000000000001, aaaaaaaa-0000-0000-0000-000000000002',
      MICROSOFT_AUTHORITY_URL: 'https://login.microsoftonline.us',
      GITHUB_CLIENT_ID: LIVE.GITHUB_CLIENT_ID,
      GITHUB_CLIENT_SECRET: LIVE.GITHUB_CLIENT_SECRET,
      GITHUB_API_URL: 'https://github.example.com/api/v3',
      OIDC_ISSUER: LIVE.OIDC_ISSUER,
      OIDC_CLIENT_ID: LIVE.OIDC_CLIENT_ID,
      OIDC_ID: 'keycloak',
      OIDC_NAME: 'Acme SSO',
    });
    expect(config.providers).toMatchObject({
      apple: {
        clientId: ['com.example.notes.web', 'com.example.notes'],
        teamId: 'TEAM123456',
        keyId: 'KEY1234567',
        privateKey: '-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----',
        authUrl: 'http://127.0.0.1:9/apple',
      },
      microsoft: {
        clientId: LIVE.MICROSOFT_CLIENT_ID,
        clientSecret: 'ms-secret',
        tenant: 'organizations',
        allowedTenants: ['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002'],
        authority: 'https://login.microsoftonline.us',
      },
      github: { clientId: LIVE.GITHUB_CLIENT_ID, apiUrl: 'https://github.example.com/api/v3' },
      oidc: { issuer: LIVE.OIDC_ISSUER, clientId: 'notes' },
      oidcId: 'keycloak',
      oidcName: 'Acme SSO',
    });
    expect(config.sandboxed).toEqual(['Google', 'Facebook']);
  });

  it('reads TRUST_PROXY as Express does: hop count, boolean, or addresses', () => {
    expect(readDemoConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readDemoConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readDemoConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(readDemoConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('reads GOOGLE_FLOWS, FACEBOOK_TRUST_EMAIL and the rate-limit store', () => {
    expect(readDemoConfig({ GOOGLE_FLOWS: 'idToken, accessToken' }).googleFlows).toEqual([
      'idToken',
      'accessToken',
    ]);
    expect(readDemoConfig({ FACEBOOK_TRUST_EMAIL: '1' }).facebookTrustEmail).toBe(true);
    expect(readDemoConfig({ AUTH_RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe('memory');
    expect(
      readDemoConfig({ AUTH_RATE_LIMIT_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }),
    ).toMatchObject({ rateLimitStore: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ ACCESS_TOKEN_TTL: '0' }, /ACCESS_TOKEN_TTL must be a whole number ≥ 1/],
    [{ AUTH_RATE_LIMIT: '-1' }, /AUTH_RATE_LIMIT must be a whole number ≥ 0/],
    [{ FACEBOOK_APP_ID: '123' }, /FACEBOOK_APP_ID and FACEBOOK_APP_SECRET go together/],
    [{ GITHUB_CLIENT_ID: 'Ov23li' }, /GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET go together/],
    [
      { APPLE_CLIENT_ID: 'web', APPLE_TEAM_ID: 'T' },
      /needs all of APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY/,
    ],
    [{ APPLE_KEY_ID: 'K' }, /need APPLE_CLIENT_ID/],
    [{ MICROSOFT_CLIENT_SECRET: 's' }, /MICROSOFT_CLIENT_SECRET is set but MICROSOFT_CLIENT_ID is not/],
    [{ OIDC_ISSUER: 'https://sso.example.com' }, /OIDC_ISSUER and OIDC_CLIENT_ID go together/],
    [{ OIDC_ID: 'refresh' }, /OIDC_ID must be lower-case letters/],
    [{ OIDC_ID: 'google' }, /OIDC_ID must be lower-case letters/],
    [{ PROVIDERS: 'google,twitter' }, /PROVIDERS lists twitter; choose from google, apple/],
    [{ GOOGLE_CLIENT_SECRET: 'shh' }, /GOOGLE_CLIENT_SECRET is set but GOOGLE_CLIENT_ID is not/],
    [{ GOOGLE_FLOWS: 'idToken,implicit' }, /GOOGLE_FLOWS must be a comma list of idToken, code, accessToken/],
    [{ FACEBOOK_TRUST_EMAIL: 'yes' }, /FACEBOOK_TRUST_EMAIL must be 1 or 0/],
    [{ AUTH_RATE_LIMIT_STORE: 'postgres' }, /AUTH_RATE_LIMIT_STORE must be one of mongo, memory, redis/],
    [{ AUTH_RATE_LIMIT_STORE: 'redis' }, /AUTH_RATE_LIMIT_STORE=redis needs REDIS_URL/],
    [{ TRUST_PROXY: '$(rm -rf)' }, /TRUST_PROXY must be a hop count/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => readDemoConfig(env)).toThrow(DemoConfigError);
    expect(() => readDemoConfig(env)).toThrow(message);
  });
});

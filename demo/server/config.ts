import { randomBytes } from 'node:crypto';

/** The environment variables the demo reads; nothing else configures it. */
export type DemoEnv = Readonly<Record<string, string | undefined>>;

/** A provider either talks to the real service (maybe at overridden URLs) or runs in the sandbox. */
export type ProviderMode = 'live' | 'sandbox';

export interface LiveGoogle {
  clientId: string;
  clientSecret?: string;
  jwksUri?: string;
  tokenInfoUrl?: string;
  userInfoUrl?: string;
  tokenUrl?: string;
}

export interface LiveFacebook {
  appId: string;
  appSecret: string;
  graphUrl?: string;
}

/** Where auth rate-limit counters live: shared by every instance (`mongo`, `redis`) or per process. */
export type RateLimitStoreKind = 'mongo' | 'memory' | 'redis';

/** The Google credential flows `socialAuth` accepts (`GOOGLE_FLOWS`). */
export type GoogleFlow = 'idToken' | 'code' | 'accessToken';

export interface DemoConfig {
  port: number;
  /** Interface to listen on; loopback unless every provider is live. @default '127.0.0.1' */
  host: string;
  production: boolean;
  mongodbUri?: string;
  /** `undefined` means the provider runs in the sandbox. */
  google?: LiveGoogle;
  facebook?: LiveFacebook;
  apiTokenSecret: string;
  /** True when the secret was generated for this start (sessions die with the process). */
  generatedSecret: boolean;
  /** Auth attempts per IP per minute; 0 turns the limit off. */
  authRateLimit: number;
  /** Access-token lifetime in seconds. */
  accessTokenTtl?: number;
  /** @default 'mongo' */
  rateLimitStore: RateLimitStoreKind;
  /** Required when `rateLimitStore` is `redis`. */
  redisUrl?: string;
  /** Express `trust proxy` value; unset means client addresses come from the socket only. */
  trustProxy?: boolean | number | string;
  /** Unset keeps the middleware's default (`idToken`, `code`). */
  googleFlows?: GoogleFlow[];
  /** `FACEBOOK_TRUST_EMAIL=1`: Facebook emails count as verified (they can then link accounts). */
  facebookTrustEmail: boolean;
  /** Names of the providers that run in the sandbox, e.g. `['Google', 'Facebook']`. */
  sandboxed: string[];
}

/** A configuration mistake the operator must fix; the CLI prints it and exits with status 1. */
export class DemoConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

const text = (env: DemoEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

function readFlag(env: DemoEnv, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new DemoConfigError(`${name} must be 1 or 0, got "${raw}".`);
}

function integer(env: DemoEnv, name: string, fallback: number | undefined, min: number): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new DemoConfigError(`${name} must be a whole number ≥ ${min}, got "${raw}".`);
  }
  return value;
}

function readGoogle(env: DemoEnv): LiveGoogle | undefined {
  const clientId = text(env, 'GOOGLE_CLIENT_ID');
  if (!clientId) {
    if (text(env, 'GOOGLE_CLIENT_SECRET')) {
      throw new DemoConfigError('GOOGLE_CLIENT_SECRET is set but GOOGLE_CLIENT_ID is not: set both.');
    }
    return undefined;
  }
  const google: LiveGoogle = { clientId };
  const optional = {
    clientSecret: 'GOOGLE_CLIENT_SECRET',
    jwksUri: 'GOOGLE_JWKS_URI',
    tokenInfoUrl: 'GOOGLE_TOKENINFO_URL',
    userInfoUrl: 'GOOGLE_USERINFO_URL',
    tokenUrl: 'GOOGLE_TOKEN_URL',
  } as const;
  for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
    const value = text(env, name);
    if (value) google[key] = value;
  }
  return google;
}

function readFacebook(env: DemoEnv): LiveFacebook | undefined {
  const appId = text(env, 'FACEBOOK_APP_ID');
  const appSecret = text(env, 'FACEBOOK_APP_SECRET');
  if (!appId && !appSecret) return undefined;
  if (!appId || !appSecret) {
    throw new DemoConfigError(
      'Facebook needs both FACEBOOK_APP_ID and FACEBOOK_APP_SECRET (the secret verifies tokens server-side).',
    );
  }
  const graphUrl = text(env, 'FACEBOOK_GRAPH_URL');
  return graphUrl ? { appId, appSecret, graphUrl } : { appId, appSecret };
}

const GOOGLE_FLOWS: readonly GoogleFlow[] = ['idToken', 'code', 'accessToken'];
const RATE_LIMIT_STORES: readonly RateLimitStoreKind[] = ['mongo', 'memory', 'redis'];

function readGoogleFlows(env: DemoEnv): GoogleFlow[] | undefined {
  const raw = text(env, 'GOOGLE_FLOWS');
  if (raw === undefined) return undefined;
  const flows = raw
    .split(',')
    .map((flow) => flow.trim())
    .filter(Boolean);
  const unknown = flows.filter((flow) => !GOOGLE_FLOWS.includes(flow as GoogleFlow));
  if (flows.length === 0 || unknown.length > 0) {
    throw new DemoConfigError(
      `GOOGLE_FLOWS must be a comma list of ${GOOGLE_FLOWS.join(', ')}; got "${raw}".`,
    );
  }
  return [...new Set(flows)] as GoogleFlow[];
}

function readRateLimitStore(env: DemoEnv): { kind: RateLimitStoreKind; redisUrl?: string } {
  const raw = text(env, 'AUTH_RATE_LIMIT_STORE') ?? 'mongo';
  if (!RATE_LIMIT_STORES.includes(raw as RateLimitStoreKind)) {
    throw new DemoConfigError(
      `AUTH_RATE_LIMIT_STORE must be one of ${RATE_LIMIT_STORES.join(', ')}; got "${raw}".`,
    );
  }
  const kind = raw as RateLimitStoreKind;
  const redisUrl = text(env, 'REDIS_URL');
  if (kind === 'redis' && !redisUrl) {
    throw new DemoConfigError('AUTH_RATE_LIMIT_STORE=redis needs REDIS_URL, e.g. redis://127.0.0.1:6379.');
  }
  return redisUrl && kind === 'redis' ? { kind, redisUrl } : { kind };
}

/**
 * `TRUST_PROXY` as Express reads `trust proxy`: a hop count, `true`/`false`, or addresses and
 * CIDRs (`loopback`, `10.0.0.0/8, 192.168.1.1`). Unset, `X-Forwarded-For` is never read, so a
 * client cannot pick its own rate-limit key (SECURITY.md, request-level input).
 */
function readTrustProxy(env: DemoEnv): boolean | number | string | undefined {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[\w.:/,\s-]+$/.test(raw)) {
    throw new DemoConfigError(
      `TRUST_PROXY must be a hop count, true/false, or addresses/CIDRs (e.g. "loopback" or "10.0.0.0/8"); got "${raw}".`,
    );
  }
  return raw;
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

/**
 * Reads and checks the demo's environment once, at startup.
 *
 * @example
 * const config = readDemoConfig({ PORT: '8080', GOOGLE_CLIENT_ID: 'abc.apps.googleusercontent.com' });
 * config.google; // live Google; Facebook stays in the sandbox
 */
export function readDemoConfig(env: DemoEnv): DemoConfig {
  const production = env.NODE_ENV === 'production';
  const google = readGoogle(env);
  const facebook = readFacebook(env);
  const sandboxed = [google ? null : 'Google', facebook ? null : 'Facebook'].filter(
    (name): name is string => name !== null,
  );
  if (production && sandboxed.length > 0) {
    throw new DemoConfigError(
      `Sandbox mode is for development only, and NODE_ENV=production is set. ` +
        `Configure ${sandboxed.join(' and ')} (GOOGLE_CLIENT_ID, FACEBOOK_APP_ID and FACEBOOK_APP_SECRET) ` +
        `or unset NODE_ENV.`,
    );
  }
  const secret = text(env, 'API_TOKEN_SECRET');
  if (!secret && production) {
    throw new DemoConfigError(
      'API_TOKEN_SECRET is required when NODE_ENV=production (at least 32 bytes, e.g. `openssl rand -base64 48`).',
    );
  }
  const host = text(env, 'HOST') ?? '127.0.0.1';
  if (sandboxed.length > 0 && !isLoopbackHost(host)) {
    // The fakes sign in anyone as any sandbox account: reachable from a network they are a backdoor.
    throw new DemoConfigError(
      `Sandbox mode listens on loopback only, and HOST=${host} is not a loopback address. ` +
        `${sandboxed.join(', ')} would run as local fakes that let anyone sign in as any sandbox account. ` +
        `Unset HOST (or use 127.0.0.1, ::1, localhost), or configure every provider to run live.`,
    );
  }
  const rateLimitStore = readRateLimitStore(env);
  const config: DemoConfig = {
    port: integer(env, 'PORT', 3000, 0) as number,
    host,
    production,
    sandboxed,
    rateLimitStore: rateLimitStore.kind,
    facebookTrustEmail: readFlag(env, 'FACEBOOK_TRUST_EMAIL'),
    apiTokenSecret: secret ?? randomBytes(48).toString('base64url'),
    generatedSecret: !secret,
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 30, 0) as number,
  };
  const mongodbUri = text(env, 'MONGODB_URI');
  if (mongodbUri) config.mongodbUri = mongodbUri;
  if (google) config.google = google;
  if (facebook) config.facebook = facebook;
  const ttl = integer(env, 'ACCESS_TOKEN_TTL', undefined, 1);
  if (ttl !== undefined) config.accessTokenTtl = ttl;
  if (rateLimitStore.redisUrl) config.redisUrl = rateLimitStore.redisUrl;
  const trustProxy = readTrustProxy(env);
  if (trustProxy !== undefined) config.trustProxy = trustProxy;
  const googleFlows = readGoogleFlows(env);
  if (googleFlows) config.googleFlows = googleFlows;
  return config;
}

import { randomBytes } from 'node:crypto';
import { DemoConfigError, type DemoEnv, flag, integer, text } from './env';
import { type ProviderSettings, readProviderSettings, sandboxedNames } from './provider-env';

export { DemoConfigError, type DemoEnv } from './env';
export type {
  LiveApple,
  LiveFacebook,
  LiveGitHub,
  LiveGoogle,
  LiveMicrosoft,
  LiveOidc,
  ProviderKey,
  ProviderSettings,
} from './provider-env';

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
  /** Offered providers; a provider without live settings runs in the sandbox. */
  providers: ProviderSettings;
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
 * config.providers.google; // live Google; the other providers run in the sandbox
 */
export function readDemoConfig(env: DemoEnv): DemoConfig {
  const production = env.NODE_ENV === 'production';
  const providers = readProviderSettings(env);
  const sandboxed = sandboxedNames(providers);
  if (production && sandboxed.length > 0) {
    throw new DemoConfigError(
      `Sandbox mode is for development only, and NODE_ENV=production is set. ` +
        `Configure ${sandboxed.join(', ')} (see demo/README.md, "Register your app"), ` +
        `list only the configured ones in PROVIDERS, or unset NODE_ENV.`,
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
    providers,
    production,
    sandboxed,
    rateLimitStore: rateLimitStore.kind,
    facebookTrustEmail: flag(env, 'FACEBOOK_TRUST_EMAIL'),
    apiTokenSecret: secret ?? randomBytes(48).toString('base64url'),
    generatedSecret: !secret,
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 30, 0) as number,
  };
  const mongodbUri = text(env, 'MONGODB_URI');
  if (mongodbUri) config.mongodbUri = mongodbUri;
  const ttl = integer(env, 'ACCESS_TOKEN_TTL', undefined, 1);
  if (ttl !== undefined) config.accessTokenTtl = ttl;
  if (rateLimitStore.redisUrl) config.redisUrl = rateLimitStore.redisUrl;
  const trustProxy = readTrustProxy(env);
  if (trustProxy !== undefined) config.trustProxy = trustProxy;
  const googleFlows = readGoogleFlows(env);
  if (googleFlows) config.googleFlows = googleFlows;
  return config;
}

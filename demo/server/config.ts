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

export interface DemoConfig {
  port: number;
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
  const sandboxed = [google ? null : 'Google', facebook ? null : 'Facebook'].filter(Boolean);
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
  const config: DemoConfig = {
    port: integer(env, 'PORT', 3000, 0) as number,
    production,
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
  return config;
}

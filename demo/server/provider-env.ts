import { PROVIDER_ID_PATTERN, RESERVED_PROVIDER_IDS } from '@socialkit/contract';
import { DemoConfigError, type DemoEnv, list, optional, text } from './env';

/** The providers the demo can offer, in the order the page shows them. */
export const PROVIDER_KEYS = ['google', 'apple', 'microsoft', 'github', 'facebook', 'oidc'] as const;
export type ProviderKey = (typeof PROVIDER_KEYS)[number];

export const PROVIDER_NAMES: Readonly<Record<ProviderKey, string>> = {
  google: 'Google',
  apple: 'Apple',
  microsoft: 'Microsoft',
  github: 'GitHub',
  facebook: 'Facebook',
  oidc: 'OpenID Connect',
};

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

export interface LiveApple {
  /** Services ID (web) and bundle IDs (apps). */
  clientId: string[];
  teamId?: string;
  keyId?: string;
  /** The `.p8` key, PEM; only the code flow needs it. */
  privateKey?: string;
  authUrl?: string;
  jwksUri?: string;
  tokenUrl?: string;
}

export interface LiveMicrosoft {
  clientId: string;
  clientSecret?: string;
  tenant?: string;
  allowedTenants?: string[];
  authority?: string;
  jwksUri?: string;
}

export interface LiveGitHub {
  clientId: string;
  clientSecret: string;
  oauthUrl?: string;
  apiUrl?: string;
}

export interface LiveOidc {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

/** Which providers are offered, and the live settings of those that are not sandboxed. */
export interface ProviderSettings {
  /** `PROVIDERS`, default every provider. */
  enabled: ProviderKey[];
  /** For each enabled provider: live settings, or `undefined` when it runs in the sandbox. */
  google?: LiveGoogle;
  facebook?: LiveFacebook;
  apple?: LiveApple;
  microsoft?: LiveMicrosoft;
  github?: LiveGitHub;
  oidc?: LiveOidc;
  /** The generic OIDC provider's route id (`OIDC_ID`). @default 'oidc' */
  oidcId: string;
  /** Its button label (`OIDC_NAME`). */
  oidcName?: string;
}

function both(env: DemoEnv, id: string, secret: string, why: string): [string, string] | undefined {
  const [idValue, secretValue] = [text(env, id), text(env, secret)];
  if (!idValue && !secretValue) return undefined;
  if (!idValue || !secretValue)
    throw new DemoConfigError(`${id} and ${secret} go together: set both (${why}).`);
  return [idValue, secretValue];
}

function readGoogle(env: DemoEnv): LiveGoogle | undefined {
  const clientId = text(env, 'GOOGLE_CLIENT_ID');
  if (!clientId) {
    if (text(env, 'GOOGLE_CLIENT_SECRET')) {
      throw new DemoConfigError('GOOGLE_CLIENT_SECRET is set but GOOGLE_CLIENT_ID is not: set both.');
    }
    return undefined;
  }
  return {
    clientId,
    ...optional(env, {
      clientSecret: 'GOOGLE_CLIENT_SECRET',
      jwksUri: 'GOOGLE_JWKS_URI',
      tokenInfoUrl: 'GOOGLE_TOKENINFO_URL',
      userInfoUrl: 'GOOGLE_USERINFO_URL',
      tokenUrl: 'GOOGLE_TOKEN_URL',
    }),
  };
}

function readFacebook(env: DemoEnv): LiveFacebook | undefined {
  const pair = both(env, 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET', 'the secret verifies tokens server-side');
  if (!pair) return undefined;
  const [appId, appSecret] = pair;
  return { appId, appSecret, ...optional(env, { graphUrl: 'FACEBOOK_GRAPH_URL' }) };
}

function readApple(env: DemoEnv): LiveApple | undefined {
  const clientId = list(env, 'APPLE_CLIENT_ID');
  const signing = optional(env, {
    teamId: 'APPLE_TEAM_ID',
    keyId: 'APPLE_KEY_ID',
    privateKey: 'APPLE_PRIVATE_KEY',
  });
  if (!clientId) {
    if (Object.keys(signing).length > 0)
      throw new DemoConfigError('APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY need APPLE_CLIENT_ID.');
    return undefined;
  }
  const count = Object.keys(signing).length;
  if (count > 0 && count < 3) {
    throw new DemoConfigError(
      'Apple’s code flow needs all of APPLE_TEAM_ID, APPLE_KEY_ID and APPLE_PRIVATE_KEY (or none of them for ID tokens only).',
    );
  }
  // A PEM in one environment line usually arrives with literal "\n".
  if (signing.privateKey) signing.privateKey = signing.privateKey.replace(/\\n/g, '\n');
  return {
    clientId,
    ...signing,
    ...optional(env, { authUrl: 'APPLE_AUTH_URL', jwksUri: 'APPLE_JWKS_URI', tokenUrl: 'APPLE_TOKEN_URL' }),
  };
}

function readMicrosoft(env: DemoEnv): LiveMicrosoft | undefined {
  const clientId = text(env, 'MICROSOFT_CLIENT_ID');
  if (!clientId) {
    if (text(env, 'MICROSOFT_CLIENT_SECRET'))
      throw new DemoConfigError('MICROSOFT_CLIENT_SECRET is set but MICROSOFT_CLIENT_ID is not: set both.');
    return undefined;
  }
  const allowedTenants = list(env, 'MICROSOFT_ALLOWED_TENANTS');
  return {
    clientId,
    ...optional(env, {
      clientSecret: 'MICROSOFT_CLIENT_SECRET',
      tenant: 'MICROSOFT_TENANT',
      authority: 'MICROSOFT_AUTHORITY_URL',
      jwksUri: 'MICROSOFT_JWKS_URI',
    }),
    ...(allowedTenants ? { allowedTenants } : {}),
  };
}

function readGitHub(env: DemoEnv): LiveGitHub | undefined {
  const pair = both(
    env,
    'GITHUB_CLIENT_ID',
    'GITHUB_CLIENT_SECRET',
    'GitHub codes are exchanged with the secret',
  );
  if (!pair) return undefined;
  const [clientId, clientSecret] = pair;
  return {
    clientId,
    clientSecret,
    ...optional(env, { oauthUrl: 'GITHUB_OAUTH_URL', apiUrl: 'GITHUB_API_URL' }),
  };
}

function readOidc(env: DemoEnv): LiveOidc | undefined {
  const issuer = text(env, 'OIDC_ISSUER');
  const clientId = text(env, 'OIDC_CLIENT_ID');
  if (!issuer && !clientId) {
    if (text(env, 'OIDC_CLIENT_SECRET'))
      throw new DemoConfigError('OIDC_CLIENT_SECRET needs OIDC_ISSUER and OIDC_CLIENT_ID.');
    return undefined;
  }
  if (!issuer || !clientId)
    throw new DemoConfigError('OIDC_ISSUER and OIDC_CLIENT_ID go together: set both.');
  return { issuer, clientId, ...optional(env, { clientSecret: 'OIDC_CLIENT_SECRET' }) };
}

function readEnabled(env: DemoEnv): ProviderKey[] {
  const chosen = list(env, 'PROVIDERS');
  if (!chosen) return [...PROVIDER_KEYS];
  const unknown = chosen.filter((key) => !(PROVIDER_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new DemoConfigError(
      `PROVIDERS lists ${unknown.join(', ')}; choose from ${PROVIDER_KEYS.join(', ')}.`,
    );
  }
  return PROVIDER_KEYS.filter((key) => chosen.includes(key));
}

function readOidcId(env: DemoEnv): string {
  const id = text(env, 'OIDC_ID') ?? 'oidc';
  if (
    !PROVIDER_ID_PATTERN.test(id) ||
    RESERVED_PROVIDER_IDS.has(id) ||
    ((PROVIDER_KEYS as readonly string[]).includes(id) && id !== 'oidc')
  ) {
    throw new DemoConfigError(
      `OIDC_ID must be lower-case letters, digits, - and _ (e.g. "keycloak"), not a route or another provider's id; got "${id}".`,
    );
  }
  return id;
}

/**
 * Reads every provider's variables (DESIGN.md, Demo): a provider with credentials runs live, one
 * without runs in the sandbox; `PROVIDERS` narrows the list.
 *
 * @example
 * readProviderSettings({ GITHUB_CLIENT_ID: 'Iv1.abc', GITHUB_CLIENT_SECRET: 's3cret' }).github; // live
 */
export function readProviderSettings(env: DemoEnv): ProviderSettings {
  const enabled = readEnabled(env);
  const live = {
    google: readGoogle(env),
    facebook: readFacebook(env),
    apple: readApple(env),
    microsoft: readMicrosoft(env),
    github: readGitHub(env),
    oidc: readOidc(env),
  };
  const settings: ProviderSettings = { enabled, oidcId: readOidcId(env) };
  const oidcName = text(env, 'OIDC_NAME');
  if (oidcName) settings.oidcName = oidcName;
  for (const key of enabled) {
    const value = live[key];
    if (value) Object.assign(settings, { [key]: value });
  }
  return settings;
}

/** Display names of the enabled providers that run in the sandbox. */
export function sandboxedNames(settings: ProviderSettings): string[] {
  return settings.enabled.filter((key) => settings[key] === undefined).map((key) => PROVIDER_NAMES[key]);
}

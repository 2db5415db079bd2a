import { SocialAuthConfigError } from '../errors';

const KNOWN_KEYS: Record<string, readonly string[]> = {
  root: [
    'connection',
    'google',
    'facebook',
    'tokens',
    'users',
    'rateLimit',
    'providerTimeoutMs',
    'storeTimeoutMs',
    'nonceTtl',
    'onError',
  ],
  google: [
    'clientId',
    'clientSecret',
    'hostedDomains',
    'nonce',
    'jwksUri',
    'tokenInfoUrl',
    'userInfoUrl',
    'tokenUrl',
  ],
  facebook: ['appId', 'appSecret', 'graphUrl', 'emailVerified'],
  tokens: [
    'secret',
    'algorithm',
    'privateKey',
    'issuer',
    'audience',
    'accessTokenTtl',
    'refreshTokenTtl',
    'reuseGraceSeconds',
  ],
  users: ['linkByEmail', 'allowSignup', 'mapProfile', 'afterLogin', 'model'],
  rateLimit: ['limit', 'windowMs', 'store'],
};

export function fail(message: string): never {
  throw new SocialAuthConfigError(`socialAuth: ${message}`);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** Unknown keys are almost always typos; name the closest known one. */
export function checkKeys(value: object, section: keyof typeof KNOWN_KEYS, path: string): void {
  const known = KNOWN_KEYS[section] ?? [];
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const best = [...known].sort((x, y) => editDistance(key, x) - editDistance(key, y))[0];
    const hint = best && editDistance(key, best) <= 3 ? ` (did you mean \`${best}\`?)` : '';
    fail(`unknown option \`${path}${key}\`${hint}.`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function url(value: unknown, name: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !URL.canParse(value)) fail(`\`${name}\` must be an absolute URL.`);
  return value.replace(/\/+$/, '');
}

export function positiveInt(
  value: unknown,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
    fail(`\`${name}\` must be a positive integer${max < Number.MAX_SAFE_INTEGER ? ` ≤ ${max}` : ''}.`);
  }
  return value;
}

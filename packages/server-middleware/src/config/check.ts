import { SocialAuthConfigError } from '../errors';

/**
 * The keys of an options type, checked by the compiler in both directions: a key missing here or
 * one the type does not have fails the build, so no list drifts from its interface.
 */
export const optionKeys = <T extends object>(keys: { [K in keyof Required<T>]: true }): readonly string[] =>
  Object.keys(keys);

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
export function checkKeys(value: object, keys: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const best = [...keys].sort((x, y) => editDistance(key, x) - editDistance(key, y))[0];
    const hint = best && editDistance(key, best) <= 3 ? ` (did you mean \`${best}\`?)` : '';
    fail(`unknown option \`${path}${key}\`${hint}.`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An options object of a section: an object whose keys are all known. */
export function section(
  value: unknown,
  known: readonly string[],
  path: string,
  hint: string,
): Record<string, unknown> {
  if (!isObject(value)) fail(`\`${path}\` must be an object like \`${hint}\`.`);
  checkKeys(value, known, `${path}.`);
  return value;
}

export function url(value: unknown, name: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !URL.canParse(value)) fail(`\`${name}\` must be an absolute URL.`);
  return value.replace(/\/+$/, '');
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(`\`${name}\` must be a non-empty string.`);
  return value;
}

export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`\`${name}\` must be a boolean.`);
  return value;
}

/** One of a few allowed strings. */
export function choice<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    fail(`\`${name}\` must be ${allowed.map((a) => `'${a}'`).join(' or ')}.`);
  return value as T;
}

/** A non-empty list of distinct values out of `allowed`. */
export function choices<T extends string>(value: unknown, name: string, allowed: readonly T[]): T[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => !allowed.includes(item))) {
    fail(`\`${name}\` must be a non-empty array of ${allowed.map((a) => `'${a}'`).join(', ')}.`);
  }
  return [...new Set(value as T[])];
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

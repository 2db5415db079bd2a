/** The environment variables the demo reads; nothing else configures it. */
export type DemoEnv = Readonly<Record<string, string | undefined>>;

/** A configuration mistake the operator must fix; the CLI prints it and exits with status 1. */
export class DemoConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoConfigError';
  }
}

/** The variable's trimmed value; blank counts as unset. */
export const text = (env: DemoEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** A comma list, e.g. `a, b,c` → `['a', 'b', 'c']`; unset → undefined. */
export function list(env: DemoEnv, name: string): string[] | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new DemoConfigError(`${name} must be a comma list, got "${raw}".`);
  return items;
}

/** `1`/`true` or `0`/`false`; unset is false. */
export function flag(env: DemoEnv, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new DemoConfigError(`${name} must be 1 or 0, got "${raw}".`);
}

export function integer(
  env: DemoEnv,
  name: string,
  fallback: number | undefined,
  min: number,
): number | undefined {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new DemoConfigError(`${name} must be a whole number ≥ ${min}, got "${raw}".`);
  }
  return value;
}

/** Copies the set variables of `names` (`{ optionKey: 'ENV_NAME' }`) onto an options object. */
export function optional<K extends string>(
  env: DemoEnv,
  names: Record<K, string>,
): Partial<Record<K, string>> {
  const options: Partial<Record<K, string>> = {};
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const value = text(env, name);
    if (value) options[key] = value;
  }
  return options;
}

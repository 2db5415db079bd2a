import { fail } from '../config/check';

/** The list of extra redirect URIs a code may have been issued for, each absolute. */
export function redirectUrisOption(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((uri) => typeof uri !== 'string' || !URL.canParse(uri))) {
    fail(
      `\`${name}\` must be an array of absolute URLs (the exact redirect URIs registered with the provider).`,
    );
  }
  return [...value] as string[];
}

/** One or several non-empty client ids. */
export function clientIdsOption(value: unknown, name: string, what: string): string[] {
  const ids = Array.isArray(value) ? value : [value];
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.trim() === '')) {
    fail(`\`${name}\` is required: ${what}.`);
  }
  return [...new Set(ids as string[])];
}

/** The flows an instance enables, each one of `known`; a flow that needs a missing secret fails here. */
export function flowsOption<T extends string>(
  value: unknown,
  name: string,
  known: readonly T[],
  fallback: readonly T[],
): T[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0 || value.some((flow) => !known.includes(flow))) {
    fail(`\`${name}\` must be a non-empty array of ${known.map((flow) => `'${flow}'`).join(', ')}.`);
  }
  return [...new Set(value as T[])];
}

/** An https URL, or http to a loopback host (tests, local fakes). */
export function secureUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`\`${name}\` must be an absolute URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    fail(`\`${name}\` must use https (http is allowed only for localhost, 127.0.0.1 or [::1]): ${value}`);
  }
  return value;
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

import UAParser from 'ua-parser-js';

const MAX_LABEL_LENGTH = 64;
/** Distinct user agents remembered; a sign-in burst comes from a few browsers, so this covers it. */
const CACHE_SIZE = 256;
/** Most recently used last: `Map` keeps insertion order, so the first key is the one to evict. */
const labels = new Map<string, string | null>();

function parse(header: string): string | null {
  const { browser, os } = new UAParser(header).getResult();
  const label = [browser.name, os.name].filter(Boolean).join(' on ');
  return label ? label.slice(0, MAX_LABEL_LENGTH) : null;
}

/**
 * A short device label such as "Chrome on Linux" for the sessions list. Only the label is kept:
 * the raw header is a fingerprinting aid the user never asked us to store. Labels of recent user
 * agents are cached (bounded, least recently used evicted): parsing runs dozens of regular
 * expressions, and every sign-in needs the label.
 *
 * @example
 * userAgentLabel(req.headers['user-agent']); // 'Firefox on Windows'
 */
export function userAgentLabel(header: string | undefined): string | null {
  if (!header) return null;
  const key = header.slice(0, 512);
  const cached = labels.get(key);
  if (cached !== undefined) {
    labels.delete(key);
    labels.set(key, cached);
    return cached;
  }
  const label = parse(key);
  labels.set(key, label);
  if (labels.size > CACHE_SIZE) labels.delete(labels.keys().next().value as string);
  return label;
}

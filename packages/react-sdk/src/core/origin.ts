const pageHref = (): string | undefined => (globalThis as { location?: { href?: string } }).location?.href;

/** The origin `url` resolves to from the current page, or `null` when it cannot be resolved. */
export function originOf(url: string | URL, base = pageHref()): string | null {
  try {
    const { origin } = new URL(url, base);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** True when `apiUrl` is on the page's own origin, where the refresh cookie can be `SameSite=Strict`. */
export function isPageOrigin(apiUrl: string): boolean {
  const href = pageHref();
  return href !== undefined && originOf(apiUrl) === originOf(href);
}

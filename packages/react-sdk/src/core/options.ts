import type { FetchLike } from './api';
import type { LockManagerLike } from './cross-tab-lock';
import type { StorageOption } from './storage';
import type { ProvidersConfig, RefreshMode } from './types';

/** Options of {@link createSocialAuthClient}. */
export interface SocialAuthClientOptions {
  /** Where the socialkit router is mounted, e.g. `'/auth'` or `'https://api.example.com/auth'`. */
  apiUrl: string;
  /**
   * `'cookie'`: the server keeps the refresh token in an `HttpOnly` cookie and the access token
   * stays in memory; `'body'`: the refresh token comes in the body and is kept in `storage`.
   * @default 'cookie' when `apiUrl` is on the page's origin, else 'body'
   */
  refreshMode?: RefreshMode;
  /**
   * Origins besides `apiUrl`'s that `authFetch` sends the access token to, e.g.
   * `['https://api.example.com']`. Every other URL is fetched without it.
   * @default []
   */
  allowedOrigins?: readonly string[];
  /**
   * Where body mode keeps the session, and cookie mode its "signed in" hint (no token).
   * @default 'local'
   */
  storage?: StorageOption;
  /** Public provider config by id; when omitted it is loaded from `GET /providers` on first use. */
  providers?: ProvidersConfig;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: FetchLike;
  /**
   * Refresh this many seconds before the access token expires (at most half its lifetime).
   * @default 60
   */
  refreshLeewaySeconds?: number;
  /**
   * Storage key of the session; tabs sharing it share the session.
   * @default 'socialkit.session'
   */
  storageKey?: string;
  /** Cross-tab lock implementation; `navigator.locks` by default, `null` forces the storage lock. */
  locks?: LockManagerLike | null;
}

export const DEFAULTS = {
  storage: 'local',
  refreshLeewaySeconds: 60,
  storageKey: 'socialkit.session',
  allowedOrigins: [] as readonly string[],
} as const;

const NAME = 'createSocialAuthClient';

/** Rejects unusable options at construction, with the fix in the message. */
export function validateOptions(options: SocialAuthClientOptions): void {
  if (typeof options?.apiUrl !== 'string' || options.apiUrl.length === 0) {
    throw new TypeError(
      `${NAME}: \`apiUrl\` is required, e.g. "/auth" (where the socialkit router is mounted)`,
    );
  }
  const leeway = options.refreshLeewaySeconds;
  if (leeway !== undefined && !(Number.isFinite(leeway) && leeway >= 0)) {
    throw new TypeError(`${NAME}: \`refreshLeewaySeconds\` must be a number ≥ 0`);
  }
  const mode = options.refreshMode;
  if (mode !== undefined && mode !== 'cookie' && mode !== 'body') {
    throw new TypeError(`${NAME}: \`refreshMode\` must be 'cookie' or 'body'`);
  }
  for (const origin of options.allowedOrigins ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new TypeError(
        `${NAME}: \`allowedOrigins\` takes origins like "https://api.example.com", got "${origin}"`,
      );
    }
  }
  for (const [id, config] of Object.entries(options.providers ?? {})) {
    if (typeof config !== 'object' || config === null) {
      throw new TypeError(`${NAME}: \`providers.${id}\` must be that provider's config object`);
    }
  }
}

import type { FetchLike } from './api';
import type { LockManagerLike } from './cross-tab-lock';
import type { StorageOption } from './storage';
import type { ProvidersConfig } from './types';

/** Options of {@link createSocialAuthClient}. */
export interface SocialAuthClientOptions {
  /** Where the socialkit router is mounted, e.g. `'/auth'` or `'https://api.example.com/auth'`. */
  apiUrl: string;
  /**
   * Where the session is kept.
   * @default 'local'
   */
  storage?: StorageOption;
  /** Public provider config; when omitted it is loaded from `GET /providers` on first use. */
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
} as const;

/** Rejects unusable options at construction, with the fix in the message. */
export function validateOptions(options: SocialAuthClientOptions): void {
  if (typeof options?.apiUrl !== 'string' || options.apiUrl.length === 0) {
    throw new TypeError(
      'createSocialAuthClient: `apiUrl` is required, e.g. "/auth" (where the socialkit router is mounted)',
    );
  }
  const leeway = options.refreshLeewaySeconds;
  if (leeway !== undefined && !(Number.isFinite(leeway) && leeway >= 0)) {
    throw new TypeError('createSocialAuthClient: `refreshLeewaySeconds` must be a number ≥ 0');
  }
  const google = options.providers?.google as { clientId?: unknown; client_id?: unknown } | undefined;
  if (google && typeof google.clientId !== 'string') {
    const hint = google.client_id === undefined ? '' : ' (did you mean `clientId`?)';
    throw new TypeError(`createSocialAuthClient: \`providers.google.clientId\` must be a string${hint}`);
  }
  const facebook = options.providers?.facebook as { appId?: unknown; app_id?: unknown } | undefined;
  if (facebook && typeof facebook.appId !== 'string') {
    const hint = facebook.app_id === undefined ? '' : ' (did you mean `appId`?)';
    throw new TypeError(`createSocialAuthClient: \`providers.facebook.appId\` must be a string${hint}`);
  }
}

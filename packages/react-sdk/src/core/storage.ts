/**
 * Where the session lives. Sync or async methods both work, so IndexedDB, React Native's
 * AsyncStorage or an encrypted store fit behind it.
 */
export interface StorageAdapter {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/**
 * Keeps the session in a `Map`: gone on reload, invisible to other tabs, safest against XSS reads.
 *
 * @example
 * ```ts
 * const client = createSocialAuthClient({ apiUrl: '/auth', storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): StorageAdapter {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
}

type WebStorageName = 'localStorage' | 'sessionStorage';

function webStorage(name: WebStorageName): StorageAdapter {
  const fallback = memoryStorage();
  // Resolved on every call, never at import: the module must load on a server, and Safari's
  // private mode throws on access, in which case the session lives in memory for this page.
  const resolve = (): Storage | null => {
    try {
      return typeof window === 'undefined' ? null : window[name];
    } catch {
      return null;
    }
  };
  return {
    getItem: (key) => {
      const store = resolve();
      return store ? store.getItem(key) : fallback.getItem(key);
    },
    setItem: (key, value) => {
      const store = resolve();
      if (!store) return fallback.setItem(key, value);
      try {
        store.setItem(key, value);
      } catch {
        fallback.setItem(key, value);
      }
    },
    removeItem: (key) => {
      resolve()?.removeItem(key);
      fallback.removeItem(key);
    },
  };
}

/**
 * Persists the session in `window.localStorage`: survives reloads and is shared by every tab.
 *
 * @example
 * ```ts
 * createSocialAuthClient({ apiUrl: '/auth', storage: localStorageAdapter() });
 * ```
 */
export function localStorageAdapter(): StorageAdapter {
  return webStorage('localStorage');
}

/**
 * Persists the session in `window.sessionStorage`: survives reloads of this tab only.
 *
 * @example
 * ```ts
 * createSocialAuthClient({ apiUrl: '/auth', storage: sessionStorageAdapter() });
 * ```
 */
export function sessionStorageAdapter(): StorageAdapter {
  return webStorage('sessionStorage');
}

/** `'memory' | 'session' | 'local'` or a custom adapter. */
export type StorageOption = 'memory' | 'session' | 'local' | StorageAdapter;

/** Turns a {@link StorageOption} into an adapter; `'local'` is the default. */
export function resolveStorage(option: StorageOption = 'local'): StorageAdapter {
  if (option === 'memory') return memoryStorage();
  if (option === 'session') return sessionStorageAdapter();
  if (option === 'local') return localStorageAdapter();
  return option;
}

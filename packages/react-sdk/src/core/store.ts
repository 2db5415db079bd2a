/** A minimal external store: `get` returns the same object until `set` replaces it. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export interface StoreHooks {
  /** The first listener arrived. */
  onActive?: () => void;
  /** The last listener left. */
  onIdle?: () => void;
}

export function createStore<T>(initial: T, hooks: StoreHooks = {}): Store<T> {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set: (next) => {
      if (Object.is(next, current)) return;
      current = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      // A wrapper per call, so subscribing one function twice still needs two unsubscribes.
      const entry = () => listener();
      listeners.add(entry);
      if (listeners.size === 1) hooks.onActive?.();
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0) hooks.onIdle?.();
      };
    },
  };
}

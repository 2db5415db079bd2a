import { isSocialAuthError } from './errors';
import { createStore } from './store';
import type { SessionInfo, SessionsController, SessionsState } from './types';

export interface SessionsDeps {
  list(): Promise<SessionInfo[]>;
  revoke(id: string): Promise<void>;
  revokeAll(): Promise<void>;
  /** This device's session ended: sign out here. */
  signedOutHere(): Promise<void>;
}

const IDLE: SessionsState = { status: 'idle', sessions: [], error: null };

/** The signed-in devices list (`GET /sessions`) with per-device and everywhere sign-out. */
export function createSessionsController(deps: SessionsDeps): SessionsController & { reset(): void } {
  const store = createStore<SessionsState>(IDLE);

  async function run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (isSocialAuthError(error)) store.set({ ...store.get(), status: 'error', error });
      throw error;
    }
  }

  return {
    getState: store.get,
    subscribe: store.subscribe,
    reset: () => store.set(IDLE),
    load: () =>
      run(async () => {
        store.set({ ...store.get(), status: 'loading', error: null });
        const sessions = await deps.list();
        store.set({ status: 'ready', sessions, error: null });
        return sessions;
      }),
    revoke: (id) =>
      run(async () => {
        const current = store.get().sessions.find((session) => session.id === id)?.current;
        await deps.revoke(id);
        const sessions = store.get().sessions.filter((session) => session.id !== id);
        store.set({ status: 'ready', sessions, error: null });
        if (current) await deps.signedOutHere();
      }),
    revokeAll: () =>
      run(async () => {
        await deps.revokeAll();
        store.set({ status: 'ready', sessions: [], error: null });
      }),
  };
}

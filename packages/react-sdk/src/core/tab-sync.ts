/** What one tab tells the others; never a token: receivers re-read the shared storage. */
export type TabSyncMessage = 'session-changed';

export interface TabSync {
  notify(): void;
  close(): void;
}

/**
 * Tells other tabs (and other clients in this tab) that the stored session changed, through
 * `BroadcastChannel` and `storage` events; either alone misses cases (custom storage, old Safari).
 */
export function createTabSync(storageKey: string, onChange: () => void): TabSync {
  const channel =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`socialkit:${storageKey}`);
  const onMessage = (event: MessageEvent<unknown>) => {
    if (event.data === ('session-changed' satisfies TabSyncMessage)) onChange();
  };
  channel?.addEventListener('message', onMessage);

  const target = typeof window === 'undefined' ? null : window;
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey || event.key === null) onChange();
  };
  target?.addEventListener('storage', onStorage);

  return {
    notify: () => channel?.postMessage('session-changed' satisfies TabSyncMessage),
    close: () => {
      channel?.removeEventListener('message', onMessage);
      channel?.close();
      target?.removeEventListener('storage', onStorage);
    },
  };
}

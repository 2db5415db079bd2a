import { afterEach, describe, expect, it } from 'vitest';
import { localStorageAdapter, memoryStorage, resolveStorage, sessionStorageAdapter } from './storage';

afterEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});

describe('storage adapters', () => {
  it('memoryStorage keeps values per instance', () => {
    const a = memoryStorage();
    a.setItem('k', 'v');
    expect(a.getItem('k')).toBe('v');
    expect(memoryStorage().getItem('k')).toBeNull();
    a.removeItem('k');
    expect(a.getItem('k')).toBeNull();
  });

  it('localStorageAdapter and sessionStorageAdapter write through to the browser stores', () => {
    localStorageAdapter().setItem('k', 'local');
    sessionStorageAdapter().setItem('k', 'session');
    expect(window.localStorage.getItem('k')).toBe('local');
    expect(window.sessionStorage.getItem('k')).toBe('session');
    localStorageAdapter().removeItem('k');
    expect(window.localStorage.getItem('k')).toBeNull();
  });

  it('resolves the named options and passes custom adapters through', () => {
    const custom = memoryStorage();
    expect(resolveStorage(custom)).toBe(custom);
    resolveStorage('local').setItem('k', 'v');
    expect(window.localStorage.getItem('k')).toBe('v');
    resolveStorage('memory').setItem('m', 'v');
    expect(window.localStorage.getItem('m')).toBeNull();
  });
});

import { useSyncExternalStore } from 'react';

/** The two pages of the signed-in app. */
export type Route = 'notes' | 'account';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const current = (): Route => (window.location.hash === '#/account' ? 'account' : 'notes');

/** The page named by the URL hash (`#/account`), so a reload stays on it. */
export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, current, () => 'notes');
}

/** The `href` of a route. */
export const hrefOf = (route: Route) => (route === 'account' ? '#/account' : '#/');

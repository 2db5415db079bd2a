import type { ResolvedFacebook, ResolvedGoogle } from '../config/providers';
import { facebookProvider } from './facebook';
import { type GoogleDeps, googleProvider } from './google';
import type { Provider } from './types';

export type { Credential, CredentialKind, Provider } from './types';

/**
 * The configured providers by id. A `Map` (not an object) so `__proto__`, `constructor` or
 * `toString` in the URL can never resolve to anything.
 *
 * @example
 * const provider = providerRegistry({ google }, deps).get(req.params.provider);
 */
export function providerRegistry(
  config: { google?: ResolvedGoogle; facebook?: ResolvedFacebook },
  deps: GoogleDeps,
): ReadonlyMap<string, Provider> {
  const providers = new Map<string, Provider>();
  if (config.google) providers.set('google', googleProvider(config.google, deps));
  if (config.facebook) providers.set('facebook', facebookProvider(config.facebook, deps));
  return providers;
}

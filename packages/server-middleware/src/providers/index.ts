import { PROVIDER_ID_PATTERN, RESERVED_PROVIDER_IDS } from '@socialkit/contract';
import { fail, isObject } from '../config/check';
import type { SocialProvider } from './plugin';

export type {
  CredentialFields,
  CredentialSpec,
  FieldRule,
  SocialProvider,
  VerifiedProfile,
  VerifyContext,
} from './plugin';

function checkProvider(provider: unknown, index: number): SocialProvider {
  const where = `\`providers[${index}]\``;
  if (
    !isObject(provider) ||
    typeof provider.verify !== 'function' ||
    typeof provider.publicConfig !== 'function'
  ) {
    fail(
      `${where} must be a provider object, e.g. the result of a provider factory such as \`oidc({ ... })\`.`,
    );
  }
  const { id, credentials } = provider;
  if (typeof id !== 'string' || !PROVIDER_ID_PATTERN.test(id) || RESERVED_PROVIDER_IDS.has(id)) {
    fail(
      `${where} has id ${JSON.stringify(id)}: use lower-case letters, digits, \`-\` and \`_\`, not a route name.`,
    );
  }
  if (!isObject(credentials) || !Array.isArray(credentials.oneOf) || credentials.oneOf.length === 0) {
    fail(`provider \`${id}\` must list the credentials it accepts in \`credentials.oneOf\`.`);
  }
  return provider as unknown as SocialProvider;
}

/**
 * The configured providers by id. A `Map` (not an object) so `__proto__`, `constructor` or
 * `toString` in the URL can never resolve to anything.
 */
export function providerRegistry(providers: unknown): ReadonlyMap<string, SocialProvider> {
  if (!Array.isArray(providers) || providers.length === 0) {
    fail('`providers` must list at least one provider, e.g. `providers: [oidc({ issuer, clientId })]`.');
  }
  const registry = new Map<string, SocialProvider>();
  providers.forEach((candidate, index) => {
    const provider = checkProvider(candidate, index);
    if (registry.has(provider.id)) fail(`two providers have the id \`${provider.id}\`; ids must be unique.`);
    registry.set(provider.id, provider);
  });
  return registry;
}

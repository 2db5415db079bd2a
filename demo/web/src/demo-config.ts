/** One provider the server offers, in page order. */
export interface DemoProvider {
  /** The route id (`POST /auth/:id`). */
  id: string;
  /** Which kind of provider: google, apple, microsoft, github, facebook or oidc. */
  key: string;
  name: string;
}

/** What the demo server inlines into the page as `window.__SOCIALKIT_DEMO__`. */
export interface DemoConfig {
  /** By route id: true when that provider is a local fake. */
  sandbox: Record<string, boolean>;
  providers: DemoProvider[];
}

declare global {
  interface Window {
    __SOCIALKIT_DEMO__?: Partial<DemoConfig>;
  }
}

/** The server's config, or "Google and Facebook, nothing sandboxed" when something else served the page. */
export function readDemoConfig(): DemoConfig {
  const inlined = window.__SOCIALKIT_DEMO__;
  const sandbox: Record<string, boolean> = {};
  for (const [id, value] of Object.entries(inlined?.sandbox ?? {})) sandbox[id] = value === true;
  const providers = Array.isArray(inlined?.providers)
    ? inlined.providers.filter(
        (provider): provider is DemoProvider =>
          typeof provider?.id === 'string' &&
          typeof provider.key === 'string' &&
          typeof provider.name === 'string',
      )
    : [
        { id: 'google', key: 'google', name: 'Google' },
        { id: 'facebook', key: 'facebook', name: 'Facebook' },
      ];
  return { sandbox, providers };
}

/** A provider's display name by route id, e.g. `google` → "Google". */
export function providerName(config: DemoConfig, id: string): string {
  return config.providers.find((provider) => provider.id === id)?.name ?? id;
}

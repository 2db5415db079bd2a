/** What the demo server inlines into the page as `window.__SOCIALKIT_DEMO__`. */
export interface DemoConfig {
  sandbox: { google: boolean; facebook: boolean };
}

declare global {
  interface Window {
    __SOCIALKIT_DEMO__?: Partial<DemoConfig>;
  }
}

/** The server's config, or "nothing sandboxed" when the page was served by something else. */
export function readDemoConfig(): DemoConfig {
  const sandbox = window.__SOCIALKIT_DEMO__?.sandbox;
  return { sandbox: { google: sandbox?.google === true, facebook: sandbox?.facebook === true } };
}

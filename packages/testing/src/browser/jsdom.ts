import { choiceOf, type StandInOptions } from './playwright';
import {
  APPLE_JS_URL_PATTERN,
  appleRuntimeConfig,
  FB_SDK_URL_PATTERN,
  fbRuntimeConfig,
  GIS_SCRIPT_URL,
  gisRuntimeConfig,
} from './scripts';
import { type StandInName, standInFactorySource } from './stand-ins';

type StandInFactory = (window: StandInWindow, document: Document, config: object) => void;

/** What the jsdom stand-ins need of a window: a browser `window` and jsdom's `dom.window` both fit. */
export interface StandInWindow {
  document: Document;
  setTimeout(handler: () => void, timeout?: number): unknown;
  Event: typeof Event;
  MutationObserver: typeof MutationObserver;
}

/** Undo handle of `installJsdomStandIns`. */
export interface JsdomStandIns {
  /** Stops answering script tags and removes `window.google`, `window.FB` and `window.AppleID`. */
  uninstall(): void;
}

/**
 * Makes `<script>` tags for Google's, Facebook's and Apple's SDKs "load" in jsdom (which fetches no
 * scripts): each one gets the stand-in's globals defined on `window`, then its `load` event.
 * Works with @react-oauth/google's and @greatsumini/react-facebook-login's loaders.
 *
 * @example
 * // @vitest-environment jsdom
 * const fakes = await startFakeProviders();
 * const standIns = installJsdomStandIns(window, { google: fakes.google, autoSelect: 'ada@example.com' });
 * render(<GoogleOAuthProvider clientId={fakes.google.clientId}><GoogleLogin onSuccess={...} /></GoogleOAuthProvider>);
 * standIns.uninstall();
 */
export function installJsdomStandIns(window: StandInWindow, opts: StandInOptions): JsdomStandIns {
  const choice = choiceOf(opts);
  const { google, facebook, apple } = opts;
  const loaders: Array<{ matches(src: string): boolean; load(): void }> = [];
  if (google) {
    const config = gisRuntimeConfig({ ...choice, tokenEndpoint: `${google.baseUrl}/sandbox/id-token` });
    loaders.push({
      matches: (src) => src.startsWith(GIS_SCRIPT_URL),
      load: () => run('gis', window, config),
    });
  }
  if (facebook) {
    const config = fbRuntimeConfig({ ...choice, loginEndpoint: `${facebook.baseUrl}/sandbox/login` });
    loaders.push({
      matches: (src) => FB_SDK_URL_PATTERN.test(src),
      load: () => run('fb', window, config),
    });
  }
  if (apple) {
    const config = appleRuntimeConfig({ ...choice, authorizeEndpoint: `${apple.baseUrl}/sandbox/authorize` });
    loaders.push({
      matches: (src) => APPLE_JS_URL_PATTERN.test(src),
      load: () => run('apple', window, config),
    });
  }

  const seen = new WeakSet<Node>();
  const answer = (script: HTMLScriptElement) => {
    if (seen.has(script)) return;
    const loader = loaders.find((candidate) => candidate.matches(script.src));
    if (!loader) return;
    seen.add(script);
    // A network fetch would finish on a later task; loaders attach onload before inserting the tag.
    window.setTimeout(() => {
      loader.load();
      script.dispatchEvent(new window.Event('load'));
    }, 0);
  };
  const scan = (node: Node) => {
    if (node.nodeName === 'SCRIPT') answer(node as HTMLScriptElement);
    else if (node.nodeType === 1)
      for (const script of (node as Element).querySelectorAll('script')) answer(script);
  };
  const observer = new window.MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) scan(node);
  });
  observer.observe(window.document, { childList: true, subtree: true });
  scan(window.document.documentElement);

  return {
    uninstall() {
      observer.disconnect();
      const globals = window as unknown as Record<string, unknown>;
      delete globals.google;
      delete globals.FB;
      delete globals.fbAsyncInit;
      delete globals.AppleID;
    },
  };
}

function run(name: StandInName, window: StandInWindow, config: object): void {
  // Evaluated in this realm on purpose: jsdom offers no fetch, so the stand-in falls back to Node's.
  const factory = new Function(`return (${standInFactorySource(name)});`)() as StandInFactory;
  factory(window, window.document, config);
}

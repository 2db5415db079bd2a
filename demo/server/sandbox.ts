import type { IncomingMessage, ServerResponse } from 'node:http';
import { apple, facebook, github, google, microsoft, oidc, type SocialProvider } from '@socialkit/express';
import {
  createFakeApple,
  createFakeFacebook,
  createFakeGitHub,
  createFakeGoogle,
  createFakeMicrosoft,
  createFakeOidc,
  fbStandInScript,
  gisStandInScript,
  sandboxScriptRewriter,
} from '@socialkit/testing';
import express, { type Router } from 'express';
import type { DemoConfig } from './config';
import { PROVIDER_NAMES, type ProviderKey } from './provider-env';

/** Where a sandboxed provider's fake is mounted on the demo server. */
export const sandboxPath = (key: ProviderKey) => `/sandbox/${key}`;
export const GOOGLE_SANDBOX_PATH = sandboxPath('google');
export const FACEBOOK_SANDBOX_PATH = sandboxPath('facebook');
const GIS_SCRIPT_PATH = `${GOOGLE_SANDBOX_PATH}/gsi/client.js`;
const FB_SCRIPT_PATH = `${FACEBOOK_SANDBOX_PATH}/sdk.js`;

/** One offered provider, as the page and the startup log describe it. */
export interface DemoProviderInfo {
  /** The route id (`POST /auth/:id`); the generic OIDC provider's is `OIDC_ID`. */
  id: string;
  key: ProviderKey;
  name: string;
  sandbox: boolean;
}

/** The providers `socialAuth` verifies against, and the sandbox routes and boot script that go with them. */
export interface DemoProviders {
  /** Built with each provider's factory, ready for `socialAuth({ providers })`. */
  providers: SocialProvider[];
  list: DemoProviderInfo[];
  /** By route id: true when that provider is a local fake. */
  sandbox: Record<string, boolean>;
  /** Mounted at `/`: the fake providers and their browser stand-ins, for sandboxed providers only. */
  router: Router;
  /** Inline script that points the SDK loaders at the stand-ins; undefined when nothing is sandboxed. */
  bootScript?: string;
}

interface Fake {
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const script =
  (source: string): express.RequestHandler =>
  (_req, res) => {
    res.type('application/javascript').setHeader('Cache-Control', 'no-cache');
    res.send(source);
  };

/**
 * Live providers use the configured credentials and URL overrides; a provider without credentials
 * is replaced by the local fake from `@socialkit/testing`, mounted on this server, so the real SDK,
 * popup, callback and middleware code paths (nonce, PKCE, signatures, code exchange) still run.
 *
 * @example
 * const demo = demoProviders(config, 'http://127.0.0.1:3000');
 * app.use(demo.router);
 * socialAuth({ providers: demo.providers, tokens });
 */
export function demoProviders(config: DemoConfig, origin: string): DemoProviders {
  const settings = config.providers;
  const router = express.Router();
  const rewrites: Record<string, string> = {};
  const mount = <F extends Fake>(key: ProviderKey, create: (baseUrl: string) => F): F => {
    const fake = create(`${origin}${sandboxPath(key)}`);
    router.use(sandboxPath(key), (req, res) => fake.handle(req, res));
    return fake;
  };

  const build: Record<ProviderKey, () => SocialProvider> = {
    google: () => {
      let options = settings.google;
      if (!options) {
        // The stand-in script first: the fake's own routes would answer its path otherwise.
        router.get(
          GIS_SCRIPT_PATH,
          script(gisStandInScript({ tokenEndpoint: `${GOOGLE_SANDBOX_PATH}/sandbox/id-token` })),
        );
        options = mount('google', (baseUrl) => createFakeGoogle({ baseUrl })).options;
        rewrites['https://accounts.google.com/gsi/client'] = GIS_SCRIPT_PATH;
      }
      return google({ ...options, ...(config.googleFlows ? { flows: config.googleFlows } : {}) });
    },
    facebook: () => {
      let options = settings.facebook;
      if (!options) {
        router.get(
          FB_SCRIPT_PATH,
          script(fbStandInScript({ loginEndpoint: `${FACEBOOK_SANDBOX_PATH}/sandbox/login` })),
        );
        options = mount('facebook', (baseUrl) => createFakeFacebook({ baseUrl })).options;
        rewrites['https://connect.facebook.net/*/sdk.js'] = FB_SCRIPT_PATH;
      }
      return facebook({ ...options, trustEmail: config.facebookTrustEmail });
    },
    apple: () => apple(settings.apple ?? mount('apple', (baseUrl) => createFakeApple({ baseUrl })).options),
    microsoft: () =>
      microsoft(
        settings.microsoft ?? mount('microsoft', (baseUrl) => createFakeMicrosoft({ baseUrl })).options,
      ),
    github: () =>
      github(settings.github ?? mount('github', (baseUrl) => createFakeGitHub({ baseUrl })).options),
    oidc: () => {
      const name = settings.oidcName ?? (settings.oidc ? 'Single sign-on' : 'Sandbox SSO');
      const options = settings.oidc ?? mount('oidc', (baseUrl) => createFakeOidc({ baseUrl, name })).options;
      return oidc({ ...options, id: settings.oidcId, name });
    },
  };

  const providers: SocialProvider[] = [];
  const list: DemoProviderInfo[] = [];
  for (const key of settings.enabled) {
    const provider = build[key]();
    providers.push(provider);
    const name =
      key === 'oidc' ? String(provider.publicConfig().name ?? PROVIDER_NAMES.oidc) : PROVIDER_NAMES[key];
    list.push({ id: provider.id, key, name, sandbox: settings[key] === undefined });
  }
  const sandbox = Object.fromEntries(list.map((info) => [info.id, info.sandbox]));
  const bootScript = Object.keys(rewrites).length > 0 ? sandboxScriptRewriter(rewrites) : undefined;
  return bootScript ? { providers, list, sandbox, router, bootScript } : { providers, list, sandbox, router };
}

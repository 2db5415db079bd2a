import type { FacebookOptions, GoogleOptions } from '@socialkit/express';
import {
  createFakeFacebook,
  createFakeGoogle,
  fbStandInScript,
  gisStandInScript,
  sandboxScriptRewriter,
} from '@socialkit/testing';
import express, { type Router } from 'express';
import type { DemoConfig } from './config';

export const GOOGLE_SANDBOX_PATH = '/sandbox/google';
export const FACEBOOK_SANDBOX_PATH = '/sandbox/facebook';
const GIS_SCRIPT_PATH = `${GOOGLE_SANDBOX_PATH}/gsi/client.js`;
const FB_SCRIPT_PATH = `${FACEBOOK_SANDBOX_PATH}/sdk.js`;

/** The providers `socialAuth` verifies against, and the sandbox routes and boot script that go with them. */
export interface DemoProviders {
  google: GoogleOptions;
  facebook: FacebookOptions;
  sandbox: { google: boolean; facebook: boolean };
  /** Mounted at `/`: the fake providers and their browser stand-ins, for sandboxed providers only. */
  router: Router;
  /** Inline script that points the SDK loaders at the stand-ins; undefined when nothing is sandboxed. */
  bootScript?: string;
}

const script =
  (source: string): express.RequestHandler =>
  (_req, res) => {
    res.type('application/javascript').setHeader('Cache-Control', 'no-cache');
    res.send(source);
  };

/**
 * Live providers use the configured credentials and URL overrides; a provider without credentials
 * is replaced by the local fake from `@socialkit/testing`, mounted on this server, so the real SDK
 * and middleware code paths (nonce, signature, app checks) still run.
 *
 * @example
 * const providers = demoProviders(config, 'http://127.0.0.1:3000');
 * app.use(providers.router);
 * socialAuth({ google: providers.google, facebook: providers.facebook, tokens });
 */
export function demoProviders(config: DemoConfig, origin: string): DemoProviders {
  const router = express.Router();
  const rewrites: Record<string, string> = {};
  let google: GoogleOptions;
  let facebook: FacebookOptions;

  if (config.google) {
    google = { ...config.google };
  } else {
    const fake = createFakeGoogle({ baseUrl: `${origin}${GOOGLE_SANDBOX_PATH}` });
    google = fake.options;
    router.get(
      GIS_SCRIPT_PATH,
      script(gisStandInScript({ tokenEndpoint: `${GOOGLE_SANDBOX_PATH}/sandbox/id-token` })),
    );
    router.use(GOOGLE_SANDBOX_PATH, (req, res) => fake.handle(req, res));
    rewrites['https://accounts.google.com/gsi/client'] = GIS_SCRIPT_PATH;
  }

  if (config.facebook) {
    facebook = { ...config.facebook };
  } else {
    const fake = createFakeFacebook({ baseUrl: `${origin}${FACEBOOK_SANDBOX_PATH}` });
    facebook = fake.options;
    router.get(
      FB_SCRIPT_PATH,
      script(fbStandInScript({ loginEndpoint: `${FACEBOOK_SANDBOX_PATH}/sandbox/login` })),
    );
    router.use(FACEBOOK_SANDBOX_PATH, (req, res) => fake.handle(req, res));
    rewrites['https://connect.facebook.net/*/sdk.js'] = FB_SCRIPT_PATH;
  }

  const sandbox = { google: !config.google, facebook: !config.facebook };
  const bootScript = Object.keys(rewrites).length > 0 ? sandboxScriptRewriter(rewrites) : undefined;
  return bootScript
    ? { google, facebook, sandbox, router, bootScript }
    : { google, facebook, sandbox, router };
}

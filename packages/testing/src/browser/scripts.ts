import type { SandboxAccount } from '../kit/accounts';
import { standInScript } from './stand-ins';

/** How a stand-in picks the account to sign in with. */
export interface StandInChoice {
  /** Accounts for the chooser. @default fetched from the fake's `/sandbox/accounts` */
  accounts?: SandboxAccount[];
  /** Sign in with this account (id or email) without showing the chooser. */
  autoSelect?: string;
  /** `false` picks the first account instead of asking. @default true */
  chooser?: boolean;
}

export interface GisStandInConfig extends StandInChoice {
  /** The fake Google's `/sandbox/id-token` URL; the other sandbox URLs are derived from it. */
  tokenEndpoint: string;
}

export interface AppleStandInConfig extends StandInChoice {
  /** The fake Apple's `/sandbox/authorize` URL; the other URLs are derived from it. */
  authorizeEndpoint: string;
}

export interface FbStandInConfig extends StandInChoice {
  /** The fake Facebook's `/sandbox/login` URL; the other sandbox URLs are derived from it. */
  loginEndpoint: string;
}

export function gisRuntimeConfig(config: GisStandInConfig) {
  const base = config.tokenEndpoint.replace(/\/sandbox\/id-token\/?$/, '');
  return {
    ...config,
    idTokenEndpoint: config.tokenEndpoint,
    accessTokenEndpoint: `${base}/sandbox/access-token`,
    codeEndpoint: `${base}/sandbox/code`,
    accountsEndpoint: `${base}/sandbox/accounts`,
    revokeEndpoint: `${base}/revoke`,
  };
}

export function fbRuntimeConfig(config: FbStandInConfig) {
  const base = config.loginEndpoint.replace(/\/sandbox\/login\/?$/, '');
  return { ...config, accountsEndpoint: `${base}/sandbox/accounts`, graphEndpoint: `${base}/sandbox/graph` };
}

export function appleRuntimeConfig(config: AppleStandInConfig) {
  const base = config.authorizeEndpoint.replace(/\/sandbox\/authorize\/?$/, '');
  return { ...config, accountsEndpoint: `${base}/sandbox/accounts`, authorizeUrl: `${base}/auth/authorize` };
}

/**
 * JavaScript that stands in for `https://accounts.google.com/gsi/client`: `google.accounts.id` and
 * `google.accounts.oauth2` backed by the fake Google's sandbox endpoints.
 *
 * @example
 * app.get('/sandbox/gsi-client.js', (_req, res) =>
 *   res.type('js').send(gisStandInScript({ tokenEndpoint: `${google.baseUrl}/sandbox/id-token` })));
 */
export function gisStandInScript(config: GisStandInConfig): string {
  return standInScript('gis', gisRuntimeConfig(config));
}

/**
 * JavaScript that stands in for `https://connect.facebook.net/<locale>/sdk.js`: `window.FB` backed
 * by the fake Facebook's sandbox endpoints.
 *
 * @example
 * app.get('/sandbox/fb-sdk.js', (_req, res) =>
 *   res.type('js').send(fbStandInScript({ loginEndpoint: `${facebook.baseUrl}/sandbox/login` })));
 */
export function fbStandInScript(config: FbStandInConfig): string {
  return standInScript('fb', fbRuntimeConfig(config));
}

/**
 * JavaScript that stands in for Sign in with Apple JS (`appleid.auth.js`): `AppleID.auth.init` and
 * `signIn` (popup mode resolves `{ authorization: { code, id_token, state }, user? }`), backed by the
 * fake Apple's sandbox endpoint.
 *
 * @example
 * app.get('/sandbox/appleid.auth.js', (_req, res) =>
 *   res.type('js').send(appleStandInScript({ authorizeEndpoint: `${apple.baseUrl}/sandbox/authorize` })));
 */
export function appleStandInScript(config: AppleStandInConfig): string {
  return standInScript('apple', appleRuntimeConfig(config));
}

export const GIS_SCRIPT_URL = 'https://accounts.google.com/gsi/client';
export const FB_SDK_URL_PATTERN = /^https:\/\/connect\.facebook\.net\/[^/]+\/sdk(\/[^/]+)?\.js/;
export const APPLE_JS_URL_PATTERN =
  /^https:\/\/appleid\.cdn-apple\.com\/appleauth\/static\/jsapi\/appleid\/1\/[^/]+\/appleid\.auth\.js/;

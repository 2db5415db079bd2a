import type { SandboxAccount } from '../kit/accounts';
import { CHOOSER_SOURCE } from './chooser-source';
import { FB_SOURCE } from './fb-source';
import { GIS_SOURCE } from './gis-source';

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

export interface FbStandInConfig extends StandInChoice {
  /** The fake Facebook's `/sandbox/login` URL; the other sandbox URLs are derived from it. */
  loginEndpoint: string;
}

/** The stand-in as a function body taking `(window, document, config)`, for jsdom and for scripts. */
export function standInFactorySource(body: string): string {
  return `function (window, document, config) {\n'use strict';\n${CHOOSER_SOURCE}\n${body}\n}`;
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

const asScript = (body: string, config: object) =>
  `(${standInFactorySource(body)})(window, document, ${JSON.stringify(config)});\n`;

/**
 * JavaScript that stands in for `https://accounts.google.com/gsi/client`: `google.accounts.id` and
 * `google.accounts.oauth2` backed by the fake Google's sandbox endpoints.
 *
 * @example
 * app.get('/sandbox/gsi-client.js', (_req, res) =>
 *   res.type('js').send(gisStandInScript({ tokenEndpoint: `${google.baseUrl}/sandbox/id-token` })));
 */
export function gisStandInScript(config: GisStandInConfig): string {
  return asScript(GIS_SOURCE, gisRuntimeConfig(config));
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
  return asScript(FB_SOURCE, fbRuntimeConfig(config));
}

export const GIS_SCRIPT_URL = 'https://accounts.google.com/gsi/client';
export const FB_SDK_URL_PATTERN = /^https:\/\/connect\.facebook\.net\/[^/]+\/sdk(\/[^/]+)?\.js/;

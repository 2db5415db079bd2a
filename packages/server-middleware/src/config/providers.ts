import type { FacebookOptions, GoogleOptions } from '../types';
import { checkKeys, fail, isObject, url } from './check';

export const GOOGLE_DEFAULTS = {
  nonce: 'required',
  jwksUri: 'https://www.googleapis.com/oauth2/v3/certs',
  tokenInfoUrl: 'https://oauth2.googleapis.com/tokeninfo',
  userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  tokenUrl: 'https://oauth2.googleapis.com/token',
} as const;

export const FACEBOOK_DEFAULTS = {
  graphUrl: 'https://graph.facebook.com/v23.0',
  emailVerified: true,
} as const;

export interface ResolvedGoogle
  extends Required<Omit<GoogleOptions, 'clientId' | 'clientSecret' | 'hostedDomains'>> {
  clientIds: string[];
  clientSecret?: string;
  hostedDomains?: string[];
}
export type ResolvedFacebook = Required<FacebookOptions>;
export function resolveGoogle(google: unknown): ResolvedGoogle | undefined {
  if (google === undefined) return undefined;
  if (!isObject(google)) fail('`google` must be an object like `{ clientId }`.');
  checkKeys(google, 'google', 'google.');
  const raw = google.clientId;
  const clientIds = (Array.isArray(raw) ? raw : [raw]).filter(
    (id) => typeof id === 'string' && id.length > 0,
  );
  if (clientIds.length === 0 || (Array.isArray(raw) && clientIds.length !== raw.length)) {
    fail('`google.clientId` must be a non-empty string or array of strings (your OAuth client ID).');
  }
  const nonce = google.nonce ?? GOOGLE_DEFAULTS.nonce;
  if (nonce !== 'required' && nonce !== 'optional') fail("`google.nonce` must be 'required' or 'optional'.");
  const { hostedDomains, clientSecret } = google;
  if (hostedDomains !== undefined && (!Array.isArray(hostedDomains) || hostedDomains.length === 0)) {
    fail('`google.hostedDomains` must be a non-empty array of domains.');
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === '')) {
    fail('`google.clientSecret` must be a non-empty string.');
  }
  return {
    clientIds: clientIds as string[],
    clientSecret: clientSecret as string | undefined,
    hostedDomains: (hostedDomains as string[] | undefined)?.map((d) => d.toLowerCase()),
    nonce,
    jwksUri: url(google.jwksUri, 'google.jwksUri', GOOGLE_DEFAULTS.jwksUri),
    tokenInfoUrl: url(google.tokenInfoUrl, 'google.tokenInfoUrl', GOOGLE_DEFAULTS.tokenInfoUrl),
    userInfoUrl: url(google.userInfoUrl, 'google.userInfoUrl', GOOGLE_DEFAULTS.userInfoUrl),
    tokenUrl: url(google.tokenUrl, 'google.tokenUrl', GOOGLE_DEFAULTS.tokenUrl),
  };
}

export function resolveFacebook(facebook: unknown): ResolvedFacebook | undefined {
  if (facebook === undefined) return undefined;
  if (!isObject(facebook)) fail('`facebook` must be an object like `{ appId, appSecret }`.');
  checkKeys(facebook, 'facebook', 'facebook.');
  const { appId, appSecret, emailVerified } = facebook;
  if (typeof appId !== 'string' || !/^\d+$/.test(appId))
    fail('`facebook.appId` must be your numeric app ID string.');
  if (typeof appSecret !== 'string' || appSecret.length < 16) {
    fail('`facebook.appSecret` is required (server-side debug_token and appsecret_proof need it).');
  }
  if (emailVerified !== undefined && typeof emailVerified !== 'boolean') {
    fail('`facebook.emailVerified` must be a boolean.');
  }
  return {
    appId,
    appSecret,
    graphUrl: url(facebook.graphUrl, 'facebook.graphUrl', FACEBOOK_DEFAULTS.graphUrl),
    emailVerified: emailVerified ?? FACEBOOK_DEFAULTS.emailVerified,
  };
}

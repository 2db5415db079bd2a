import { checkKeys, fail, isObject, optionKeys } from '../config/check';
import { InvalidTokenError, ProviderUnavailableError } from '../errors';
import { nonEmptyString } from './id-token-claims';
import {
  basicAuth,
  CODE_FLOW_FIELDS,
  checkedRedirectUri,
  exchangeCode,
  requestJson,
  requirePkce,
} from './oauth-code';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';
import { flowsOption, redirectUrisOption, secureUrl } from './provider-options';

export type GitHubFlow = 'code' | 'accessToken';

/** Options of `github()`. */
export interface GitHubOptions {
  /** The OAuth app's Client ID. */
  clientId: string;
  /** The OAuth app's client secret: redeems codes and authenticates check-a-token calls. */
  clientSecret: string;
  /** GitHub Enterprise Server or a local fake. @default 'https://github.com' */
  oauthUrl?: string;
  /** @default 'https://api.github.com' (GitHub Enterprise Server: `https://HOST/api/v3`) */
  apiUrl?: string;
  /** Redirect URIs besides this router's own `/callback/github` that a code may have been issued for. */
  redirectUris?: readonly string[];
  /** @default ['code', 'accessToken'] */
  flows?: readonly GitHubFlow[];
}

const KEYS = optionKeys<GitHubOptions>({
  clientId: true,
  clientSecret: true,
  oauthUrl: true,
  apiUrl: true,
  redirectUris: true,
  flows: true,
});
const API_VERSION = '2022-11-28';

/**
 * GitHub answers an exhausted (primary or secondary) rate limit with 403 as often as with 429
 * (GitHub docs "Rate limits for the REST API"): that is an outage for this sign-in, not a verdict
 * on the token, so it is a 503 like every other provider fault.
 */
function checkRateLimit(response: { status: number; body: unknown; headers: Headers }): void {
  if (response.status !== 403) return;
  const message =
    isObject(response.body) && typeof response.body.message === 'string' ? response.body.message : '';
  if (
    response.headers.get('x-ratelimit-remaining') === '0' ||
    response.headers.has('retry-after') ||
    /rate limit/i.test(message)
  ) {
    throw new ProviderUnavailableError(undefined, {
      cause: new Error('GitHub rate limit exceeded (HTTP 403)'),
    });
  }
}

interface GitHubEmail {
  email?: unknown;
  primary?: unknown;
  verified?: unknown;
}

/**
 * Sign in with GitHub (OAuth apps): a PKCE code from the popup flow, redeemed with the client
 * secret, or an access token a native client holds, accepted only when GitHub's check-a-token API
 * says it was issued to this app. Identities are keyed by the numeric user id; the email is the
 * primary verified address or none.
 *
 * @example
 * socialAuth({ providers: [github({ clientId: process.env.GITHUB_CLIENT_ID, clientSecret: process.env.GITHUB_CLIENT_SECRET })], … });
 */
export function github(options: GitHubOptions) {
  if (!isObject(options)) fail('`github()` takes an object like `{ clientId, clientSecret }`.');
  checkKeys(options, KEYS, 'github.');
  const { clientId, clientSecret } = options;
  if (typeof clientId !== 'string' || !/^[\w.-]{1,100}$/.test(clientId)) {
    fail('`github.clientId` is required: the Client ID of your OAuth app (Settings → Developer settings).');
  }
  if (typeof clientSecret !== 'string' || clientSecret.length < 8) {
    fail('`github.clientSecret` is required: generate one on your OAuth app’s settings page.');
  }
  const oauthUrl = secureUrl(
    (options.oauthUrl ?? 'https://github.com').replace(/\/+$/, ''),
    'github.oauthUrl',
  );
  const apiUrl = secureUrl((options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''), 'github.apiUrl');
  const redirectUris = redirectUrisOption(options.redirectUris, 'github.redirectUris');
  const flows = flowsOption<GitHubFlow>(
    options.flows,
    'github.flows',
    ['code', 'accessToken'],
    ['code', 'accessToken'],
  );
  const checkTokenUrl = `${apiUrl}/applications/${encodeURIComponent(clientId)}/token`;

  const apiHeaders = (token: string) => ({
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'user-agent': 'socialkit',
    'x-github-api-version': API_VERSION,
  });

  /** GitHub "Check a token": 200 only for a live token of *this* OAuth app; 404 for any other. */
  async function checkToken(accessToken: string, context: VerifyContext): Promise<number> {
    const checked = await requestJson(context, checkTokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicAuth(clientId, clientSecret),
        accept: 'application/vnd.github+json',
        'user-agent': 'socialkit',
        'x-github-api-version': API_VERSION,
      },
      json: { access_token: accessToken },
    });
    checkRateLimit(checked);
    const { status, body } = checked;
    if (status === 401 || status === 403) {
      throw new ProviderUnavailableError(undefined, {
        cause: new Error(
          `GitHub refused this app's client credentials (HTTP ${status}); check github.clientSecret`,
        ),
      });
    }
    if (status !== 200 || !isObject(body)) {
      throw new InvalidTokenError('The GitHub access token was not issued to this application.', {
        cause: new Error(`check-a-token answered HTTP ${status}`),
      });
    }
    const app = isObject(body.app) ? body.app : {};
    const user = isObject(body.user) ? body.user : {};
    if (app.client_id !== clientId)
      throw new InvalidTokenError('The GitHub access token was not issued to this application.');
    const expiresAt = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : Number.NaN;
    if (!Number.isNaN(expiresAt) && expiresAt <= Date.now())
      throw new InvalidTokenError('The GitHub access token has expired.');
    if (!Number.isSafeInteger(user.id) || (user.id as number) <= 0) throw new InvalidTokenError();
    return user.id as number;
  }

  async function profile(
    accessToken: string,
    context: VerifyContext,
    expectedId?: number,
  ): Promise<VerifiedProfile> {
    const [user, emails] = await Promise.all([
      requestJson(context, `${apiUrl}/user`, { headers: apiHeaders(accessToken) }),
      requestJson(context, `${apiUrl}/user/emails`, { headers: apiHeaders(accessToken) }),
    ]);
    checkRateLimit(user);
    checkRateLimit(emails);
    if (user.status !== 200 || !isObject(user.body)) {
      throw new InvalidTokenError('The GitHub access token was rejected.', {
        cause: new Error(`GET /user answered HTTP ${user.status}`),
      });
    }
    const id = user.body.id;
    if (!Number.isSafeInteger(id) || (id as number) <= 0)
      throw new InvalidTokenError('GitHub returned no user id.');
    if (expectedId !== undefined && id !== expectedId) throw new InvalidTokenError();
    // Only the primary *verified* address counts; `/user.email` is a public profile field that
    // GitHub does not vouch for. Without the `user:email` scope there is no email at all.
    const list: GitHubEmail[] = emails.status === 200 && Array.isArray(emails.body) ? emails.body : [];
    const primary = list.find(
      (entry) => isObject(entry) && entry.primary === true && entry.verified === true,
    );
    const email = nonEmptyString(primary?.email)?.toLowerCase();
    const name = nonEmptyString(user.body.name) ?? nonEmptyString(user.body.login);
    const picture = nonEmptyString(user.body.avatar_url);
    return {
      provider: 'github',
      subject: String(id),
      ...(email ? { email } : {}),
      emailVerified: email !== undefined,
      ...(name ? { name } : {}),
      ...(picture ? { picture } : {}),
    };
  }

  async function fromCode(credential: CredentialFields, context: VerifyContext): Promise<VerifiedProfile> {
    const codeVerifier = requirePkce(credential);
    const redirectUri = checkedRedirectUri(credential, context, redirectUris);
    const body = await exchangeCode(context.http, {
      tokenUrl: `${oauthUrl}/login/oauth/access_token`,
      clientId,
      clientSecret,
      auth: 'client_secret_post',
      code: credential.code as string,
      codeVerifier,
      redirectUri,
      label: 'GitHub',
    });
    const accessToken = nonEmptyString(body.access_token);
    if (!accessToken) throw new InvalidTokenError('GitHub returned no access token for the code.');
    return profile(accessToken, context);
  }

  return {
    id: 'github',
    credentials: {
      oneOf: flows,
      disabled: ['code', 'accessToken'].filter((flow) => !flows.includes(flow as GitHubFlow)),
      fields: CODE_FLOW_FIELDS,
    },
    publicConfig: () => ({ clientId, authorizationEndpoint: `${oauthUrl}/login/oauth/authorize`, flows }),
    async verify(credential, context) {
      if (credential.code !== undefined) return fromCode(credential, context);
      const accessToken = credential.accessToken as string;
      // passport-github#62: a token the user granted to any other app must not sign in here.
      const userId = await checkToken(accessToken, context);
      return profile(accessToken, context, userId);
    },
  } satisfies SocialProvider<'github'>;
}

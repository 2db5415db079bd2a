import { createHmac } from 'node:crypto';
import { fail, optionalBoolean, optionKeys, section, url } from '../config/check';
import { InvalidRequestError, InvalidTokenError, ProviderUnavailableError } from '../errors';
import type { JsonResponse } from './http';
import type { CredentialFields, SocialProvider, VerifiedProfile, VerifyContext } from './plugin';

/** Options of {@link facebook}. */
export interface FacebookOptions {
  /** Your numeric app ID. */
  appId: string;
  /** The app secret: `debug_token` and `appsecret_proof` need it; it never leaves the server. */
  appSecret: string;
  /** @default 'https://graph.facebook.com/v23.0' */
  graphUrl?: string;
  /**
   * Treat the email Facebook shows as verified. Facebook sends no `email_verified`, so by default
   * its email links to nothing and is never stored as the user's email. Turning this on lets a
   * Facebook account showing an address sign in to (and link with) the account holding it,
   * whatever other providers vouched for it — including a company address that `hostedDomains`
   * of another provider would refuse.
   * @default false
   */
  trustEmail?: boolean;
}

const KEYS = optionKeys<FacebookOptions>({ appId: true, appSecret: true, graphUrl: true, trustEmail: true });
const DEFAULTS = { graphUrl: 'https://graph.facebook.com/v23.0', trustEmail: false } as const;

function resolve(options: unknown) {
  const raw = section(options, KEYS, 'facebook', '{ appId, appSecret }');
  const { appId, appSecret } = raw;
  if (typeof appId !== 'string' || !/^\d+$/.test(appId))
    fail('`facebook.appId` must be your numeric app ID string.');
  if (typeof appSecret !== 'string' || appSecret.length < 16) {
    fail('`facebook.appSecret` is required (server-side debug_token and appsecret_proof need it).');
  }
  return {
    appId,
    appSecret,
    graphUrl: url(raw.graphUrl, 'facebook.graphUrl', DEFAULTS.graphUrl),
    trustEmail: optionalBoolean(raw.trustEmail, 'facebook.trustEmail', DEFAULTS.trustEmail),
  };
}

/** Graph error codes that mean "try later" (throttling, outage), not "bad token". */
const TRANSIENT_GRAPH_CODES = new Set([1, 2, 4, 17, 32, 341, 368, 613]);

function graphError(response: JsonResponse): Error {
  const error = response.body.error as { code?: unknown } | undefined;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  if (code !== undefined && TRANSIENT_GRAPH_CODES.has(code)) {
    return new ProviderUnavailableError(undefined, { cause: new Error(`Graph error code ${code}`) });
  }
  return new InvalidTokenError('The Facebook access token was rejected.', {
    cause: new Error(`Graph answered HTTP ${response.status}${code === undefined ? '' : ` code ${code}`}`),
  });
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Facebook Login: the access token is checked with `debug_token` under our app token (it must be
 * a valid USER token of *this* app) while `/me` is fetched with `appsecret_proof`, in parallel.
 * Options are checked here, at startup.
 *
 * @example
 * socialAuth({ providers: [facebook({ appId, appSecret: process.env.FACEBOOK_APP_SECRET! })], tokens: { secret } });
 */
export function facebook(options: FacebookOptions) {
  const config = resolve(options);
  const { appId, appSecret, graphUrl } = config;
  const appToken = `${appId}|${appSecret}`;

  async function fromAccessToken(
    accessToken: string,
    userID: string | undefined,
    { http }: VerifyContext,
  ): Promise<VerifiedProfile> {
    const proof = createHmac('sha256', appSecret).update(accessToken).digest('hex');
    const debugUrl = `${graphUrl}/debug_token?${new URLSearchParams({ input_token: accessToken })}`;
    const meUrl = `${graphUrl}/me?${new URLSearchParams({ fields: 'id,name,email,picture.type(large)', appsecret_proof: proof })}`;
    const [debug, me] = await Promise.all([
      http.json(debugUrl, { headers: { authorization: `Bearer ${appToken}` } }),
      http.json(meUrl, { headers: { authorization: `Bearer ${accessToken}` } }),
    ]);
    if (debug.status !== 200) throw graphError(debug);
    const data = debug.body.data as Record<string, unknown> | undefined;
    if (typeof data !== 'object' || data === null)
      throw new InvalidTokenError('The Facebook access token was rejected.');
    const expiresAt = typeof data.expires_at === 'number' ? data.expires_at : undefined;
    const expired = expiresAt === undefined || (expiresAt !== 0 && expiresAt * 1000 <= Date.now());
    // A token from another app (or a page/app token) must never sign a user in here.
    if (data.is_valid !== true || String(data.app_id) !== appId || data.type !== 'USER' || expired) {
      throw new InvalidTokenError('The Facebook access token is not a valid user token for this app.');
    }
    const subject = str(data.user_id);
    if (!subject || (userID !== undefined && userID !== subject)) {
      throw new InvalidTokenError('The Facebook access token belongs to another user.');
    }
    if (me.status !== 200) throw graphError(me);
    if (str(me.body.id) !== subject)
      throw new InvalidTokenError('The Facebook profile does not match the token.');
    const email = str(me.body.email)?.toLowerCase();
    const picture = (me.body.picture as { data?: { url?: unknown } } | undefined)?.data?.url;
    return {
      provider: 'facebook',
      subject,
      ...(email ? { email } : {}),
      emailVerified: Boolean(email) && config.trustEmail,
      ...(str(me.body.name) ? { name: str(me.body.name) } : {}),
      ...(str(picture) ? { picture: str(picture) } : {}),
    };
  }

  return {
    id: 'facebook',
    credentials: {
      oneOf: ['accessToken'],
      // The id the SDK reported; it must match the token's owner in `debug_token`.
      fields: { userID: { maxLength: 32, pattern: /^\d+$/, onlyWith: ['accessToken'] } },
    },
    publicConfig: () => ({ appId, flows: ['accessToken'] }),
    async verify(credential: CredentialFields, context: VerifyContext) {
      if (credential.accessToken === undefined) {
        throw new InvalidRequestError('Facebook sign-in takes `accessToken` (and optionally `userID`).');
      }
      return fromAccessToken(credential.accessToken, credential.userID, context);
    },
  } satisfies SocialProvider<'facebook'>;
}

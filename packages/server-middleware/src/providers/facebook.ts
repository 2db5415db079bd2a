import { createHmac } from 'node:crypto';
import type { ResolvedFacebook } from '../config/providers';
import { InvalidRequestError, InvalidTokenError, ProviderUnavailableError } from '../errors';
import type { VerifiedProfile } from '../types';
import type { JsonResponse, ProviderHttp } from './http';
import type { Credential, Provider } from './types';

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
 *
 * @example
 * const provider = facebookProvider(resolveFacebook({ appId, appSecret }), { http });
 * const profile = await provider.verify({ kind: 'accessToken', value: accessToken, userID });
 */
export function facebookProvider(config: ResolvedFacebook, deps: { http: ProviderHttp }) {
  const { appId, appSecret, graphUrl } = config;
  const appToken = `${appId}|${appSecret}`;

  async function fromAccessToken(accessToken: string, userID?: string): Promise<VerifiedProfile> {
    const proof = createHmac('sha256', appSecret).update(accessToken).digest('hex');
    const debugUrl = `${graphUrl}/debug_token?${new URLSearchParams({ input_token: accessToken })}`;
    const meUrl = `${graphUrl}/me?${new URLSearchParams({ fields: 'id,name,email,picture.type(large)', appsecret_proof: proof })}`;
    const [debug, me] = await Promise.all([
      deps.http.json(debugUrl, { headers: { authorization: `Bearer ${appToken}` } }),
      deps.http.json(meUrl, { headers: { authorization: `Bearer ${accessToken}` } }),
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
      emailVerified: Boolean(email) && config.emailVerified,
      ...(str(me.body.name) ? { name: str(me.body.name) } : {}),
      ...(str(picture) ? { picture: str(picture) } : {}),
    };
  }

  return {
    id: 'facebook',
    flows: ['accessToken'],
    publicConfig: () => ({ id: 'facebook', appId, flows: ['accessToken'] }),
    async verify(credential: Credential) {
      if (credential.kind !== 'accessToken') {
        throw new InvalidRequestError('Facebook sign-in takes `accessToken` (and optionally `userID`).');
      }
      return fromAccessToken(credential.value, credential.userID);
    },
  } satisfies Provider;
}

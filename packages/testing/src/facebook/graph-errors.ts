import { randomBytes } from 'node:crypto';
import { type FakeResponse, json } from '../kit/route';

/** A Graph API error answer, shaped like Facebook's own. */
export function graphError(
  message: string,
  code: number,
  opts: { type?: string; subcode?: number; status?: number } = {},
): FakeResponse {
  const error: Record<string, unknown> = {
    message,
    type: opts.type ?? 'OAuthException',
    code,
    fbtrace_id: randomBytes(8).toString('base64url'),
  };
  if (opts.subcode !== undefined) error.error_subcode = opts.subcode;
  const headers: Record<string, string> =
    code === 190 || code === 104 || code === 2500
      ? { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message.replace(/"/g, "'")}"` }
      : {};
  return json(opts.status ?? 400, { error }, headers);
}

export const GRAPH_ERRORS = {
  tokenRequired: () => graphError('An access token is required to request this resource.', 104),
  activeTokenRequired: () =>
    graphError('An active access token must be used to query information about the current user.', 2500),
  cannotParse: () => graphError('Invalid OAuth access token - Cannot parse access token', 190),
  badAppToken: () => graphError('Invalid OAuth access token signature.', 190),
  expired: (expiresAt: number) =>
    graphError(
      `Error validating access token: Session has expired on ${new Date(expiresAt * 1000).toUTCString()}.`,
      190,
      { subcode: 463 },
    ),
  invalidated: () =>
    graphError(
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      190,
      { subcode: 460 },
    ),
  proofRequired: () =>
    graphError('API calls from the server require an appsecret_proof argument', 100, {
      type: 'GraphMethodException',
    }),
  proofInvalid: () =>
    graphError('Invalid appsecret_proof provided in the API argument', 100, { type: 'GraphMethodException' }),
  missingParameter: (name: string) => graphError(`(#100) The parameter ${name} is required`, 100),
  unknownField: (field: string) =>
    graphError(`(#100) Tried accessing nonexisting field (${field}) on node type (User)`, 100),
  unknownPath: (path: string) => graphError(`Unknown path components: ${path}`, 2500),
  rateLimited: () => graphError('(#4) Application request limit reached', 4, { status: 429 }),
};

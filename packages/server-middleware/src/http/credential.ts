import { InvalidRequestError } from '../errors';
import type { Credential, CredentialKind, Provider } from '../providers/types';

const KINDS: CredentialKind[] = ['idToken', 'accessToken', 'code'];
const MAX_CREDENTIAL_LENGTH = 4096;
/** RFC 6750 §2.1: exactly `Bearer <b64token>`; anything else (query strings, Basic, extra spaces) is refused. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Reads exactly one credential from the body and checks its type before any provider call or
 * query, so `{"$gt":""}`, arrays or numbers never reach a provider or MongoDB.
 */
export function readCredential(body: Record<string, unknown>, provider: Provider): Credential {
  const present = KINDS.filter((kind) => Object.hasOwn(body, kind) && body[kind] !== undefined);
  if (present.length !== 1) {
    throw new InvalidRequestError('Send exactly one of `idToken`, `accessToken` or `code`.');
  }
  const kind = present[0] as CredentialKind;
  const value = body[kind];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CREDENTIAL_LENGTH) {
    throw new InvalidRequestError(`\`${kind}\` must be a non-empty string.`);
  }
  if (!provider.flows.includes(kind)) {
    throw new InvalidRequestError(
      `\`${kind}\` is not accepted by ${provider.id}; use ${provider.flows.join(' or ')}.`,
    );
  }
  const credential: Credential = { kind, value };
  if (body.userID !== undefined) {
    if (typeof body.userID !== 'string' || !/^\d{1,32}$/.test(body.userID)) {
      throw new InvalidRequestError('`userID` must be a numeric string.');
    }
    credential.userID = body.userID;
  }
  return credential;
}

/** A refresh token is our own opaque base64url string; anything else is a malformed request. */
export function readRefreshToken(body: Record<string, unknown>): string {
  const token = body.refreshToken;
  if (typeof token !== 'string' || token.length === 0 || token.length > 256) {
    throw new InvalidRequestError('`refreshToken` must be a string.');
  }
  return token;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for anything else. */
export function readBearerToken(header: string | undefined): string | undefined {
  return BEARER.exec(header ?? '')?.[1];
}

import { InvalidRequestError } from '../errors';
import type { CredentialFields, CredentialSpec } from '../providers/plugin';

const DEFAULT_MAX_LENGTH = 4096;
/** RFC 6750 §2.1: exactly `Bearer <b64token>`; anything else (query strings, Basic, extra spaces) is refused. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

const sent = (body: Record<string, unknown>, field: string) =>
  Object.hasOwn(body, field) && body[field] !== undefined;

function checkedString(value: unknown, field: string, maxLength: number, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new InvalidRequestError(
      `\`${field}\` must be a non-empty string of at most ${maxLength} characters.`,
    );
  }
  if (pattern && !pattern.test(value)) throw new InvalidRequestError(`\`${field}\` is malformed.`);
  return value;
}

/**
 * Reads a provider's credential from the body by its `CredentialSpec`, before any provider call or
 * query: exactly one `oneOf` field, every field a bounded string, so `{"$gt":""}`, arrays or
 * numbers never reach a provider or MongoDB. Fields the spec does not name are dropped.
 */
export function readCredential(
  body: Record<string, unknown>,
  spec: CredentialSpec,
  providerId: string,
): CredentialFields {
  const disabled = (spec.disabled ?? []).find((field) => sent(body, field));
  if (disabled) throw new InvalidRequestError(`\`${disabled}\` is not enabled for ${providerId}.`);
  const present = spec.oneOf.filter((field) => sent(body, field));
  if (present.length !== 1) {
    throw new InvalidRequestError(
      `Send exactly one of ${spec.oneOf.map((field) => `\`${field}\``).join(', ')}.`,
    );
  }
  const kind = present[0] as string;
  const credential: Record<string, string> = {
    [kind]: checkedString(body[kind], kind, spec.maxLength ?? DEFAULT_MAX_LENGTH),
  };
  for (const [field, rule] of Object.entries(spec.fields ?? {})) {
    if (!sent(body, field)) {
      if (rule.requiredWith?.includes(kind))
        throw new InvalidRequestError(`\`${field}\` is required with \`${kind}\`.`);
      continue;
    }
    if (rule.onlyWith && !rule.onlyWith.includes(kind)) {
      throw new InvalidRequestError(
        `\`${field}\` is only accepted with ${rule.onlyWith.map((f) => `\`${f}\``).join(', ')}.`,
      );
    }
    credential[field] = checkedString(body[field], field, rule.maxLength, rule.pattern);
  }
  return Object.freeze(credential);
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

import { InvalidRequestError, InvalidTokenError, ProviderUnavailableError } from '../errors';
import type { ProviderHttp } from './http';
import type { CredentialFields, FieldRule, VerifyContext } from './plugin';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Credential fields of the popup authorization-code flow (DESIGN.md "Code flows (v2)"). The
 * verifier is not `requiredWith` so a code without PKCE reaches `requirePkce` and is refused as an
 * invalid credential (401), the same answer the token endpoint would give (RFC 7636 §4.6).
 */
export const CODE_FLOW_FIELDS: Readonly<Record<string, FieldRule>> = Object.freeze({
  codeVerifier: { maxLength: 128, onlyWith: ['code'] },
  redirectUri: { maxLength: 2048, requiredWith: ['code'], onlyWith: ['code'] },
});

/** A code flow's PKCE verifier; missing or malformed → 401 before the code is sent anywhere. */
export function requirePkce(credential: CredentialFields): string {
  const verifier = credential.codeVerifier;
  // RFC 9700 §2.1.1: PKCE is what binds the code to the browser that started the flow.
  if (verifier === undefined || !CODE_VERIFIER.test(verifier)) {
    throw new InvalidTokenError('The code flow requires PKCE: send the `codeVerifier` (RFC 7636).');
  }
  return verifier;
}

/**
 * The `redirectUri` a code was issued for: this router's own callback URL for the provider, or
 * one the provider's options list. Anything else → 400, so a code stolen through another redirect
 * target can never be redeemed here (RFC 9700 §4.1).
 */
export function checkedRedirectUri(
  credential: CredentialFields,
  context: VerifyContext,
  allowed: readonly string[],
): string {
  const redirectUri = credential.redirectUri;
  if (redirectUri === undefined || (redirectUri !== context.callbackUrl && !allowed.includes(redirectUri))) {
    throw new InvalidRequestError(
      '`redirectUri` must be this server’s callback URL for the provider or one listed in its options.',
    );
  }
  return redirectUri;
}

/** How a client authenticates at a token endpoint (OIDC Core §9). */
export type TokenEndpointAuth = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface CodeExchange {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  auth: TokenEndpointAuth;
  code: string;
  /** Absent only where the provider has no PKCE (Apple JS); the caller then requires a nonce. */
  codeVerifier?: string;
  redirectUri: string;
  /** Provider name for messages, e.g. `GitHub`. */
  label: string;
}

/**
 * Redeems an authorization code with its PKCE verifier and the same `redirect_uri`. A provider
 * error is a 401 even when it comes in a 200 body (GitHub does this); the response body, which
 * holds tokens, never travels into an error or its cause.
 */
export async function exchangeCode(
  http: ProviderHttp,
  exchange: CodeExchange,
): Promise<Record<string, unknown>> {
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    ...(exchange.codeVerifier === undefined ? {} : { code_verifier: exchange.codeVerifier }),
  };
  const headers: Record<string, string> = {};
  if (exchange.auth === 'client_secret_basic' && exchange.clientSecret !== undefined) {
    headers.authorization = basicAuth(exchange.clientId, exchange.clientSecret);
  } else {
    form.client_id = exchange.clientId;
    if (exchange.auth === 'client_secret_post' && exchange.clientSecret !== undefined) {
      form.client_secret = exchange.clientSecret;
    }
  }
  const { status, body } = await http.json(exchange.tokenUrl, { method: 'POST', headers, form });
  if (status !== 200 || body.error !== undefined) {
    throw new InvalidTokenError(`The ${exchange.label} authorization code was rejected.`, {
      cause: new Error(`token endpoint answered HTTP ${status}: ${providerError(body)}`),
    });
  }
  return body;
}

/** `error` and `error_description` of an OAuth error body, and nothing else of it. */
export function providerError(body: unknown): string {
  if (typeof body !== 'object' || body === null) return 'no error code';
  const { error, error_description: description } = body as Record<string, unknown>;
  const code = typeof error === 'string' ? error.slice(0, 100) : 'no error code';
  return typeof description === 'string' ? `${code} (${description.slice(0, 300)})` : code;
}

/** RFC 6749 §2.3.1: both parts form-encoded before Base64. */
export function basicAuth(user: string, password: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(user)}:${encode(password)}`).toString('base64')}`;
}

/**
 * A JSON request over the provider pool for what `http.json` does not cover: JSON request bodies
 * and array responses. Network faults, timeouts, 429, 5xx and non-JSON become 503 like every
 * other provider call; other statuses are returned for the caller to judge.
 */
export async function requestJson(
  context: VerifyContext,
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; json?: unknown } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  let status: number;
  let text: string;
  let headers: Headers;
  try {
    const response = await context.http.fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...init.headers,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    status = response.status;
    headers = response.headers;
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
      await response.body?.cancel();
      throw new Error('provider response too large');
    }
    text = await response.text();
  } catch (err) {
    throw new ProviderUnavailableError(undefined, { cause: err });
  }
  if (status === 429 || status >= 500) {
    throw new ProviderUnavailableError(undefined, { cause: new Error(`provider answered HTTP ${status}`) });
  }
  if (status === 204 || text === '') return { status, body: undefined, headers };
  try {
    return { status, body: JSON.parse(text) as unknown, headers };
  } catch (err) {
    throw new ProviderUnavailableError(undefined, {
      cause: new Error(`provider answered non-JSON with HTTP ${status}`, { cause: err }),
    });
  }
}

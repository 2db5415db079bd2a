import { Agent, request, fetch as undiciFetch } from 'undici';
import { ProviderUnavailableError } from '../errors';

/** A provider's JSON answer: its HTTP status and its body, always an object. */
export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The outbound HTTP a provider gets in `VerifyContext.http`: one keep-alive pool, every call
 * bounded by the provider timeout, faults already mapped to 503 `provider_unavailable`.
 */
export interface ProviderHttp {
  /** GET/POST expecting a JSON object; network faults, timeouts, 429, 5xx and non-JSON become 503. */
  json(
    url: string,
    init?: { method?: 'GET' | 'POST'; headers?: Record<string, string>; form?: Record<string, string> },
  ): Promise<JsonResponse>;
  /** `fetch` over the same pool, for jose's JWKS loader. */
  fetch: typeof fetch;
  /** Owned by `socialAuth()`, which closes it in `close()`; providers never call it. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * One keep-alive pool for every provider call: TLS handshakes are paid once per origin, and every
 * call is bounded so a slow provider costs at most `timeoutMs`.
 */
export function createProviderHttp(timeoutMs: number): ProviderHttp {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    connections: 64,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  async function json(url: string, init: Parameters<ProviderHttp['json']>[1] = {}): Promise<JsonResponse> {
    const { method = 'GET', headers = {}, form } = init;
    let status: number;
    let text: string;
    let contentType: string;
    try {
      const response = await request(url, {
        method,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          accept: 'application/json',
          ...headers,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      status = response.statusCode;
      contentType = String(response.headers['content-type'] ?? '');
      const length = Number(response.headers['content-length'] ?? 0);
      if (length > MAX_BODY_BYTES) throw new Error(`provider response of ${length} bytes`);
      text = await response.body.text();
    } catch (err) {
      throw new ProviderUnavailableError(undefined, { cause: err });
    }
    if (status === 429 || status >= 500) {
      throw new ProviderUnavailableError(undefined, { cause: new Error(`provider answered HTTP ${status}`) });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new ProviderUnavailableError(undefined, {
        cause: new Error(`provider answered non-JSON (${contentType})`, { cause: err }),
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProviderUnavailableError(undefined, {
        cause: new Error('provider answered a non-object JSON body'),
      });
    }
    // A success with nothing in it is a broken provider, not a verdict on the token.
    if (status === 200 && Object.keys(body).length === 0) {
      throw new ProviderUnavailableError(undefined, {
        cause: new Error('provider answered an empty object'),
      });
    }
    return { status, body: body as Record<string, unknown> };
  }

  const boundFetch: typeof fetch = async (input, init) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: agent }) as unknown as Response;

  return { json, fetch: boundFetch, close: () => agent.close() };
}

/** A request as the fakes see it, whether it came over node:http or through nock. */
export interface FakeRequest {
  method: string;
  /** Path without the query string, e.g. `/oauth2/v3/certs`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Raw request body. */
  body: string;
}

/** What a fake answers; an object body is sent as JSON. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

export type FakeRoute = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** One entry of a fake's request log. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export function json(status: number, body: object, headers: Record<string, string> = {}): FakeResponse {
  return { status, body, headers };
}

/** Reads a form-encoded or JSON body into string fields; anything else gives no fields. */
export function formFields(req: FakeRequest): Record<string, string> {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(req.body);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      const fields: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
      }
      return fields;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body));
}

export function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
}

export function bearerToken(req: FakeRequest): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

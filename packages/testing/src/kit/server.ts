import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, type FaultController, guessContentType, sleep } from './faults';
import type { FakeRequest, FakeResponse, FakeRoute, RecordedRequest } from './route';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
  'access-control-max-age': '600',
};

/** The faulty answer for `fault`, or undefined when the normal route should answer. */
export type RateLimitAnswer = () => FakeResponse;

export interface FakeServerParts {
  route: FakeRoute;
  faults: FaultController;
  requests: RecordedRequest[];
  rateLimited: RateLimitAnswer;
}

/**
 * Runs a request through the request log, the fault controller and the route.
 * Resolves to undefined when the fault says to hang.
 */
export async function answer(parts: FakeServerParts, req: FakeRequest): Promise<FakeResponse | undefined> {
  parts.requests.push({ method: req.method, path: req.path, query: req.query });
  if (req.method === 'OPTIONS') return { status: 204, headers: CORS_HEADERS };
  const fault = parts.faults.current(req.path);
  if (fault?.latencyMs) await sleep(fault.latencyMs);
  if (fault?.hang) return undefined;
  const faulty = fault && faultyAnswer(fault, parts.rateLimited);
  const response = faulty ?? (await parts.route(req));
  return { ...response, headers: { ...CORS_HEADERS, ...response.headers } };
}

function faultyAnswer(fault: Fault, rateLimited: RateLimitAnswer): FakeResponse | undefined {
  if (fault.rateLimit) return rateLimited();
  if (fault.status === undefined && fault.body === undefined) return undefined;
  const body = fault.body ?? '';
  return {
    status: fault.status ?? 200,
    headers: { 'content-type': fault.contentType ?? guessContentType(body) },
    body,
  };
}

export function serialize(response: FakeResponse): { body: string; headers: Record<string, string> } {
  const headers = { ...response.headers };
  if (typeof response.body === 'string' || response.body === undefined) {
    return { body: response.body ?? '', headers };
  }
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { body: JSON.stringify(response.body), headers };
}

/** Adapts a fake to node:http: a request handler plus listen/close for its own server. */
export function createFakeServer(parts: FakeServerParts) {
  let server: Server | undefined;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    readBody(req).then(({ body, contentType }) => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const headers = flattenHeaders(req.headers);
      if (contentType) headers['content-type'] = contentType;
      const fakeReq: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      };
      answer(parts, fakeReq).then(
        (response) => {
          if (!response) return;
          const serialized = serialize(response);
          res.writeHead(response.status, serialized.headers).end(serialized.body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
        },
      );
    });
  }

  async function listen(port = 0): Promise<string> {
    if (server) throw new Error('This fake provider is already listening; close() it first.');
    const started = createServer(handle);
    server = started;
    await new Promise<void>((resolve, reject) => {
      started.once('error', reject);
      started.listen(port, '127.0.0.1', () => resolve());
    });
    const address = started.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async function close(): Promise<void> {
    const running = server;
    server = undefined;
    if (!running) return;
    // Hanging fault answers and keep-alive sockets would otherwise hold close() open forever.
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  }

  return { handle, listen, close };
}

/**
 * The raw body; when a body parser in a host server (express.json(), express.urlencoded()) has
 * already drained the stream, its parsed `req.body` is re-encoded as JSON instead.
 */
function readBody(req: IncomingMessage): Promise<{ body: string; contentType?: string }> {
  if (req.readableEnded) {
    const parsed = (req as IncomingMessage & { body?: unknown }).body;
    if (typeof parsed === 'string') return Promise.resolve({ body: parsed });
    if (parsed && typeof parsed === 'object') {
      return Promise.resolve({ body: JSON.stringify(parsed), contentType: 'application/json' });
    }
    return Promise.resolve({ body: '' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8') }));
  });
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

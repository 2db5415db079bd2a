import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A fixed JSON body, or one body per request (each used once, in order). */
  body?: unknown;
  bodies?: readonly unknown[];
  connections?: number;
  /** Seconds; ignored when `amount` is set. */
  durationSec?: number;
  amount?: number;
}

/** How long a run lasts: `amount` requests when given, else `durationSec`. */
export function runLength(options: { durationSec: number; amount?: number }) {
  return options.amount === undefined ? { durationSec: options.durationSec } : { amount: options.amount };
}

export interface LoadResult {
  requests: number;
  /** 2xx answers. */
  ok: number;
  /** Completed 2xx responses per second of wall time. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts together; a healthy run has none. */
  failures: number;
}

/**
 * Drives `url` with autocannon (in process, keep-alive connections) and reports throughput and
 * latency; with `bodies`, every request posts the next body, so each token is used once.
 *
 * @example
 * const { perSecond, p99Ms } = await load({ url: `${app}/open`, durationSec: 5 });
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { bodies } = options;
  let next = 0;
  const headers = {
    ...(options.body !== undefined || bodies ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? (options.body !== undefined || bodies ? 'POST' : 'GET'),
        headers,
        connections: options.connections ?? 10,
        // Autocannon notices the end of a run only at a sample tick: tick often.
        sampleInt: 100,
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : { duration: options.durationSec ?? 5 }),
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(bodies
          ? {
              requests: [
                {
                  setupRequest: (request: autocannon.Request) => ({
                    ...request,
                    body: JSON.stringify(bodies[next++ % bodies.length]),
                  }),
                },
              ],
            }
          : {}),
      },
      (err: Error | null, output: autocannon.Result) => (err ? reject(err) : resolve(output)),
    );
    instance.on('response', () => {
      lastResponse = performance.now();
    });
  });
  const seconds = (lastResponse - started) / 1000;
  const ok = result['2xx'];
  return {
    requests: result.requests.total,
    ok,
    perSecond: ok / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

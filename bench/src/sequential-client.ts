import { Agent, request } from 'undici';
import { median } from './stats';

export interface SequentialResult {
  ok: number;
  failures: number;
  /** Per-request wall times, in milliseconds. */
  latencies: number[];
  p50Ms: number;
}

/**
 * One request at a time over one keep-alive connection, timed with `performance.now()` (autocannon
 * rounds to whole milliseconds, too coarse for a 2 ms budget).
 *
 * @example
 * const { p50Ms } = await sequential(`${app}/auth/facebook`, bodies, 3000);
 */
export async function sequential(
  url: string,
  bodies: readonly unknown[] | undefined,
  durationMs: number,
  headers: Record<string, string> = {},
  /** Requests sent together per step (GET only); the step's time is the slowest one's. */
  parallel = 1,
): Promise<SequentialResult> {
  const agent = new Agent({ connections: parallel, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  let ok = 0;
  let failures = 0;
  try {
    const end = performance.now() + durationMs;
    for (let i = 0; performance.now() < end && (!bodies || i < bodies.length); i++) {
      const started = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: bodies ? 1 : parallel }, async () => {
          const response = await request(url, {
            dispatcher: agent,
            method: bodies ? 'POST' : 'GET',
            headers: { ...(bodies ? { 'content-type': 'application/json' } : {}), ...headers },
            body: bodies ? JSON.stringify(bodies[i]) : undefined,
          });
          await response.body.text();
          return response.statusCode;
        }),
      );
      latencies.push(performance.now() - started);
      if (statuses.every((status) => status < 300)) ok += 1;
      else failures += 1;
    }
  } finally {
    await agent.close();
  }
  return { ok, failures, latencies, p50Ms: latencies.length ? median(latencies) : Number.NaN };
}

import type { BenchApp } from './environment';
import { load, runLength } from './load';
import type { Measurement } from './report';
import { fmt, interleaved, median } from './stats';

export interface GuardOptions {
  /** Seconds per autocannon run. */
  durationSec: number;
  /** A fixed request count per run instead (autocannon's clock ticks in whole seconds). */
  amount?: number;
  /** A-B pairs after the warm-up pair. */
  rounds: number;
}

export const GUARD_TARGET = 0.8;

/**
 * Requests/s of the same route behind `requireAuth()` and unguarded (both get the same bearer
 * header), interleaved A-B-A-B, medians.
 *
 * @example
 * const { rows } = await measureGuard(app, { durationSec: 5, rounds: 3 });
 */
export async function measureGuard(app: BenchApp, options: GuardOptions): Promise<Measurement> {
  const headers = { authorization: `Bearer ${await app.accessToken('64b7f0c2a1b2c3d4e5f60718')}` };
  let failures = 0;
  const cpuPerRequest: Record<string, number[]> = { '/open': [], '/guarded': [] };
  const run = (path: string) => async (round: number) => {
    const cpuBefore = await app.cpu();
    const result = await load({ url: `${app.url}${path}`, headers, ...runLength(options) });
    if (round >= 0) cpuPerRequest[path]?.push(((await app.cpu()) - cpuBefore) / result.requests);
    failures += result.failures;
    return result.perSecond;
  };
  const { open, guarded } = await interleaved(
    { open: run('/open'), guarded: run('/guarded') },
    options.rounds,
  );
  const ratio = guarded / open;
  // Server CPU per request is steadier than req/s when neighbours compete for the cores.
  const cpuOpen = median(cpuPerRequest['/open'] ?? []);
  const cpuGuarded = median(cpuPerRequest['/guarded'] ?? []);
  return {
    rows: [
      {
        section: 'Guard cost',
        metric: 'GET req/s, `requireAuth()` vs unguarded',
        value: fmt.int(guarded),
        baseline: fmt.int(open),
        ratio: fmt.ratio(ratio),
        target: `≥ ${GUARD_TARGET.toFixed(2)}×`,
        pass: ratio >= GUARD_TARGET,
        note: `autocannon 10 conns, ${options.durationSec} s runs, median of ${options.rounds} A-B pairs; app CPU ${Math.round(cpuGuarded)} vs ${Math.round(cpuOpen)} µs/request${failures ? `; ${failures} FAILED requests` : ''}`,
      },
      {
        section: 'Guard cost',
        metric: 'app CPU per request added by `requireAuth()`',
        value: `${Math.round(cpuGuarded - cpuOpen)} µs`,
        baseline: `${Math.round(cpuOpen)} µs unguarded`,
        ratio: fmt.ratio(cpuGuarded / cpuOpen),
        note: `process.cpuUsage() of the app process per request, median of ${options.rounds} runs each; steadier than req/s on shared cores; stateless check (no \`checkRevoked\`)`,
      },
    ],
    numbers: { guardedPerSecond: guarded, openPerSecond: open, guardRatio: ratio, cpuOpen, cpuGuarded },
    failures,
  };
}

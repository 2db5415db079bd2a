/**
 * The middle value (mean of the two middle ones for an even count).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Operations per second of `fn` run back to back for `ms` (sync, or awaited one at a time).
 *
 * @example
 * const perSecond = await opsPerSecond(() => verify(token), 300);
 */
export async function opsPerSecond(fn: () => unknown, ms: number): Promise<number> {
  const started = performance.now();
  let ops = 0;
  let elapsed = 0;
  // Check the clock every batch, not every call: reading it costs as much as an HMAC.
  for (let batch = 16; elapsed < ms; elapsed = performance.now() - started) {
    for (let i = 0; i < batch; i++) {
      const result = fn();
      if (result instanceof Promise) await result;
    }
    ops += batch;
    if (batch < 1024) batch *= 2;
  }
  return ops / (elapsed / 1000);
}

/**
 * Runs every candidate once per round, in turn (A-B-C-A-B-C…), after one warm-up pass, and keeps
 * each candidate's median: a burst of noise from a neighbour then hits all of them alike.
 *
 * @example
 * const { floor, ours } = await interleaved({ floor: () => opsPerSecond(hmac, 300), ours: ... }, 5);
 */
export async function interleaved<K extends string>(
  /** Each gets its round number, -1 for the warm-up. */
  candidates: Record<K, (round: number) => Promise<number>>,
  rounds: number,
  warmUp = true,
): Promise<Record<K, number>> {
  const names = Object.keys(candidates) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  if (warmUp) for (const name of names) await candidates[name](-1);
  for (let round = 0; round < rounds; round++) {
    for (const name of names) samples[name].push(await candidates[name](round));
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<K, number>;
}

export const fmt = {
  /** 12345.6 → "12,346" */
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => `${n < 100 ? n.toFixed(1) : Math.round(n)} ms`,
  ratio: (n: number) => `${n.toFixed(2)}×`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`,
};

import { memoryRateLimitStore, mongoRateLimitStore, type RateLimitStore } from '@socialkit/express';
import type { Connection } from 'mongoose';
import type { BenchApp } from './environment';
import type { Measurement } from './report';
import { median } from './stats';

export interface RateLimitCostOptions {
  /** Counted requests per store per round. */
  hits: number;
  rounds: number;
}

/** CPU and wall time of one counted request in a store, measured inside the app process. */
export interface StoreCost {
  cpuMicros: number;
  wallMs: number;
}

async function timeHits(store: RateLimitStore, hits: number, round: number): Promise<StoreCost> {
  // Distinct addresses, as a crowd of clients would be: each first hit of a window is an upsert.
  const keys = Array.from({ length: 50 }, (_, i) => `198.51.100.${i}|round-${round}`);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < hits; i++) await store.hit(keys[i % keys.length] as string, 60_000);
  const cpu = process.cpuUsage(cpu0);
  return { cpuMicros: (cpu.user + cpu.system) / hits, wallMs: (performance.now() - wall0) / hits };
}

/**
 * The app-process side: sequential counted requests in the MongoDB store and in the memory store,
 * rounds interleaved, medians per store.
 *
 * @example
 * serveParent({ rateLimitCost: async (m) => storeCosts(connection, m.hits as number, m.rounds as number) });
 */
export async function storeCosts(
  connection: Connection,
  hits: number,
  rounds: number,
): Promise<{ mongo: StoreCost; memory: StoreCost }> {
  const stores = {
    mongo: mongoRateLimitStore({ connection, collection: 'bench_rate_limits' }),
    memory: memoryRateLimitStore(),
  };
  const samples = { mongo: [] as StoreCost[], memory: [] as StoreCost[] };
  await timeHits(stores.mongo, Math.min(hits, 50), -1);
  for (let round = 0; round < rounds; round++) {
    samples.mongo.push(await timeHits(stores.mongo, hits, round));
    samples.memory.push(await timeHits(stores.memory, hits, round));
  }
  const pick = (list: StoreCost[]): StoreCost => ({
    cpuMicros: median(list.map((s) => s.cpuMicros)),
    wallMs: median(list.map((s) => s.wallMs)),
  });
  return { mongo: pick(samples.mongo), memory: pick(samples.memory) };
}

/**
 * Cost of the MongoDB rate-limit store per counted request (app CPU and latency; one atomic
 * `$inc` upsert each), next to the per-process memory store.
 *
 * @example
 * const { rows } = await measureRateLimitCost(app, { hits: 500, rounds: 3 });
 */
export async function measureRateLimitCost(
  app: BenchApp,
  options: RateLimitCostOptions,
): Promise<Measurement> {
  const { mongo, memory } = await app.child
    .ask<{ type: string; mongo: StoreCost; memory: StoreCost }>('rateLimitCost', { ...options })
    .then(({ mongo, memory }) => ({ mongo, memory }));
  const section = 'Rate-limit store';
  const note = `${options.hits} sequential counted requests per store, 50 client addresses, median of ${options.rounds} interleaved rounds, measured in the app process; one findOneAndUpdate ($inc, upsert) per counted request`;
  return {
    rows: [
      {
        section,
        metric: 'MongoDB store: app CPU per counted request',
        value: `${Math.round(mongo.cpuMicros)} µs`,
        baseline: `memory store ${Math.round(memory.cpuMicros)} µs`,
        ratio: `+${Math.round(mongo.cpuMicros - memory.cpuMicros)} µs`,
        note,
      },
      {
        section,
        metric: 'MongoDB store: latency per counted request',
        value: `${mongo.wallMs.toFixed(2)} ms`,
        baseline: `memory store ${memory.wallMs.toFixed(3)} ms`,
        ratio: `+${(mongo.wallMs - memory.wallMs).toFixed(2)} ms`,
        note: 'one database round trip, shared by every instance; on the wire-protocol test server, not mongod',
      },
    ],
    numbers: {
      mongoCpuMicros: mongo.cpuMicros,
      memoryCpuMicros: memory.cpuMicros,
      mongoWallMs: mongo.wallMs,
      memoryWallMs: memory.wallMs,
    },
  };
}

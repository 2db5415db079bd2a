import { cpus, totalmem } from 'node:os';
import { measureClientSize } from './client-size';
import { type DbOpsOptions, measureDbOps } from './db-ops';
import { startEnvironment } from './environment';
import { type FacebookOptions, measureFacebook } from './facebook';
import { type GuardOptions, measureGuard } from './guard';
import { type LoginOptions, measureLogin } from './login';
import { type MemoryOptions, measureMemory } from './memory';
import { measureRateLimitCost, type RateLimitCostOptions } from './rate-limit-cost';
import type { Measurement } from './report';
import { measureTokenCrypto, type TokenCryptoOptions } from './token-crypto';

export interface BenchConfig {
  guard: GuardOptions;
  crypto: TokenCryptoOptions;
  login: LoginOptions;
  dbOps: DbOpsOptions;
  rateLimit: RateLimitCostOptions;
  facebook: FacebookOptions;
  memory: MemoryOptions;
}

/** `pnpm bench`: about three minutes on two shared cores. */
export const FULL: BenchConfig = {
  guard: { durationSec: 2, rounds: 4 },
  crypto: { roundMs: 300, rounds: 7 },
  login: { durationSec: 2, newUsers: 120, existingUsers: 100, rounds: 3, connections: 8 },
  dbOps: { signIns: 50 },
  rateLimit: { hits: 500, rounds: 3 },
  facebook: { phaseMs: 1500, latencyMs: 50, rounds: 2 },
  memory: { checkpoints: [500, 1000, 2000], budgetSec: 60, connections: 8 },
};

/** Every measurement for a moment, so the smoke test sees the output shape. */
export const SMOKE: BenchConfig = {
  guard: { durationSec: 1, amount: 200, rounds: 1 },
  crypto: { roundMs: 30, rounds: 1 },
  login: { durationSec: 1, amount: 40, newUsers: 20, existingUsers: 5, rounds: 1, connections: 4 },
  dbOps: { signIns: 5 },
  rateLimit: { hits: 20, rounds: 1 },
  facebook: { phaseMs: 250, latencyMs: 20, rounds: 1 },
  memory: { checkpoints: [20, 40], budgetSec: 20, connections: 4 },
};

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  date: string;
  mongo: string;
}

export interface BenchResults {
  machine: Machine;
  measurements: Record<
    'guard' | 'crypto' | 'login' | 'dbOps' | 'rateLimit' | 'facebook' | 'clientSize' | 'memory',
    Measurement
  >;
  seconds: number;
}

/**
 * Runs every measurement against baselines taken in the same run, on 127.0.0.1 only.
 *
 * @example
 * const { measurements } = await runBench(SMOKE);
 */
export async function runBench(
  config: BenchConfig,
  log: (line: string) => void = () => {},
): Promise<BenchResults> {
  const started = performance.now();
  const env = await startEnvironment();
  try {
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await fn();
      log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return result;
    };
    const clientSize = await step('client size', measureClientSize);
    const crypto = await step('token crypto', () => measureTokenCrypto(env.google, config.crypto));
    const app = await env.startApp();
    const guard = await step('guard', () => measureGuard(app, config.guard));
    const login = await step('login', () => measureLogin(app, env.google, config.login, env.mongo.cpu));
    const dbOps = await step('database operations', () => measureDbOps(app, env.google, config.dbOps));
    const rateLimit = await step('rate-limit store', () => measureRateLimitCost(app, config.rateLimit));
    const facebook = await step('facebook', () => measureFacebook(app, env.facebook, config.facebook));
    await app.stop();
    const fresh = await env.startApp();
    const memory = await step('memory', () => measureMemory(fresh, env, config.memory));
    await fresh.stop();
    return {
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
        node: process.version,
        date: new Date().toISOString(),
        mongo: env.mongo.description,
      },
      measurements: { guard, crypto, login, dbOps, rateLimit, facebook, clientSize, memory },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await env.stop();
  }
}

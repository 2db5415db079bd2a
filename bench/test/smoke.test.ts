import { beforeAll, describe, expect, it } from 'vitest';
import { markdownTable } from '../src/report';
import { type BenchResults, runBench, SMOKE } from '../src/run';

// Every measurement for a moment: the numbers mean nothing, the shape must hold.
let results: BenchResults;

beforeAll(async () => {
  results = await runBench(SMOKE);
}, 60_000);

describe('pnpm bench, in miniature', () => {
  it('measures finite, positive figures without failed requests', () => {
    for (const [name, measurement] of Object.entries(results.measurements)) {
      expect(Object.keys(measurement.numbers).length, name).toBeGreaterThan(0);
      for (const [figure, value] of Object.entries(measurement.numbers)) {
        expect(Number.isFinite(value) && value > 0, `${name}.${figure} = ${value}`).toBe(true);
      }
      expect(measurement.failures ?? 0, `${name} failures`).toBe(0);
    }
  });

  it('makes exactly two Graph calls per Facebook login, over reused connections', () => {
    const { numbers } = results.measurements.facebook;
    expect(numbers.graphCallsPerLogin).toBe(2);
    expect(numbers.graphConnections).toBeLessThanOrEqual(2);
  });

  it('counts database operations per sign-in: the hand-written baseline does exactly two', () => {
    const { numbers } = results.measurements.dbOps;
    expect(numbers.baselineDbOpsPerSignIn).toBe(2);
    expect(numbers.dbOpsPerSignIn).toBeGreaterThanOrEqual(2);
    const row = results.measurements.dbOps.rows[0];
    expect(row?.note).toMatch(/findAndModify users/);
    expect(row?.note).toMatch(/insert socialauth_refresh_tokens/);
  });

  it('measures app CPU per sign-in for socialkit and the baseline, and the rate-limit store', () => {
    const { login, rateLimit } = results.measurements;
    for (const figure of ['appCpuReturningMs', 'appCpuNewMs', 'baselineCpuReturningMs', 'baselineCpuNewMs']) {
      expect(login.numbers[figure], figure).toBeGreaterThan(0);
    }
    expect(rateLimit.numbers.mongoWallMs).toBeGreaterThan(rateLimit.numbers.memoryWallMs ?? 0);
  });

  it('reads memory at every checkpoint', () => {
    expect(Object.keys(results.measurements.memory.numbers)).toEqual(
      expect.arrayContaining(['rssAt20', 'rssAt40', 'heapAt20', 'heapAt40']),
    );
  });

  it('prints a row per figure with a verdict wherever there is a target', () => {
    const rows = Object.values(results.measurements).flatMap((measurement) => measurement.rows);
    for (const row of rows) {
      expect(row.value).not.toMatch(/NaN|Infinity|undefined/);
      if (row.target) expect(typeof row.pass, row.metric).toBe('boolean');
    }
    const table = markdownTable(rows);
    expect(table.split('\n')).toHaveLength(rows.length + 2);
    for (const section of [
      'Guard cost',
      'Token crypto',
      'Sign-in CPU vs hand-written baseline',
      'Login',
      'Rate-limit store',
      'Facebook',
      'Client size',
      'Memory',
    ]) {
      expect(table).toContain(section);
    }
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
  });
});

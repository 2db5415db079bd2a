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
    for (const section of ['Guard cost', 'Token crypto', 'Login', 'Facebook', 'Client size', 'Memory']) {
      expect(table).toContain(section);
    }
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
  });
});

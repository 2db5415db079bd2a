import { expect } from 'vitest';
import type { Harness } from './harness';

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const BASELINE_PROTOTYPE = prototypeKeys();

/** What every refusal must look like: the code, nothing leaked, nothing written, no pollution. */
export async function expectRefusal(
  harness: Harness,
  before: string,
  res: { status: number; body: unknown; text: string },
  status: number,
  code: string,
): Promise<void> {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
  expect(res.text).not.toMatch(/eyJ|ya29\.|\bat \S+ \(|secret|stack|GOCSPX/i);
  expect(await harness.snapshot()).toBe(before);
  expect(prototypeKeys()).toBe(BASELINE_PROTOTYPE);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

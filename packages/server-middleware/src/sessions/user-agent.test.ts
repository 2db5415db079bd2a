import { describe, expect, it } from 'vitest';
import { userAgentLabel } from './user-agent';

describe('userAgentLabel', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox on Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mobile Safari on iOS',
    ],
  ])('names %s as %j', (header, label) => {
    expect(userAgentLabel(header)).toBe(label);
  });

  it('keeps nothing of a header it cannot name, and nothing of a missing one', () => {
    expect(userAgentLabel('x'.repeat(5000))).toBeNull();
    expect(userAgentLabel('curl/8.5.0')).toBeNull();
    expect(userAgentLabel(undefined)).toBeNull();
    expect(userAgentLabel('')).toBeNull();
  });

  it('answers the same from its cache, and stays right once older user agents were evicted', () => {
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(userAgentLabel(chrome)).toBe('Chrome on Linux');
    expect(userAgentLabel(chrome)).toBe('Chrome on Linux');
    for (let i = 0; i < 1000; i += 1) {
      expect(
        userAgentLabel(`Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${i}.0) Gecko/20100101 Firefox/${i}.0`),
      ).toBe('Firefox on Windows');
    }
    expect(userAgentLabel(chrome)).toBe('Chrome on Linux');
    expect(userAgentLabel('curl/8.5.0')).toBeNull();
    expect(userAgentLabel('curl/8.5.0')).toBeNull();
  });
});

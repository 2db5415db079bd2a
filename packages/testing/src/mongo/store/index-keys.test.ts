import { describe, expect, it } from 'vitest';
import { indexKeys, MISSING } from './index-keys';

describe('indexKeys', () => {
  it('indexes a scalar path as one key and a missing one as MISSING', () => {
    expect(indexKeys({ a: 1 }, ['a'])).toEqual([[1]]);
    expect(indexKeys({}, ['a'])).toEqual([[MISSING]]);
    expect(indexKeys({ a: null }, ['a'])).toEqual([[null]]);
  });

  it('expands an array into one key per distinct element and an empty array into null', () => {
    expect(indexKeys({ tags: ['x', 'y', 'x'] }, ['tags'])).toEqual([['x'], ['y']]);
    expect(indexKeys({ tags: [] }, ['tags'])).toEqual([[null]]);
  });

  it('pairs paths under the same array element instead of crossing them', () => {
    const doc = {
      identities: [
        { provider: 'google', subject: '1' },
        { provider: 'facebook', subject: '2' },
      ],
    };
    expect(indexKeys(doc, ['identities.provider', 'identities.subject'])).toEqual([
      ['google', '1'],
      ['facebook', '2'],
    ]);
  });

  it('crosses a multikey path with scalar paths elsewhere in the document', () => {
    expect(indexKeys({ tenant: 't', tags: ['a', 'b'] }, ['tenant', 'tags'])).toEqual([
      ['t', 'a'],
      ['t', 'b'],
    ]);
  });
});

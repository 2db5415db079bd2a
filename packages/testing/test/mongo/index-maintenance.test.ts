import { describe, expect, it, vi } from 'vitest';
import { Collection } from '../../src/mongo/store/collection';
import { Index } from '../../src/mongo/store/index-spec';

describe('unique index maintenance', () => {
  it('checks 3,000 inserts against two unique indexes by lookup, never by rescanning', () => {
    const collection = new Collection('perf', 'users');
    collection.addIndex({ name: 'email_1', key: { email: 1 }, unique: true });
    collection.addIndex({ name: 'idp', key: { 'ids.p': 1, 'ids.s': 1 }, unique: true, sparse: true });
    const scans = vi.spyOn(collection, 'documents');
    const keyComputations = vi.spyOn(Index.prototype, 'keysOf');

    for (let n = 0; n < 3000; n += 1) {
      collection.insert({ email: `u${n}@example.com`, ids: [{ p: 'google', s: String(n) }] });
    }

    expect(scans).not.toHaveBeenCalled();
    // One key computation per document per index (_id, email, identity): linear, not quadratic.
    expect(keyComputations).toHaveBeenCalledTimes(3 * 3000);
    expect(collection.findIndex('email_1')?.size).toBe(3000);
    expect(collection.findIndex('idp')?.size).toBe(3000);
    expect(() => collection.insert({ email: 'u1500@example.com' })).toThrow(/E11000/);
    keyComputations.mockRestore();
  });

  it('releases the keys of removed and replaced documents', () => {
    const collection = new Collection('perf', 'release');
    collection.addIndex({ name: 'email_1', key: { email: 1 }, unique: true });
    const first = collection.insert({ email: 'a' });
    collection.replace(first, { _id: first._id, email: 'b' });
    collection.insert({ email: 'a' });
    expect(() => collection.insert({ email: 'b' })).toThrow(/dup key: \{ email: "b" \}/);
    const [holder] = collection.documents();
    if (holder) collection.remove(holder);
    collection.insert({ email: 'b' });
    expect(collection.findIndex('email_1')?.size).toBe(2);
  });
});

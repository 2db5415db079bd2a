import mongoose, { type Connection, type mongo as driver } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../../src/mongo/index';

// Runs unchanged against MONGODB_URI, mongodb-memory-server or the wire-protocol test server:
// every expectation here is what a real mongod does.
let mongo: TestMongo;
let connection: Connection;

type Document = driver.Document;
const users = (): driver.Collection<Document> => connection.collection('update_paths');

beforeAll(async () => {
  mongo = await startTestMongo({ dbName: 'update_paths' });
  connection = await mongoose.createConnection(mongo.uri).asPromise();
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

beforeEach(async () => {
  await users().deleteMany({});
  await users().insertOne({
    _id: 'u1' as never,
    name: 'Ada',
    identities: [
      { provider: 'google', subject: 'g-1', seen: 0 },
      { provider: 'facebook', subject: 'f-1', seen: 0 },
    ],
  });
});

const matchFacebook = { _id: 'u1' as never, identities: { $elemMatch: { provider: 'facebook' } } };

describe('positional update paths', () => {
  it('sets two fields of the matched element in one $set', async () => {
    const result = await users().updateOne(matchFacebook, {
      $set: { 'identities.$.seen': 1, 'identities.$.email': 'ada@example.com' },
    });
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const stored = await users().findOne({ _id: 'u1' as never });
    expect(stored?.identities).toEqual([
      { provider: 'google', subject: 'g-1', seen: 0 },
      { provider: 'facebook', subject: 'f-1', seen: 1, email: 'ada@example.com' },
    ]);
  });

  it('does the same through findOneAndUpdate, returning the document after', async () => {
    const after = await users().findOneAndUpdate(
      matchFacebook,
      {
        $set: { 'identities.$.seen': 2, 'identities.$.subject': 'f-2', name: 'Ada L.' },
        $inc: { logins: 1 },
      },
      { returnDocument: 'after' },
    );
    expect(after).toMatchObject({
      name: 'Ada L.',
      logins: 1,
      identities: [{ seen: 0 }, { provider: 'facebook', subject: 'f-2', seen: 2 }],
    });
  });

  it('updates two fields of every element with $[] and of filtered ones with $[id]', async () => {
    await users().updateOne(
      { _id: 'u1' as never },
      { $set: { 'identities.$[].seen': 5, 'identities.$[].linked': true } },
    );
    await users().updateOne(
      { _id: 'u1' as never },
      { $inc: { 'identities.$[g].seen': 1 }, $set: { 'identities.$[g].primary': true } },
      { arrayFilters: [{ 'g.provider': 'google' }] },
    );
    const stored = await users().findOne({ _id: 'u1' as never });
    expect(stored?.identities).toEqual([
      { provider: 'google', subject: 'g-1', seen: 6, linked: true, primary: true },
      { provider: 'facebook', subject: 'f-1', seen: 5, linked: true },
    ]);
  });

  it('refuses $ when the query does not say which element (code 2)', async () => {
    await expect(
      users().updateOne({ _id: 'u1' as never }, { $set: { 'identities.$.seen': 1 } }),
    ).rejects.toMatchObject({ code: 2 });
  });
});

describe('array updates that cannot apply', () => {
  it('refuses $[] on a missing array (code 2) and an unused array filter (code 9)', async () => {
    await expect(
      users().updateOne({ _id: 'u1' as never }, { $set: { 'aliases.$[].seen': 1 } }),
    ).rejects.toMatchObject({ code: 2 });
    await expect(
      users().updateOne(
        { _id: 'u1' as never },
        { $set: { name: 'B' } },
        { arrayFilters: [{ 'x.provider': 'google' }] },
      ),
    ).rejects.toMatchObject({ code: 9 });
  });
});

describe('conflicting update paths (code 40 ConflictingUpdateOperators)', () => {
  it.each<[string, Document]>([
    ['$set and $push on one array', { $set: { identities: [] }, $push: { identities: { provider: 'x' } } }],
    ['a path and its parent', { $set: { name: 'A', 'name.first': 'A' } }],
    ['a whole element and one of its fields', { $set: { 'identities.$': {}, 'identities.$.seen': 1 } }],
    ['$setOnInsert and $set on one path', { $setOnInsert: { name: 'B' }, $set: { name: 'C' } }],
  ])('refuses %s and changes nothing', async (_, update) => {
    const before = await users().findOne({ _id: 'u1' as never });
    await expect(users().updateOne(matchFacebook, update)).rejects.toMatchObject({ code: 40 });
    await expect(users().findOneAndUpdate(matchFacebook, update)).rejects.toMatchObject({
      code: 40,
      codeName: 'ConflictingUpdateOperators',
    });
    expect(await users().findOne({ _id: 'u1' as never })).toEqual(before);
  });
});

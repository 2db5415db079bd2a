import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoTestServer, startMongoTestServer } from '../../src/mongo/index';

const { MongoClient, Long } = mongoose.mongo;

let server: MongoTestServer;
let client: InstanceType<typeof MongoClient>;
const db = () => client.db('commands');

beforeAll(async () => {
  server = await startMongoTestServer();
  client = await new MongoClient(server.uri).connect();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('handshake and server commands', () => {
  it('presents itself as a writable standalone without topologyVersion', async () => {
    const reply = await client.db('admin').command({ hello: 1 });
    expect(reply).toMatchObject({ ok: 1, isWritablePrimary: true, helloOk: true, minWireVersion: 0 });
    expect(reply.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(reply.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(reply).not.toHaveProperty('topologyVersion');
    expect(reply).not.toHaveProperty('setName');
    expect(await client.db('admin').command({ buildInfo: 1 })).toMatchObject({ ok: 1, version: '7.0.0' });
  });

  it('answers unknown commands with CommandNotFound', async () => {
    await expect(db().command({ frobnicate: 1 })).rejects.toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
      message: "no such command: 'frobnicate'",
    });
  });

  it('refuses transactions as a standalone mongod does', async () => {
    const attempt = db().command({
      insert: 'tx',
      documents: [{ a: 1 }],
      txnNumber: Long.fromNumber(1),
      autocommit: false,
      startTransaction: true,
    });
    await expect(attempt).rejects.toMatchObject({ code: 20, codeName: 'IllegalOperation' });
    expect(await db().collection('tx').countDocuments()).toBe(0);
  });

  it('reports NamespaceExists on a second create and NamespaceNotFound for missing indexes', async () => {
    await db().createCollection('twice');
    await expect(db().command({ create: 'twice' })).rejects.toMatchObject({
      code: 48,
      codeName: 'NamespaceExists',
    });
    await expect(db().command({ listIndexes: 'absent', cursor: {} })).rejects.toMatchObject({ code: 26 });
  });
});

describe('write error shapes', () => {
  it('reports each duplicate of an unordered insert as a write error and keeps the rest', async () => {
    const coll = db().collection('bulk');
    await coll.createIndex({ email: 1 }, { unique: true });
    const error: unknown = await coll
      .insertMany([{ email: 'a' }, { email: 'a' }, { email: 'b' }], { ordered: false })
      .catch((caught: unknown) => caught);
    if (!(error instanceof mongoose.mongo.MongoBulkWriteError))
      throw new Error('expected a bulk write error');
    expect(error.insertedCount).toBe(2);
    expect(error.writeErrors).toHaveLength(1);
    expect([error.writeErrors].flat()[0]).toMatchObject({ index: 1, code: 11000 });
  });

  it('stops an ordered insert at the first duplicate', async () => {
    const coll = db().collection('ordered');
    await coll.createIndex({ k: 1 }, { unique: true });
    await expect(coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }])).rejects.toMatchObject({ code: 11000 });
    expect(await coll.countDocuments()).toBe(1);
  });

  it('returns duplicate keys from findAndModify as a command error with keyPattern and keyValue', async () => {
    const coll = db().collection('fam');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertMany([{ email: 'x' }, { email: 'y' }]);
    await expect(coll.findOneAndUpdate({ email: 'y' }, { $set: { email: 'x' } })).rejects.toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { email: 1 },
      keyValue: { email: 'x' },
      errmsg: 'E11000 duplicate key error collection: commands.fam index: email_1 dup key: { email: "x" }',
    });
  });

  it('rejects a change of _id and a $push onto a non-array', async () => {
    const coll = db().collection('immutable');
    await coll.insertOne({ _id: 'a' as never, tags: 'not-an-array' });
    await expect(coll.updateOne({ _id: 'a' as never }, { $set: { _id: 'b' } })).rejects.toMatchObject({
      code: 66,
    });
    await expect(
      coll.updateOne({ _id: 'a' as never }, { $push: { tags: 'x' } as never }),
    ).rejects.toMatchObject({
      code: 14,
    });
  });
});

describe('cursors and findAndModify', () => {
  it('pages with getMore and forgets killed cursors', async () => {
    await db()
      .collection('paged')
      .insertMany(Array.from({ length: 5 }, (_, n) => ({ n })));
    const first = await db().command({ find: 'paged', sort: { n: 1 }, batchSize: 2 });
    expect(first.cursor.firstBatch.map((doc: { n: number }) => doc.n)).toEqual([0, 1]);
    const id = Long.fromValue(first.cursor.id);
    expect(id.isZero()).toBe(false);
    const more = await db().command({ getMore: id, collection: 'paged', batchSize: 2 });
    expect(more.cursor.nextBatch.map((doc: { n: number }) => doc.n)).toEqual([2, 3]);
    const killed = await db().command({ killCursors: 'paged', cursors: [id] });
    expect(killed.cursorsKilled.map(Number)).toEqual([id.toNumber()]);
    await expect(db().command({ getMore: id, collection: 'paged' })).rejects.toMatchObject({ code: 43 });
  });

  it('shapes findAndModify replies like mongod', async () => {
    const updated = await db().command({
      findAndModify: 'famshape',
      query: { k: 1 },
      update: { $set: { v: 1 } },
      upsert: true,
      new: true,
    });
    expect(updated.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(updated.lastErrorObject.upserted).toEqual(updated.value._id);
    expect(updated.value).toMatchObject({ k: 1, v: 1 });
    const before = await db().command({
      findAndModify: 'famshape',
      query: { k: 1 },
      update: { $inc: { v: 1 } },
    });
    expect(before).toMatchObject({ lastErrorObject: { n: 1, updatedExisting: true }, value: { v: 1 } });
    const removed = await db().command({
      findAndModify: 'famshape',
      query: { k: 1 },
      remove: true,
      fields: { v: 1 },
    });
    expect(removed.lastErrorObject).toEqual({ n: 1 });
    expect(Object.keys(removed.value).sort()).toEqual(['_id', 'v']);
    const none = await db().command({
      findAndModify: 'famshape',
      query: { k: 1 },
      update: { $set: { v: 0 } },
    });
    expect(none).toMatchObject({ lastErrorObject: { n: 0, updatedExisting: false }, value: null });
  });

  it('aggregates with $match, $group, $sort and $limit', async () => {
    await db()
      .collection('sales')
      .insertMany([
        { region: 'n', amount: 5 },
        { region: 's', amount: 7 },
        { region: 'n', amount: 4 },
        { region: 'e', amount: 1 },
        { region: 's', amount: 1 },
      ]);
    const totals = await db()
      .collection('sales')
      .aggregate([
        { $match: { amount: { $gt: 1 } } },
        { $group: { _id: '$region', total: { $sum: '$amount' } } },
        { $sort: { total: -1 } },
        { $limit: 1 },
      ])
      .toArray();
    expect(totals).toEqual([{ _id: 'n', total: 9 }]);
    expect(await db().collection('sales').countDocuments({ region: 's' })).toBe(2);
    expect((await db().collection('sales').distinct('region')).sort()).toEqual(['e', 'n', 's']);
  });
});

import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoTestServer, startMongoTestServer } from '../../src/mongo/index';

const { MongoClient } = mongoose.mongo;

let server: MongoTestServer;
let client: InstanceType<typeof MongoClient>;
const db = () => client.db('indexes');

beforeAll(async () => {
  server = await startMongoTestServer({ ttlMonitorIntervalMs: 50 });
  client = await new MongoClient(server.uri).connect();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('index semantics', () => {
  it('pairs compound multikey keys per array element', async () => {
    const coll = db().collection('pairs');
    await coll.createIndex({ 'a.x': 1, 'a.y': 1 }, { unique: true });
    await coll.insertOne({
      a: [
        { x: 1, y: 2 },
        { x: 2, y: 1 },
      ],
    });
    await coll.insertOne({ a: [{ x: 1, y: 1 }] });
    await expect(coll.insertOne({ a: [{ x: 2, y: 1 }] })).rejects.toMatchObject({
      code: 11000,
      keyValue: { 'a.x': 2, 'a.y': 1 },
    });
  });

  it('lets a sparse index skip missing fields but not explicit nulls', async () => {
    const sparse = db().collection('sparse');
    await sparse.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ n: 1 }, { n: 2 }, { nick: null }]);
    await expect(sparse.insertOne({ nick: null })).rejects.toMatchObject({
      code: 11000,
      keyValue: { nick: null },
    });

    const dense = db().collection('dense');
    await dense.createIndex({ nick: 1 }, { unique: true });
    await dense.insertOne({ n: 1 });
    await expect(dense.insertOne({ n: 2 })).rejects.toMatchObject({ code: 11000, keyValue: { nick: null } });
  });

  it('applies a partial unique index only to matching documents, also on update', async () => {
    const coll = db().collection('partial');
    await coll.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll.insertMany([
      { email: 'e', active: false },
      { email: 'e', active: false },
      { email: 'e', active: true },
    ]);
    await expect(coll.updateOne({ active: false }, { $set: { active: true } })).rejects.toMatchObject({
      code: 11000,
    });
    expect(await coll.countDocuments({ active: true })).toBe(1);
  });

  it('refuses a unique index over existing duplicates and conflicting re-definitions', async () => {
    const coll = db().collection('build');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    await coll.createIndex({ j: 1 }, { name: 'j_1' });
    await coll.createIndex({ j: 1 }, { name: 'j_1' });
    await expect(coll.createIndex({ j: 1 }, { name: 'j_1', unique: true })).rejects.toMatchObject({
      code: 85,
    });
    const names = (await coll.listIndexes().toArray()).map((index) => index.name);
    expect(names).toEqual(['_id_', 'j_1']);
    await coll.dropIndex('j_1');
    expect((await coll.listIndexes().toArray()).map((index) => index.name)).toEqual(['_id_']);
  });

  it('expires documents in the background, by the earliest date of an array', async () => {
    const coll = db().collection('ttl');
    await coll.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    const now = Date.now();
    await coll.insertMany([
      { name: 'old', at: new Date(now - 120_000) },
      { name: 'fresh', at: new Date(now) },
      { name: 'mixed', at: [new Date(now), new Date(now - 61_000)] },
      { name: 'undated', at: 'not a date' },
    ]);
    await expect
      .poll(async () => (await coll.find().toArray()).map((doc) => doc.name).sort(), {
        timeout: 2000,
        interval: 50,
      })
      .toEqual(['fresh', 'undated']);
  });
});

import mongoose, { type Connection, Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../../src/mongo/index';

// Runs unchanged against MONGODB_URI, mongodb-memory-server or the wire-protocol test server.
let mongo: TestMongo;
let connection: Connection;

const identitySchema = new Schema({ provider: String, subject: String }, { _id: false });
const userSchema = new Schema(
  {
    email: { type: String, unique: true, sparse: true },
    username: String,
    name: String,
    logins: { type: Number, default: 0 },
    roles: [String],
    identities: [identitySchema],
    nickname: String,
  },
  { timestamps: true },
);
userSchema.index(
  { 'identities.provider': 1, 'identities.subject': 1 },
  { unique: true, partialFilterExpression: { 'identities.provider': { $exists: true } } },
);
userSchema.index(
  { username: 1 },
  { unique: true, partialFilterExpression: { username: { $type: 'string' } } },
);

const pageSchema = new Schema({ tenant: String, slug: String, views: Number });
pageSchema.index({ tenant: 1, slug: 1 }, { unique: true });

const sessionSchema = new Schema({ family: String, expiresAt: Date });
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const itemSchema = new Schema({ n: Number, group: String });

const models = () => ({
  User: connection.model('User', userSchema),
  Page: connection.model('Page', pageSchema),
  Session: connection.model('Session', sessionSchema),
  Item: connection.model('Item', itemSchema),
});

beforeAll(async () => {
  mongo = await startTestMongo({ dbName: 'conformance' });
  connection = await mongoose.createConnection(mongo.uri).asPromise();
  await Promise.all(Object.values(models()).map((model) => model.init()));
});

afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});

async function duplicateKeyError(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected a duplicate key error').toBeDefined();
  return error as Record<string, unknown>;
}

describe('CRUD', () => {
  it('creates, reads, updates and deletes a document', async () => {
    const { User } = models();
    const created = await User.create({ email: 'crud@example.com', name: 'Ada' });
    expect((await User.findById(created._id))?.name).toBe('Ada');
    await User.updateOne({ _id: created._id }, { $set: { name: 'Ada L.' } });
    expect((await User.findOne({ email: 'crud@example.com' }).lean())?.name).toBe('Ada L.');
    expect((await User.deleteOne({ _id: created._id })).deletedCount).toBe(1);
    expect(await User.findById(created._id)).toBeNull();
  });

  it('applies $addToSet, $push, $pull, $inc and $unset', async () => {
    const { User } = models();
    const user = await User.create({ email: 'ops@example.com', nickname: 'o', roles: ['a'] });
    await User.updateOne(
      { _id: user._id },
      { $addToSet: { roles: { $each: ['a', 'b'] } }, $inc: { logins: 2 }, $unset: { nickname: '' } },
    );
    await User.updateOne({ _id: user._id }, { $push: { roles: 'c' } });
    await User.updateOne({ _id: user._id }, { $pull: { roles: 'a' } });
    const after = await User.findById(user._id).lean();
    expect(after?.roles).toEqual(['b', 'c']);
    expect(after?.logins).toBe(2);
    expect(after).not.toHaveProperty('nickname');
  });

  it('findOneAndUpdate returns the document before or after, and upserts', async () => {
    const { User } = models();
    await User.create({ email: 'fau@example.com', logins: 1 });
    const before = await User.findOneAndUpdate({ email: 'fau@example.com' }, { $inc: { logins: 1 } });
    expect(before?.logins).toBe(1);
    const after = await User.findOneAndUpdate(
      { email: 'fau@example.com' },
      { $inc: { logins: 1 } },
      { returnDocument: 'after' },
    );
    expect(after?.logins).toBe(3);
    const missing = await User.findOneAndUpdate({ email: 'none@example.com' }, { $inc: { logins: 1 } });
    expect(missing).toBeNull();
    const upserted = await User.findOneAndUpdate(
      { email: 'new@example.com' },
      { $set: { name: 'New' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted).toMatchObject({ email: 'new@example.com', name: 'New', logins: 0 });
  });

  it('counts, lists distinct values and deletes many', async () => {
    const { Item } = models();
    await Item.insertMany([
      { n: 1, group: 'x' },
      { n: 2, group: 'y' },
      { n: 3, group: 'x' },
    ]);
    expect(await Item.countDocuments({ group: 'x' })).toBe(2);
    expect((await Item.distinct('group')).sort()).toEqual(['x', 'y']);
    expect((await Item.deleteMany({ n: { $gte: 2 } })).deletedCount).toBe(2);
    expect(await Item.countDocuments()).toBe(1);
  });

  it('iterates a cursor over several batches', async () => {
    const { Item } = models();
    await Item.deleteMany({});
    await Item.insertMany(Array.from({ length: 250 }, (_, n) => ({ n, group: 'batch' })));
    const seen: number[] = [];
    for await (const item of Item.find({ group: 'batch' }).sort({ n: 1 }).batchSize(50).cursor()) {
      seen.push(item.n as number);
    }
    expect(seen).toEqual(Array.from({ length: 250 }, (_, n) => n));
  });
});

describe('unique indexes', () => {
  it('rejects a duplicate email with code 11000, keyPattern and keyValue', async () => {
    const { User } = models();
    await User.create({ email: 'dup@example.com' });
    const error = await duplicateKeyError(User.create({ email: 'dup@example.com' }));
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'dup@example.com' },
    });
    expect(String(error.message)).toMatch(
      /E11000 duplicate key error collection: .*users index: email_1 dup key/,
    );
  });

  it('rejects a duplicate compound key but allows each part alone', async () => {
    const { Page } = models();
    await Page.create({ tenant: 't1', slug: 'home' });
    await Page.create({ tenant: 't2', slug: 'home' });
    await Page.create({ tenant: 't1', slug: 'about' });
    const error = await duplicateKeyError(Page.create({ tenant: 't1', slug: 'home' }));
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { tenant: 1, slug: 1 },
      keyValue: { tenant: 't1', slug: 'home' },
    });
  });

  it('keeps a (provider, subject) identity unique across users, ignoring users without identities', async () => {
    const { User } = models();
    await User.create({ email: 'noid1@example.com' });
    await User.create({ email: 'noid2@example.com' });
    await User.create({
      email: 'id1@example.com',
      identities: [
        { provider: 'google', subject: '1' },
        { provider: 'facebook', subject: '2' },
      ],
    });
    await User.create({ email: 'id2@example.com', identities: [{ provider: 'google', subject: '2' }] });
    const error = await duplicateKeyError(
      User.create({ email: 'id3@example.com', identities: [{ provider: 'facebook', subject: '2' }] }),
    );
    expect(error).toMatchObject({
      code: 11000,
      keyValue: { 'identities.provider': 'facebook', 'identities.subject': '2' },
    });
  });

  it('finds a user by identity with $elemMatch', async () => {
    const { User } = models();
    const found = await User.findOne({
      identities: { $elemMatch: { provider: 'google', subject: '2' } },
    }).lean();
    expect(found?.email).toBe('id2@example.com');
    const crossed = await User.findOne({ identities: { $elemMatch: { provider: 'google', subject: '3' } } });
    expect(crossed).toBeNull();
  });

  it('enforces a partial unique index only on documents that have the field', async () => {
    const { User } = models();
    await User.create({ email: 'p1@example.com' });
    await User.create({ email: 'p2@example.com' });
    await User.create({ email: 'p3@example.com', username: 'grace' });
    const error = await duplicateKeyError(User.create({ email: 'p4@example.com', username: 'grace' }));
    expect(error).toMatchObject({ code: 11000, keyValue: { username: 'grace' } });
  });

  it('ends 20 concurrent upserts on one key in exactly one document', async () => {
    const { User } = models();
    const upsertWithRetry = async (attempt = 0): Promise<string> => {
      try {
        const user = await User.findOneAndUpdate(
          { email: 'race@example.com' },
          { $inc: { logins: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        return String(user?._id);
      } catch (error) {
        if ((error as { code?: number }).code === 11000 && attempt < 3) return upsertWithRetry(attempt + 1);
        throw error;
      }
    };
    const ids = await Promise.all(Array.from({ length: 20 }, () => upsertWithRetry()));
    expect(new Set(ids).size).toBe(1);
    expect(await User.countDocuments({ email: 'race@example.com' })).toBe(1);
    expect((await User.findOne({ email: 'race@example.com' }).lean())?.logins).toBe(20);
  });
});

describe('TTL indexes', () => {
  it('removes documents whose date has passed', async () => {
    const { Session } = models();
    await Session.create([
      { family: 'expired', expiresAt: new Date(Date.now() - 1000) },
      { family: 'alive', expiresAt: new Date(Date.now() + 3_600_000) },
    ]);
    const deadline = Date.now() + (mongo.kind === 'wire-server' ? 5_000 : 90_000);
    while ((await Session.countDocuments({ family: 'expired' })) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await Session.countDocuments({ family: 'expired' })).toBe(0);
    expect(await Session.countDocuments({ family: 'alive' })).toBe(1);
  }, 120_000);
});

import { startTestMongo, type TestMongo } from '@socialkit/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReplicated, securityRead, securityWrite, topologyFacts } from './write-concern';

describe('isReplicated', () => {
  it.each([
    ['a replica set with a primary', { type: 'ReplicaSetWithPrimary' }],
    ['a replica set between elections', { type: 'ReplicaSetNoPrimary' }],
    ['a sharded cluster', { type: 'Sharded' }],
    ['a load-balanced cluster', { type: 'LoadBalanced' }],
    ['a direct connection to a member', { type: 'Single', memberOfReplicaSet: true }],
    ['a replicaSet option before connecting', { type: 'Unknown', replicaSetOption: 'rs0' }],
  ])('is true for %s', (_name, facts) => {
    expect(isReplicated(facts)).toBe(true);
  });

  it.each([
    ['a standalone server', { type: 'Single', memberOfReplicaSet: false }],
    ['an unconnected client without replicaSet', { type: 'Unknown' }],
    ['nothing known', {}],
  ])('is false for %s', (_name, facts) => {
    expect(isReplicated(facts)).toBe(false);
  });
});

describe('securityWrite on a real connection', () => {
  let mongo: TestMongo;
  let connection: Connection;
  beforeAll(async () => {
    mongo = await startTestMongo({ log: () => {} });
    connection = await mongoose.createConnection(mongo.uri, { serverSelectionTimeoutMS: 3000 }).asPromise();
  });
  afterAll(async () => {
    await connection?.close();
    await mongo?.stop();
  });

  it('reads the driver topology: the test server is a standalone', async () => {
    expect(topologyFacts(connection)).toMatchObject({ type: 'Single', memberOfReplicaSet: false });
    expect(securityWrite(connection)).toEqual({});
    expect(securityRead(connection)).toEqual({});
    // Mongoose writes into the options it is given; a shared frozen object would make it throw.
    expect(Object.isFrozen(securityWrite(connection))).toBe(false);
    expect(securityWrite(connection)).not.toBe(securityWrite(connection));
  });

  it('reads replicaSet from the connection string before any server answers', async () => {
    const pending = mongoose.createConnection('mongodb://127.0.0.1:9/x?replicaSet=rs0', {
      serverSelectionTimeoutMS: 200,
    });
    pending.on('error', () => {});
    expect(securityWrite(pending)).toEqual({ writeConcern: { w: 'majority' } });
    expect(securityRead(pending)).toEqual({ readPreference: 'primary' });
    await pending.close().catch(() => {});
  });

  it('passes the options to the server in the shapes the session code uses', async () => {
    const monitored = await mongoose
      .createConnection(mongo.uri, { serverSelectionTimeoutMS: 3000, monitorCommands: true })
      .asPromise();
    const seen: Record<string, unknown>[] = [];
    monitored.getClient().on('commandStarted', (event) => {
      seen.push({ name: event.commandName, ...event.command });
    });
    const Model = monitored.model('WriteConcernProbe', new mongoose.Schema({ k: String }));
    const write = { writeConcern: { w: 'majority' as const } };
    const read = { readPreference: 'primary' as const };
    await Model.create({ k: 'a' });
    await Model.findOneAndUpdate({ k: 'a' }, { $set: { k: 'b' } }, write);
    await Model.updateMany({ k: 'b' }, { $set: { k: 'c' } }, write);
    await Model.findOne({ k: 'c' }, null, read).lean();
    await Model.exists({ k: 'c' }).setOptions(read);
    await Model.findOneAndDelete({ k: 'c' }, write).lean();
    const writes = seen.filter((c) => c.name === 'findAndModify' || c.name === 'update');
    expect(writes).toHaveLength(3);
    for (const command of writes) expect(command.writeConcern).toEqual({ w: 'majority' });
    const reads = seen.filter((c) => c.name === 'find');
    expect(reads).toHaveLength(2);
    for (const command of reads) expect(command).not.toHaveProperty('writeConcern');
    expect(await Model.countDocuments()).toBe(0);
    await monitored.close();
  });
});

import { startTestMongo, type TestMongo } from '@socialkit/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityWrite, securityWriteFor, topologyFacts } from './write-concern';

const MAJORITY = { writeConcern: { w: 'majority' }, readPreference: 'primary' };

describe('securityWriteFor', () => {
  it.each([
    ['a replica set with a primary', { type: 'ReplicaSetWithPrimary' }],
    ['a replica set between elections', { type: 'ReplicaSetNoPrimary' }],
    ['a sharded cluster', { type: 'Sharded' }],
    ['a load-balanced cluster', { type: 'LoadBalanced' }],
    ['a direct connection to a member', { type: 'Single', memberOfReplicaSet: true }],
    ['a replicaSet option before connecting', { type: 'Unknown', replicaSetOption: 'rs0' }],
  ])('asks for majority and primary on %s', (_name, facts) => {
    expect(securityWriteFor(facts)).toEqual(MAJORITY);
  });

  it.each([
    ['a standalone server', { type: 'Single', memberOfReplicaSet: false }],
    ['an unconnected client without replicaSet', { type: 'Unknown' }],
    ['nothing known', {}],
  ])('adds nothing on %s', (_name, facts) => {
    expect(securityWriteFor(facts)).toEqual({});
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
  });

  it('reads replicaSet from the connection string before any server answers', async () => {
    const pending = mongoose.createConnection('mongodb://127.0.0.1:9/x?replicaSet=rs0', {
      serverSelectionTimeoutMS: 200,
    });
    pending.on('error', () => {});
    expect(securityWrite(pending)).toEqual(MAJORITY);
    await pending.close().catch(() => {});
  });
});

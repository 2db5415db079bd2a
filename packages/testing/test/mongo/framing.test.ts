import { Long } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MongoTestServer, startMongoTestServer } from '../../src/mongo/index';
import { opMsg, opQuery, RawWireClient } from './raw-wire-client';

let server: MongoTestServer;
beforeAll(async () => {
  server = await startMongoTestServer();
});
afterAll(() => server.stop());

describe('wire framing', () => {
  it('answers the legacy OP_QUERY handshake with an OP_REPLY', async () => {
    const client = await RawWireClient.open(server.port);
    client.send(
      opQuery(7, 'admin.$cmd', { ismaster: 1, helloOk: true, client: { driver: { name: 'raw' } } }),
    );
    const reply = await client.nextReply();
    expect(reply).toMatchObject({ opCode: 1, responseTo: 7 });
    expect(reply.body).toMatchObject({ ok: 1, ismaster: true, helloOk: true, minWireVersion: 0 });
    expect(reply.body.maxWireVersion).toBeGreaterThanOrEqual(9);
    client.close();
  });

  it('merges kind-1 document sequences into the command body', async () => {
    const client = await RawWireClient.open(server.port);
    client.send(
      opMsg(
        1,
        { insert: 'framed', $db: 'wire' },
        { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] } },
      ),
    );
    const inserted = await client.nextReply();
    expect(inserted).toMatchObject({ opCode: 2013, responseTo: 1, body: { ok: 1, n: 3 } });
    const found = await client.command(2, { find: 'framed', filter: {}, $db: 'wire' });
    expect(found.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    expect(found.cursor.id).toBeInstanceOf(Long);
    client.close();
  });

  it('sends no reply to a moreToCome message but still executes it', async () => {
    const client = await RawWireClient.open(server.port);
    client.send(opMsg(10, { insert: 'quiet', documents: [{ _id: 'q' }], $db: 'wire' }, { moreToCome: true }));
    client.send(opMsg(11, { count: 'quiet', $db: 'wire' }));
    const reply = await client.nextReply();
    expect(reply.responseTo).toBe(11);
    expect(reply.body).toMatchObject({ ok: 1, n: 1 });
    client.close();
  });

  it('accepts a message carrying a checksum', async () => {
    const client = await RawWireClient.open(server.port);
    client.send(opMsg(20, { ping: 1, $db: 'admin' }, { checksum: true }));
    expect((await client.nextReply()).body).toEqual({ ok: 1 });
    client.close();
  });

  it.each([
    ['an impossible length', Buffer.from([3, 0, 0, 0, 1, 2, 3, 4])],
    [
      'an unknown opcode',
      Buffer.concat([Buffer.from([26, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x39, 0x05, 0, 0]), Buffer.alloc(10)]),
    ],
    ['garbage BSON', garbageBson()],
  ])('closes only the connection that sent %s', async (_label, frame) => {
    const healthy = await RawWireClient.open(server.port);
    const broken = await RawWireClient.open(server.port);
    broken.send(frame);
    await broken.closed;
    expect(await healthy.command(30, { ping: 1, $db: 'admin' })).toEqual({ ok: 1 });
    const fresh = await RawWireClient.open(server.port);
    expect(await fresh.command(31, { ping: 1, $db: 'admin' })).toEqual({ ok: 1 });
    healthy.close();
    fresh.close();
  });
});

function garbageBson(): Buffer {
  const frame = opMsg(40, { ping: 1, $db: 'admin' });
  frame.fill(0xff, 26, frame.length - 1);
  return frame;
}

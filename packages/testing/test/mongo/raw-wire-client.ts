import { connect, type Socket } from 'node:net';
import { type Document, deserialize, serialize } from 'bson';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

export interface RawReply {
  responseTo: number;
  opCode: number;
  body: Document;
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** Builds an OP_MSG frame by hand, optionally with kind-1 document sequences and a checksum. */
export function opMsg(
  requestId: number,
  body: Document,
  options: { sequences?: Record<string, Document[]>; moreToCome?: boolean; checksum?: boolean } = {},
): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.checksum ? 1 : 0) | (options.moreToCome ? 2 : 0));
  const sections: Buffer[] = [Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [identifier, documents] of Object.entries(options.sequences ?? {})) {
    const payload = Buffer.concat([
      Buffer.from(`${identifier}\0`),
      ...documents.map((d) => Buffer.from(serialize(d))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    sections.push(Buffer.from([1]), size, payload);
  }
  const trailer = options.checksum ? [Buffer.alloc(4)] : [];
  const length = 16 + 4 + sections.reduce((sum, part) => sum + part.length, 0) + trailer.length * 4;
  return Buffer.concat([header(length, requestId, OP_MSG), flags, ...sections, ...trailer]);
}

/** Builds a legacy OP_QUERY frame, as drivers send for the first handshake. */
export function opQuery(requestId: number, namespace: string, query: Document): Buffer {
  const fixed = Buffer.alloc(4);
  const name = Buffer.from(`${namespace}\0`);
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(-1, 4);
  const doc = Buffer.from(serialize(query));
  const length = 16 + 4 + name.length + 8 + doc.length;
  return Buffer.concat([header(length, requestId, OP_QUERY), fixed, name, skipAndReturn, doc]);
}

/** A bare TCP client that reads whole replies, keeping `Long`s as `Long`. */
export class RawWireClient {
  readonly closed: Promise<void>;
  private readonly socket: Socket;
  private buffered = Buffer.alloc(0);
  private waiters: Array<(reply: RawReply) => void> = [];
  private replies: RawReply[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static async open(port: number): Promise<RawWireClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawWireClient(socket);
  }

  send(frame: Buffer): void {
    this.socket.write(frame);
  }

  nextReply(): Promise<RawReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async command(requestId: number, body: Document): Promise<Document> {
    this.send(opMsg(requestId, body));
    return (await this.nextReply()).body;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32LE(0)) {
      const frame = this.buffered.subarray(0, this.buffered.readInt32LE(0));
      this.buffered = this.buffered.subarray(frame.length);
      const opCode = frame.readInt32LE(12);
      const bodyOffset = opCode === OP_REPLY ? 36 : 21;
      const reply = {
        responseTo: frame.readInt32LE(8),
        opCode,
        body: deserialize(frame.subarray(bodyOffset), { promoteLongs: false }),
      };
      const waiter = this.waiters.shift();
      if (waiter) waiter(reply);
      else this.replies.push(reply);
    }
  }
}

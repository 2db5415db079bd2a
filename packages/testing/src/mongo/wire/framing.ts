import { type Document, deserialize, serialize } from 'bson';
import { READ_OPTIONS } from '../store/bson-values';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;
const HEADER_SIZE = 16;

/** A decoded request: the command body with kind-1 document sequences merged in. */
export interface WireRequest {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  command: Document;
  /** OP_MSG `moreToCome`: the client expects no reply. */
  moreToCome: boolean;
}

/** Thrown for any frame that does not parse; the connection that sent it is closed. */
export class FrameError extends Error {
  override name = 'FrameError';
}

/** Decodes one complete frame (header included). */
export function decodeFrame(frame: Buffer): WireRequest {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (opCode === OP_MSG) return { requestId, opCode, ...decodeMsg(frame) };
  if (opCode === OP_QUERY) return { requestId, opCode, command: decodeQuery(frame), moreToCome: false };
  throw new FrameError(`unsupported opcode ${opCode}`);
}

function decodeMsg(frame: Buffer): { command: Document; moreToCome: boolean } {
  const flags = frame.readUInt32LE(HEADER_SIZE);
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = frame.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = frame.readInt32LE(offset);
      body = readDocument(frame, offset, size, end);
      offset += size;
    } else if (kind === 1) {
      const size = frame.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new FrameError('document sequence overruns the frame');
      const nameEnd = frame.indexOf(0, offset + 4);
      if (nameEnd < 0 || nameEnd >= sectionEnd) throw new FrameError('unterminated sequence identifier');
      const identifier = frame.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      for (let cursor = nameEnd + 1; cursor < sectionEnd; ) {
        const docSize = frame.readInt32LE(cursor);
        documents.push(readDocument(frame, cursor, docSize, sectionEnd));
        cursor += docSize;
      }
      sequences[identifier] = documents;
      offset = sectionEnd;
    } else {
      throw new FrameError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new FrameError('OP_MSG without a body section');
  return { command: { ...body, ...sequences }, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function decodeQuery(frame: Buffer): Document {
  const nameEnd = frame.indexOf(0, HEADER_SIZE + 4);
  if (nameEnd < 0) throw new FrameError('unterminated collection name');
  const offset = nameEnd + 1 + 8;
  if (offset + 4 > frame.length) throw new FrameError('OP_QUERY too short');
  return readDocument(frame, offset, frame.readInt32LE(offset), frame.length);
}

function readDocument(frame: Buffer, offset: number, size: number, limit: number): Document {
  if (size < 5 || offset + size > limit) throw new FrameError('BSON document overruns its section');
  try {
    return deserialize(frame.subarray(offset, offset + size), READ_OPTIONS);
  } catch (error) {
    throw new FrameError(`invalid BSON: ${(error as Error).message}`);
  }
}

/** Encodes a reply to `request` in the opcode the request used. */
export function encodeReply(request: WireRequest, reply: Document, replyId: number): Buffer {
  const body = serialize(reply);
  if (request.opCode === OP_QUERY) {
    const prefix = Buffer.alloc(HEADER_SIZE + 20);
    writeHeader(prefix, prefix.length + body.length, replyId, request.requestId, OP_REPLY);
    prefix.writeBigInt64LE(0n, HEADER_SIZE + 4);
    prefix.writeInt32LE(1, HEADER_SIZE + 16);
    return Buffer.concat([prefix, body]);
  }
  const prefix = Buffer.alloc(HEADER_SIZE + 5);
  writeHeader(prefix, prefix.length + body.length, replyId, request.requestId, OP_MSG);
  return Buffer.concat([prefix, body]);
}

function writeHeader(buffer: Buffer, length: number, requestId: number, responseTo: number, opCode: number) {
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
}

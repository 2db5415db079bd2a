import type { Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext } from '../commands/context';
import { dispatch } from '../commands/dispatch';
import { FrameReader } from './frame-reader';
import { decodeFrame, encodeReply } from './framing';

let nextReplyId = 1;

/**
 * Serves one client socket: frames in, replies out, in order. Anything that does not parse
 * closes this socket only; other connections and the process carry on.
 */
export function serveConnection(socket: Socket, context: Omit<CommandContext, 'dbName'>): void {
  const reader = new FrameReader();
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const frame of reader.push(chunk)) {
        const request = decodeFrame(frame);
        const dbName = typeof request.command.$db === 'string' ? request.command.$db : 'admin';
        const reply: Document = dispatch(request.command, { ...context, dbName });
        if (request.moreToCome) continue;
        socket.write(encodeReply(request, reply, nextReplyId++));
      }
    } catch {
      socket.destroy();
    }
  });
}

import { FrameError } from './framing';

const MIN_FRAME = 21;
const MAX_FRAME = 48_000_000;

/** Cuts a TCP byte stream into whole frames using the length prefix of each message. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Appends bytes and returns every frame now complete; throws `FrameError` on an impossible length. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < MIN_FRAME || length > MAX_FRAME) throw new FrameError(`invalid message length ${length}`);
      if (this.pending.length < length) break;
      frames.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return frames;
  }
}

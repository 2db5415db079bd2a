import { type Document, Long } from 'bson';
import { CommandError } from './errors';

const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  remaining: Document[];
}

/** Server-side cursors: results are materialised once, then handed out batch by batch. */
export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1;

  /** The `cursor` field of a find/aggregate reply; registers a cursor when more than one batch is needed. */
  firstBatch(ns: string, results: Document[], batchSize?: number, singleBatch = false): Document {
    const size = batchSize ?? DEFAULT_FIRST_BATCH;
    const firstBatch = results.slice(0, size);
    const remaining = results.slice(size);
    let id = 0;
    if (!singleBatch && remaining.length > 0) {
      id = this.nextId++;
      this.open.set(id, { ns, remaining });
    }
    return { firstBatch, id: Long.fromNumber(id), ns };
  }

  getMore(id: number, ns: string, batchSize?: number): Document {
    const cursor = this.open.get(id);
    if (!cursor || cursor.ns !== ns) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
    const nextBatch = cursor.remaining.splice(
      0,
      batchSize && batchSize > 0 ? batchSize : cursor.remaining.length,
    );
    const exhausted = cursor.remaining.length === 0;
    if (exhausted) this.open.delete(id);
    return { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns };
  }

  kill(ids: number[]): { killed: number[]; notFound: number[] } {
    const killed: number[] = [];
    const notFound: number[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  get size(): number {
    return this.open.size;
  }
}

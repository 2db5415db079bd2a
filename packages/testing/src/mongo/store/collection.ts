import { type Document, ObjectId } from 'bson';
import { CommandError } from '../errors';
import { keyString } from './bson-values';
import { Index, type IndexSpec } from './index-spec';

const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_', unique: true };

/**
 * Documents of one collection in insertion order plus its indexes. Every write goes through
 * `insert`, `replace` or `remove`, which check all unique indexes first and only then commit,
 * so a failed write leaves no trace.
 */
export class Collection {
  readonly ns: string;
  readonly name: string;
  readonly options: Document;
  private readonly docs = new Map<string, Document>();
  private readonly indexes = new Map<string, Index>();
  private readonly ownedKeys = new Map<string, Map<string, string[]>>();

  constructor(dbName: string, name: string, options: Document = {}) {
    this.ns = `${dbName}.${name}`;
    this.name = name;
    this.options = options;
    this.addIndex(ID_INDEX);
  }

  get size(): number {
    return this.docs.size;
  }

  documents(): Document[] {
    return [...this.docs.values()];
  }

  indexList(): Index[] {
    return [...this.indexes.values()];
  }

  findIndex(name: string): Index | undefined {
    return this.indexes.get(name);
  }

  insert(doc: Document): Document {
    if (doc._id === undefined) doc._id = new ObjectId();
    const id = keyString([doc._id]);
    this.commit(id, doc, this.checkAll(doc, id));
    return doc;
  }

  /** Swaps the stored document for `next` (same `_id`), re-indexing it. */
  replace(current: Document, next: Document): void {
    const id = keyString([current._id]);
    if (keyString([next._id]) !== id) {
      throw new CommandError(
        'ImmutableField',
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    }
    const keys = this.checkAll(next, id);
    this.release(id);
    this.commit(id, next, keys);
  }

  remove(doc: Document): void {
    const id = keyString([doc._id]);
    this.release(id);
    this.docs.delete(id);
  }

  addIndex(spec: IndexSpec): void {
    const index = new Index(spec);
    const perDoc = new Map<string, string[]>();
    for (const [id, doc] of this.docs) {
      const keys = index.assertFree(doc, id, this.ns);
      index.add(keys, id);
      perDoc.set(id, keys);
    }
    this.indexes.set(spec.name, index);
    this.ownedKeys.set(spec.name, perDoc);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
    this.ownedKeys.delete(name);
  }

  private checkAll(doc: Document, id: string): Map<string, string[]> {
    const keysByIndex = new Map<string, string[]>();
    for (const index of this.indexes.values())
      keysByIndex.set(index.name, index.assertFree(doc, id, this.ns));
    return keysByIndex;
  }

  private commit(id: string, doc: Document, keysByIndex: Map<string, string[]>): void {
    for (const [name, keys] of keysByIndex) {
      this.indexes.get(name)?.add(keys, id);
      this.ownedKeys.get(name)?.set(id, keys);
    }
    this.docs.set(id, doc);
  }

  private release(id: string): void {
    for (const [name, perDoc] of this.ownedKeys) {
      this.indexes.get(name)?.remove(perDoc.get(id) ?? [], id);
      perDoc.delete(id);
    }
  }
}

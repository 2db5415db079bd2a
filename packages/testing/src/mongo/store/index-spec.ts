import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from '../errors';
import { formatKeyValue, keyString } from './bson-values';
import { indexKeys, MISSING } from './index-keys';

/** An index as `createIndexes` received it and `listIndexes` returns it. */
export interface IndexSpec extends Document {
  name: string;
  key: Record<string, number | string>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
}

/**
 * An index kept in step with every write. Unique indexes own a hash map from key to document id,
 * so a duplicate check costs one lookup per key instead of a collection scan.
 */
export class Index {
  readonly spec: IndexSpec;
  readonly paths: string[];
  private readonly owners = new Map<string, string>();
  private readonly partial: Query | undefined;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.paths = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined;
  }

  get name(): string {
    return this.spec.name;
  }

  get size(): number {
    return this.owners.size;
  }

  /** The key strings this document owns in the index; empty when the index ignores the document. */
  keysOf(doc: Document): string[] {
    if (!this.spec.unique) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    const tuples = indexKeys(doc, this.paths);
    if (this.spec.sparse && tuples.every((tuple) => tuple.every((value) => value === MISSING))) return [];
    return tuples.map((tuple) => keyString(tuple.map((value) => (value === MISSING ? null : value))));
  }

  /** Throws E11000 if another document already owns one of `doc`'s keys. */
  assertFree(doc: Document, ownerId: string, ns: string): string[] {
    const keys = this.keysOf(doc);
    for (const key of keys) {
      const owner = this.owners.get(key);
      if (owner !== undefined && owner !== ownerId) throw this.duplicateError(doc, key, ns);
    }
    return keys;
  }

  add(keys: readonly string[], ownerId: string): void {
    for (const key of keys) this.owners.set(key, ownerId);
  }

  remove(keys: readonly string[], ownerId: string): void {
    for (const key of keys) if (this.owners.get(key) === ownerId) this.owners.delete(key);
  }

  private duplicateError(doc: Document, key: string, ns: string): CommandError {
    const tuple =
      indexKeys(doc, this.paths).find(
        (candidate) => keyString(candidate.map((value) => (value === MISSING ? null : value))) === key,
      ) ?? [];
    const keyValue: Document = {};
    this.paths.forEach((path, position) => {
      const value = tuple[position];
      keyValue[path] = value === MISSING || value === undefined ? null : value;
    });
    const shown = Object.entries(keyValue)
      .map(([path, value]) => `${path}: ${formatKeyValue(value)}`)
      .join(', ');
    return new CommandError(
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }
}

/** `{a: 1, b: -1}` → `a_1_b_-1`, mongod's default index name. */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([path, direction]) => `${path}_${String(direction)}`)
    .join('_');
}

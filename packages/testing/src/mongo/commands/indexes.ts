import type { Document } from 'bson';
import { CommandError } from '../errors';
import { sameDocument } from '../store/bson-values';
import { defaultIndexName, type IndexSpec } from '../store/index-spec';
import { type CommandHandler, collectionName } from './context';

const COMPARED_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'] as const;

export const createIndexes: CommandHandler = (command, { storage, dbName }) => {
  const name = collectionName(command, 'createIndexes');
  if (!Array.isArray(command.indexes)) throw new CommandError('TypeMismatch', "'indexes' must be an array");
  const existed = storage.get(dbName, name) !== undefined;
  const collection = storage.ensure(dbName, name);
  const numIndexesBefore = collection.indexList().length;
  for (const requested of command.indexes as Document[]) {
    const spec = normalize(requested);
    const sameName = collection.findIndex(spec.name);
    const sameKey = collection.indexList().find((index) => sameDocument(index.spec.key, spec.key));
    if (sameName && !sameDocument(sameName.spec.key, spec.key)) {
      throw new CommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}`,
      );
    }
    if (sameKey) {
      if (sameKey.name === spec.name && sameOptions(sameKey.spec, spec)) continue;
      throw new CommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name or options. Existing index: ${sameKey.name}`,
      );
    }
    collection.addIndex(spec);
  }
  return {
    numIndexesBefore,
    numIndexesAfter: collection.indexList().length,
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
};

export const listIndexes: CommandHandler = (command, { storage, cursors, dbName }) => {
  const name = collectionName(command, 'listIndexes');
  const collection = storage.get(dbName, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns does not exist: ${dbName}.${name}`);
  const specs = collection.indexList().map((index) => index.spec);
  return { cursor: cursors.firstBatch(`${dbName}.${name}`, specs, command.cursor?.batchSize), ok: 1 };
};

export const dropIndexes: CommandHandler = (command, { storage, dbName }) => {
  const name = collectionName(command, 'dropIndexes');
  const collection = storage.get(dbName, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns not found ${dbName}.${name}`);
  const nIndexesWas = collection.indexList().length;
  const names = indexNamesToDrop(collection.indexList(), command.index);
  for (const indexName of names) {
    if (indexName === '_id_') throw new CommandError('InvalidOptions', 'cannot drop _id index');
    if (!collection.findIndex(indexName)) {
      throw new CommandError('IndexNotFound', `index not found with name [${indexName}]`);
    }
    collection.dropIndex(indexName);
  }
  return { nIndexesWas, ok: 1 };
};

function normalize(requested: Document): IndexSpec {
  if (!requested.key || typeof requested.key !== 'object' || Object.keys(requested.key).length === 0) {
    throw new CommandError('BadValue', "Index 'key' must be a non-empty object");
  }
  const name = typeof requested.name === 'string' ? requested.name : defaultIndexName(requested.key);
  const spec: IndexSpec = { v: 2, key: requested.key, name };
  for (const option of COMPARED_OPTIONS)
    if (requested[option] !== undefined) spec[option] = requested[option];
  if (requested.unique === false) delete spec.unique;
  if (requested.sparse === false) delete spec.sparse;
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return COMPARED_OPTIONS.every((option) => sameDocument({ v: a[option] ?? null }, { v: b[option] ?? null }));
}

function indexNamesToDrop(indexes: { name: string; spec: IndexSpec }[], requested: unknown): string[] {
  if (requested === '*') return indexes.map((index) => index.name).filter((name) => name !== '_id_');
  if (Array.isArray(requested)) return requested.map(String);
  if (typeof requested === 'string') return [requested];
  const match = indexes.find(
    (index) =>
      requested && typeof requested === 'object' && sameDocument(index.spec.key, requested as Document),
  );
  if (!match)
    throw new CommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(requested)}`);
  return [match.name];
}

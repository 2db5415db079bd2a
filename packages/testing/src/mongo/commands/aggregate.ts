import type { Document } from 'bson';
import { aggregate as runPipeline } from 'mingo';
import { CommandError } from '../errors';
import { cloneDocument, keyString } from '../store/bson-values';
import { indexKeys, MISSING } from '../store/index-keys';
import { runQuery } from '../store/query';
import { type CommandHandler, collectionName } from './context';

const UNSUPPORTED_STAGES = ['$out', '$merge', '$changeStream'];

export const aggregate: CommandHandler = (command, { storage, cursors, dbName }) => {
  const name = collectionName(command, 'aggregate');
  if (!Array.isArray(command.pipeline)) throw new CommandError('TypeMismatch', "'pipeline' must be an array");
  for (const stage of command.pipeline as Document[]) {
    const operator = Object.keys(stage)[0] ?? '';
    if (UNSUPPORTED_STAGES.includes(operator)) {
      throw new CommandError('BadValue', `${operator} is not supported by the wire-protocol test server`);
    }
  }
  const source = (storage.get(dbName, name)?.documents() ?? []).map(cloneDocument);
  const options = {
    ...(command.collation ? { collation: command.collation } : {}),
    collectionResolver: (from: string) => (storage.get(dbName, from)?.documents() ?? []).map(cloneDocument),
  };
  const results = runPipeline(source, command.pipeline, options) as Document[];
  const batchSize = command.cursor?.batchSize;
  return { cursor: cursors.firstBatch(`${dbName}.${name}`, results, batchSize), ok: 1 };
};

export const count: CommandHandler = (command, { storage, dbName }) => {
  const collection = storage.get(dbName, collectionName(command, 'count'));
  const matches = runQuery(collection, { filter: command.query, skip: command.skip, limit: command.limit });
  return { n: matches.length, ok: 1 };
};

export const distinct: CommandHandler = (command, { storage, dbName }) => {
  if (typeof command.key !== 'string') throw new CommandError('TypeMismatch', "'key' must be a string");
  const collection = storage.get(dbName, collectionName(command, 'distinct'));
  const values = new Map<string, unknown>();
  for (const doc of runQuery(collection, { filter: command.query, collation: command.collation })) {
    for (const [value] of indexKeys(doc, [command.key])) {
      if (value !== MISSING) values.set(keyString([value]), value);
    }
  }
  return { values: [...values.values()], ok: 1 };
};

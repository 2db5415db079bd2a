import type { Document } from 'bson';
import { find as matching } from 'mingo';
import { CommandError } from '../errors';
import { type CommandHandler, collectionName } from './context';

const INVALID_NAME = /[$\0]|^$|^system\./;

export const create: CommandHandler = (command, { storage, dbName }) => {
  const name = collectionName(command, 'create');
  if (INVALID_NAME.test(name)) throw new CommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  if (storage.get(dbName, name)) {
    throw new CommandError('NamespaceExists', `Collection ${dbName}.${name} already exists.`);
  }
  const { create: _name, $db, lsid, writeConcern, ...options } = command;
  storage.ensure(dbName, name, options);
  return { ok: 1 };
};

export const drop: CommandHandler = (command, { storage, dbName }) => {
  const name = collectionName(command, 'drop');
  const dropped = storage.drop(dbName, name);
  return { nIndexesWas: dropped?.indexList().length ?? 0, ns: `${dbName}.${name}`, ok: 1 };
};

export const dropDatabase: CommandHandler = (_command, { storage, dbName }) => {
  storage.dropDatabase(dbName);
  return { dropped: dbName, ok: 1 };
};

export const listCollections: CommandHandler = (command, { storage, cursors, dbName }) => {
  const entries: Document[] = storage.list(dbName).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  const filtered = command.filter ? (matching(entries, command.filter).all() as Document[]) : entries;
  const shaped = command.nameOnly ? filtered.map(({ name, type }) => ({ name, type })) : filtered;
  return {
    cursor: cursors.firstBatch(`${dbName}.$cmd.listCollections`, shaped, command.cursor?.batchSize),
    ok: 1,
  };
};

export const listDatabases: CommandHandler = (command, { storage }) => {
  const databases = storage.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  return command.nameOnly
    ? { databases: databases.map(({ name }) => ({ name })), ok: 1 }
    : { databases, totalSize: 0, ok: 1 };
};

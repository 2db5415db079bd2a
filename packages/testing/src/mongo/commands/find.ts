import { Long } from 'bson';
import { CommandError } from '../errors';
import { runQuery } from '../store/query';
import { type CommandHandler, collectionName } from './context';

export const find: CommandHandler = (command, { storage, cursors, dbName }) => {
  const name = collectionName(command, 'find');
  const results = runQuery(storage.get(dbName, name), {
    filter: command.filter,
    sort: command.sort,
    skip: command.skip,
    limit: command.limit,
    projection: command.projection,
    collation: command.collation,
  });
  const singleBatch =
    command.singleBatch === true || (typeof command.limit === 'number' && command.limit < 0);
  return { cursor: cursors.firstBatch(`${dbName}.${name}`, results, command.batchSize, singleBatch), ok: 1 };
};

export const getMore: CommandHandler = (command, { cursors, dbName }) => {
  const id = Number(command.getMore);
  const name = typeof command.collection === 'string' ? command.collection : '';
  if (!name) throw new CommandError('FailedToParse', "getMore requires a 'collection' string");
  return { cursor: cursors.getMore(id, `${dbName}.${name}`, command.batchSize), ok: 1 };
};

export const killCursors: CommandHandler = (command, { cursors }) => {
  const ids = Array.isArray(command.cursors) ? command.cursors.map(Number) : [];
  const { killed, notFound } = cursors.kill(ids);
  const asLongs = (list: number[]) => list.map((id) => Long.fromNumber(id));
  return {
    cursorsKilled: asLongs(killed),
    cursorsNotFound: asLongs(notFound),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};

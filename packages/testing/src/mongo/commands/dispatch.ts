import type { Document } from 'bson';
import { asCommandError, CommandError } from '../errors';
import { aggregate, count, distinct } from './aggregate';
import type { CommandContext, CommandHandler } from './context';
import { find, getMore, killCursors } from './find';
import { findAndModify } from './find-and-modify';
import { buildInfo, endSessions, hello, ping, startSession } from './handshake';
import { createIndexes, dropIndexes, listIndexes } from './indexes';
import { create, drop, dropDatabase, listCollections, listDatabases } from './namespace';
import { insert, remove, update } from './write';

const HANDLERS: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  endSessions,
  refreshSessions: endSessions,
  startSession,
  find,
  getMore,
  killCursors,
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
  aggregate,
  count,
  distinct,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
};

const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

/** Runs one command and always returns a reply document: failures become `{ok: 0, ...}`. */
export function dispatch(command: Document, context: CommandContext): Document {
  const name = Object.keys(command)[0] ?? '';
  try {
    if (TRANSACTION_COMMANDS.has(name) || command.txnNumber !== undefined || command.startTransaction) {
      throw new CommandError(
        'IllegalOperation',
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (!handler) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
    return handler(command, context);
  } catch (error) {
    return asCommandError(error).toReply();
  }
}

import type { Document } from 'bson';
import { asCommandError, CommandError } from '../errors';
import { cloneDocument, sameDocument } from '../store/bson-values';
import type { Collection } from '../store/collection';
import { runQuery } from '../store/query';
import { applyUpdate, buildUpsert } from '../store/update';
import { type CommandContext, type CommandHandler, collectionName } from './context';

/** Runs `statements` one by one, collecting write errors; ordered batches stop at the first. */
function eachStatement(
  statements: unknown,
  ordered: unknown,
  run: (statement: Document, index: number) => void,
): Document[] {
  if (!Array.isArray(statements))
    throw new CommandError('FailedToParse', 'write statements must be an array');
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement as Document, index);
    } catch (error) {
      writeErrors.push(asCommandError(error).toWriteError(index));
      if (ordered !== false) break;
    }
  }
  return writeErrors;
}

function withErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}

function target(context: CommandContext, command: Document, name: string): Collection {
  return context.storage.ensure(context.dbName, collectionName(command, name));
}

export const insert: CommandHandler = (command, context) => {
  const collection = target(context, command, 'insert');
  let n = 0;
  const writeErrors = eachStatement(command.documents, command.ordered, (doc) => {
    collection.insert(cloneDocument(doc));
    n += 1;
  });
  return withErrors({ n }, writeErrors);
};

export const update: CommandHandler = (command, context) => {
  const collection = target(context, command, 'update');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = eachStatement(command.updates, command.ordered, (statement, index) => {
    const { q: filter = {}, u: change, upsert, multi, arrayFilters, collation, sort } = statement;
    const matches = runQuery(collection, { filter, collation, sort, limit: multi ? 0 : 1 });
    if (matches.length === 0 && upsert) {
      const doc = collection.insert(buildUpsert(filter, change, arrayFilters));
      n += 1;
      upserted.push({ index, _id: doc._id });
      return;
    }
    for (const current of matches) {
      const next = applyUpdate(current, change, { filter, arrayFilters });
      n += 1;
      if (sameDocument(next, current)) continue;
      collection.replace(current, next);
      nModified += 1;
    }
  });
  return withErrors({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, writeErrors);
};

export const remove: CommandHandler = (command, context) => {
  const collection = context.storage.get(context.dbName, collectionName(command, 'delete'));
  let n = 0;
  const writeErrors = eachStatement(command.deletes, command.ordered, ({ q, limit, collation }) => {
    for (const doc of runQuery(collection, { filter: q, collation, limit: limit === 1 ? 1 : 0 })) {
      collection?.remove(doc);
      n += 1;
    }
  });
  return withErrors({ n }, writeErrors);
};

import type { Document } from 'bson';
import { find as project } from 'mingo';
import { CommandError } from '../errors';
import { runQuery } from '../store/query';
import { applyUpdate, buildUpsert } from '../store/update';
import { type CommandHandler, collectionName } from './context';

/** `findAndModify`: one document, updated/removed/upserted, returned before or after (`new`). */
export const findAndModify: CommandHandler = (command, { storage, dbName }) => {
  const { query: filter = {}, sort, update, remove, upsert, arrayFilters, collation, fields } = command;
  if (remove && (update || upsert)) {
    throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  }
  if (!remove && !update)
    throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const collection = storage.ensure(dbName, collectionName(command, 'findAndModify'));
  const [current] = runQuery(collection, { filter, sort, collation, limit: 1 });
  const shape = (doc: Document | undefined): Document | null => {
    if (!doc) return null;
    if (!fields || Object.keys(fields).length === 0) return doc;
    return (project([doc], {}, fields).all()[0] as Document | undefined) ?? null;
  };

  if (remove) {
    if (current) collection.remove(current);
    return { lastErrorObject: { n: current ? 1 : 0 }, value: shape(current), ok: 1 };
  }
  if (!current) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const inserted = collection.insert(buildUpsert(filter, update, arrayFilters));
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
      value: command.new ? shape(inserted) : null,
      ok: 1,
    };
  }
  const next = applyUpdate(current, update, { filter, arrayFilters });
  collection.replace(current, next);
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: shape(command.new ? next : current),
    ok: 1,
  };
};

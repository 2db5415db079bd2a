import { type Document, ObjectId } from 'bson';
import { update as applyOperators } from 'mingo';
import { CommandError } from '../errors';
import { cloneDocument, getPath, isPlainObject, sameDocument } from './bson-values';
import { assertNoConflicts, resolvePositionalPaths } from './update-paths';
import { seedFromFilter } from './upsert-seed';

const ARRAY_OPERATORS = ['$push', '$addToSet', '$pull', '$pullAll', '$pop'];

/** True for `{$set: ...}`-style updates, false for whole-document replacements. */
export function isOperatorUpdate(update: Document): boolean {
  return Object.keys(update).some((key) => key.startsWith('$'));
}

/**
 * The document `current` becomes under `update` (never mutates `current`).
 * `$setOnInsert` is applied only when `inserting`, as MongoDB does.
 */
export function applyUpdate(
  current: Document,
  update: Document,
  options: { filter?: Document; arrayFilters?: Document[]; inserting?: boolean } = {},
): Document {
  if (Array.isArray(update)) throw new CommandError('BadValue', 'Pipeline-style updates are not supported');
  if (!isOperatorUpdate(update)) {
    if (Object.keys(update).some((key) => key.includes('.'))) {
      throw new CommandError('BadValue', 'Replacement documents cannot contain dotted field names');
    }
    const replacement = cloneDocument(update);
    return { _id: replacement._id ?? current._id, ...replacement };
  }
  assertNoConflicts(update);
  // Positional parts name elements of the document as it was, so they are resolved before any change.
  const resolved = resolvePositionalPaths(current, update, options);
  assertNoConflicts(resolved);
  const { $setOnInsert, ...operators } = resolved;
  const next = cloneDocument(current);
  assertArrayTargets(next, operators);
  if (current._id !== undefined) assertIdUntouched(current._id, operators);
  if (options.inserting && isPlainObject($setOnInsert) && Object.keys($setOnInsert).length > 0) {
    applyOperators(next, { $set: $setOnInsert });
  }
  const changes = Object.entries(operators).filter(([, fields]) => Object.keys(fields ?? {}).length > 0);
  if (changes.length > 0) applyOperators(next, Object.fromEntries(changes));
  return next;
}

/** The document an upsert inserts: equality fields of the filter, then the update, then an `_id`. */
export function buildUpsert(filter: Document, update: Document, arrayFilters?: Document[]): Document {
  const seed = isOperatorUpdate(update) ? seedFromFilter(filter) : {};
  const idFromFilter = seedFromFilter(filter)._id;
  const doc = applyUpdate(seed, update, { filter, arrayFilters, inserting: true });
  if (doc._id === undefined) doc._id = idFromFilter ?? new ObjectId();
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/** mingo silently ignores `$push` on a non-array; mongod fails, and so do we. */
function assertArrayTargets(doc: Document, operators: Document): void {
  for (const operator of ARRAY_OPERATORS) {
    const fields = operators[operator];
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      const value = getPath(doc, path);
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        throw new CommandError(
          'TypeMismatch',
          `Cannot apply ${operator} to non-array field. Field named '${path.split('.').pop()}' has non-array type ${typeof value}`,
        );
      }
    }
  }
}

function assertIdUntouched(id: unknown, operators: Document): void {
  for (const [operator, fields] of Object.entries(operators)) {
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      if (path !== '_id' && !path.startsWith('_id.')) continue;
      if (operator === '$set' && sameDocument({ v: fields[path] }, { v: id })) continue;
      throw new CommandError(
        'ImmutableField',
        "Performing an update on the path '_id' would modify the immutable field '_id'",
      );
    }
  }
}

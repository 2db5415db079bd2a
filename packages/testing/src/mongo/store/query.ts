import type { Document } from 'bson';
import { find } from 'mingo';
import type { Collection } from './collection';

export interface QueryOptions {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
  collation?: Document;
}

/** Matching documents of `collection` (stored objects, not copies: callers must not mutate them). */
export function runQuery(collection: Collection | undefined, options: QueryOptions): Document[] {
  if (!collection) return [];
  const projection =
    options.projection && Object.keys(options.projection).length > 0 ? options.projection : undefined;
  const queryOptions = options.collation ? { collation: options.collation as { locale: string } } : {};
  let cursor = find(collection.documents(), options.filter ?? {}, projection, queryOptions);
  if (options.sort && Object.keys(options.sort).length > 0)
    cursor = cursor.sort(options.sort as Record<string, 1 | -1>);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit) cursor = cursor.limit(Math.abs(options.limit));
  return cursor.all() as Document[];
}

import type { Document } from 'bson';
import { cloneDocument, isPlainObject, setPath } from './bson-values';

/**
 * The fields an upsert starts from: every equality in the filter (`{a: 1}`, `{a: {$eq: 1}}`,
 * inside `$and`), as MongoDB seeds the new document before applying the update.
 */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  collect(filter, seed);
  return cloneDocument(seed);
}

function collect(filter: Document, seed: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) collect(clause, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    const equality = equalityValue(value);
    if (equality.found) setPath(seed, key, equality.value);
  }
}

function equalityValue(value: unknown): { found: boolean; value?: unknown } {
  if (!isPlainObject(value)) return { found: true, value };
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.some((key) => key.startsWith('$'))) return { found: true, value };
  if ('$eq' in value) return { found: true, value: value.$eq };
  return { found: false };
}

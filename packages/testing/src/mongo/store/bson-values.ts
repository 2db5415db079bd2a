import { type Document, deserialize, ObjectId, serialize } from 'bson';

/** Deserialization options for everything the server reads: mingo needs plain numbers, not `Long`s. */
export const READ_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

/** Deep copy that keeps BSON types (ObjectId, Date, Binary...), unlike `structuredClone`. */
export function cloneDocument<T extends Document>(doc: T): T {
  return deserialize(serialize(doc), READ_OPTIONS) as T;
}

/** A string that is equal for two values exactly when MongoDB's index would consider them equal. */
export function keyString(values: readonly unknown[]): string {
  return Buffer.from(serialize({ k: values.map((value) => value ?? null) })).toString('latin1');
}

/** Renders a value the way mongod prints it inside an E11000 message. */
export function formatKeyValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatKeyValue).join(', ')} ]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Document).map(([k, v]) => `${k}: ${formatKeyValue(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** Reads a dotted path without descending into arrays (that is `index-keys.ts`'s job). */
export function getPath(doc: unknown, path: string): unknown {
  let node = doc;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Document)[segment];
  }
  return node;
}

/** Writes a dotted path, creating intermediate objects. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let node = doc;
  for (const segment of segments) {
    const next = node[segment];
    if (next === null || typeof next !== 'object') node[segment] = {};
    node = node[segment] as Document;
  }
  node[last] = value;
}

export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Field-by-field equality including order and BSON types, as mongod decides `nModified`. */
export function sameDocument(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(serialize(b));
}

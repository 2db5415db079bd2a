import { keyString } from './bson-values';

/** Marks an indexed path that is absent from a document, which `sparse` indexes skip and others index as null. */
export const MISSING = Symbol('missing');

type KeyTuple = unknown[];

const MISSING_MARKER = { $missing: true };

/**
 * Every key tuple a document contributes to an index on `paths`, as mongod computes them.
 * Paths that share an array prefix are paired per element (no cartesian product), so
 * `identities: [{provider: 'a', subject: '1'}]` yields only `('a', '1')`; an empty array
 * indexes as null, an absent field as `MISSING`.
 */
export function indexKeys(doc: unknown, paths: readonly string[]): KeyTuple[] {
  const tuples = keysAt(
    doc,
    paths.map((path) => path.split('.')),
  );
  const seen = new Set<string>();
  return tuples.filter((tuple) => {
    const id = keyString(tuple.map((value) => (value === MISSING ? MISSING_MARKER : value)));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function keysAt(node: unknown, paths: readonly string[][]): KeyTuple[] {
  if (Array.isArray(node)) {
    if (node.length === 0) return [paths.map(() => null)];
    if (paths.every((path) => path.length === 0)) return node.map((element) => paths.map(() => element));
    return node.flatMap((element) => keysAt(element, paths));
  }
  const groups = new Map<string, number[]>();
  paths.forEach((path, position) => {
    const head = path[0];
    if (head === undefined) return;
    groups.set(head, [...(groups.get(head) ?? []), position]);
  });
  let tuples: KeyTuple[] = [paths.map((path) => (path.length === 0 ? node : MISSING))];
  for (const [head, positions] of groups) {
    const child =
      node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[head] : undefined;
    const childKeys =
      child === undefined
        ? [positions.map(() => MISSING)]
        : keysAt(
            child,
            positions.map((position) => (paths[position] as string[]).slice(1)),
          );
    tuples = tuples.flatMap((tuple) =>
      childKeys.map((childTuple) => {
        const merged = [...tuple];
        positions.forEach((position, i) => {
          merged[position] = childTuple[i];
        });
        return merged;
      }),
    );
  }
  return tuples;
}

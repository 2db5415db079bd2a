import type { Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from '../errors';
import { isPlainObject, setPath } from './bson-values';

const FILTERED = /^\$\[([a-z][a-zA-Z0-9]*)\]$/;

export interface PathContext {
  /** The update's query: it decides which element `$` names. */
  filter?: Document;
  arrayFilters?: Document[];
}

/**
 * Refuses updates whose paths overlap, as mongod does before touching anything: two operators on one
 * path, or a path and one of its prefixes (`a` with `a.b`). Sibling paths below one array element
 * (`identities.$.a` with `identities.$.b`) do not overlap.
 */
export function assertNoConflicts(operators: Document): void {
  const seen: string[][] = [];
  for (const path of updatedPaths(operators)) {
    const parts = path.split('.');
    for (const other of seen) {
      const shorter = other.length <= parts.length ? other : parts;
      const longer = shorter === other ? parts : other;
      if (shorter.every((part, i) => longer[i] === part)) {
        throw new CommandError(
          'ConflictingUpdateOperators',
          `Updating the path '${path}' would create a conflict at '${shorter.join('.')}'`,
        );
      }
    }
    seen.push(parts);
  }
}

/**
 * Rewrites `$`, `$[]` and `$[id]` in every operator path to the concrete indexes they name in
 * `doc` (the document as it was before the update), so the update applies in one pass with no
 * positional operators left.
 */
export function resolvePositionalPaths(doc: Document, operators: Document, context: PathContext): Document {
  const arrayFilters = filtersByIdentifier(context.arrayFilters ?? []);
  const used = new Set<string>();
  const resolved: Document = {};
  for (const [operator, fields] of Object.entries(operators)) {
    if (!isPlainObject(fields)) {
      resolved[operator] = fields;
      continue;
    }
    const concrete: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      const positionContext = { filter: context.filter, arrayFilters, path, used };
      for (const concretePath of concretePaths(doc, path.split('.'), [], positionContext)) {
        concrete[concretePath] = value;
      }
    }
    resolved[operator] = concrete;
  }
  for (const identifier of arrayFilters.keys()) {
    if (!used.has(identifier)) {
      throw new CommandError(
        'FailedToParse',
        `The array filter for identifier '${identifier}' was not used in the update`,
      );
    }
  }
  return resolved;
}

interface PositionContext {
  filter?: Document;
  arrayFilters: Map<string, Query>;
  path: string;
  used: Set<string>;
}

function concretePaths(node: unknown, parts: string[], prefix: string[], context: PositionContext): string[] {
  const [part, ...rest] = parts;
  if (part === undefined) return [prefix.join('.')];
  const indexes = positions(node, part, prefix, context);
  if (!indexes) return concretePaths(child(node, part), rest, [...prefix, part], context);
  return indexes.flatMap((index) =>
    concretePaths((node as unknown[])[index], rest, [...prefix, String(index)], context),
  );
}

/** The indexes a positional path part names, or `undefined` for an ordinary field name. */
function positions(
  node: unknown,
  part: string,
  prefix: string[],
  context: PositionContext,
): number[] | undefined {
  const identifier = FILTERED.exec(part)?.[1];
  if (part !== '$' && part !== '$[]' && identifier === undefined) return undefined;
  const arrayPath = prefix.join('.');
  if (part === '$') return [matchedPosition(node, arrayPath, context.filter ?? {})];
  if (node === undefined || node === null) {
    throw new CommandError(
      'BadValue',
      `The path '${arrayPath}' must exist in the document in order to apply array updates.`,
    );
  }
  if (!Array.isArray(node)) {
    throw new CommandError('BadValue', `Cannot apply array updates to non-array element ${arrayPath}`);
  }
  const all = node.map((_, index) => index);
  if (identifier === undefined) return all;
  const query = context.arrayFilters.get(identifier);
  if (!query) {
    throw new CommandError(
      'BadValue',
      `No array filter found for identifier '${identifier}' in path '${context.path}'`,
    );
  }
  context.used.add(identifier);
  return all.filter((index) => query.test({ [identifier]: node[index] }));
}

/** The first element that satisfies the query's clauses on this array, as mongod records it. */
function matchedPosition(node: unknown, arrayPath: string, filter: Document): number {
  const clauses = clausesOn(filter, arrayPath);
  const index =
    Array.isArray(node) && Object.keys(clauses).length > 0
      ? node.findIndex((element) => {
          const probe: Document = {};
          setPath(probe, arrayPath, [element]);
          return new Query(clauses).test(probe);
        })
      : -1;
  if (index < 0) {
    throw new CommandError(
      'BadValue',
      'The positional operator did not find the match needed from the query.',
    );
  }
  return index;
}

function clausesOn(filter: Document, arrayPath: string, into: Document = {}): Document {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) clausesOn(clause, arrayPath, into);
    } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
      into[key] = value;
    }
  }
  return into;
}

function filtersByIdentifier(arrayFilters: Document[]): Map<string, Query> {
  const grouped = new Map<string, Document>();
  for (const filter of arrayFilters) {
    const identifiers = new Set(Object.keys(filter).map((key) => key.split('.')[0] as string));
    const [identifier] = identifiers;
    if (identifiers.size !== 1 || identifier === undefined || grouped.has(identifier)) {
      throw new CommandError('FailedToParse', 'Each array filter must use a single top-level field name');
    }
    grouped.set(identifier, filter);
  }
  return new Map([...grouped].map(([identifier, filter]) => [identifier, new Query(filter)]));
}

function child(node: unknown, part: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Document)[part] : undefined;
}

function updatedPaths(operators: Document): string[] {
  return Object.entries(operators).flatMap(([operator, fields]) => {
    if (!isPlainObject(fields)) return [];
    const targets = operator === '$rename' ? Object.values(fields).map(String) : [];
    return [...Object.keys(fields), ...targets];
  });
}

/** Drops keys whose value is undefined, so `{ ...DEFAULTS, ...withoutUndefined(options) }` keeps defaults. */
export function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

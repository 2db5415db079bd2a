/** Everything `onError` received, messages and causes included, as one text to search for leaks. */
export function errorText(errors: unknown[]): string {
  const parts: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 8 || value === undefined || value === null) return;
    if (value instanceof Error) {
      parts.push(value.name, value.message, value.stack ?? '');
      walk(value.cause, depth + 1);
      return;
    }
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  };
  for (const err of errors) walk(err, 0);
  return parts.join('\n');
}

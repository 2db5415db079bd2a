import type { Connection } from 'mongoose';

/** Database commands seen so far, by `command collection` (e.g. `insert socialauth_sessions`). */
export type CommandCounts = Record<string, number>;

/**
 * Counts every command the app sends to MongoDB (driver command monitoring), so a benchmark can
 * report database operations per request without trusting the server's own statistics.
 * The connection must be opened with `monitorCommands: true`.
 *
 * @example
 * const connection = await mongoose.createConnection(uri, { monitorCommands: true }).asPromise();
 * const counts = countCommands(connection);
 */
export function countCommands(connection: Connection): () => CommandCounts {
  const counts: CommandCounts = {};
  connection.getClient().on('commandStarted', (event) => {
    const target = event.command[event.commandName];
    const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return () => ({ ...counts });
}

/** Commands per request between two snapshots, most frequent first. */
export function commandsPerRequest(
  before: CommandCounts,
  after: CommandCounts,
  requests: number,
): { total: number; byCommand: [string, number][] } {
  const byCommand: [string, number][] = Object.keys(after)
    .map((key): [string, number] => [key, ((after[key] ?? 0) - (before[key] ?? 0)) / requests])
    .filter(([, perRequest]) => perRequest > 0)
    .sort((a, b) => b[1] - a[1]);
  return { total: byCommand.reduce((sum, [, perRequest]) => sum + perRequest, 0), byCommand };
}

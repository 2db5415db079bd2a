import type { Document } from 'bson';
import type { CursorRegistry } from '../cursors';
import type { Storage } from '../store/storage';

/** What every command handler can reach: the data, the cursors, and who is asking. */
export interface CommandContext {
  storage: Storage;
  cursors: CursorRegistry;
  dbName: string;
  connectionId: number;
}

/** A command handler answers synchronously, which makes each command atomic for free. */
export type CommandHandler = (command: Document, context: CommandContext) => Document;

/** The collection name a command targets (`{find: 'users'}` → `users`). */
export function collectionName(command: Document, commandName: string): string {
  const name = command[commandName];
  return typeof name === 'string' ? name : '';
}

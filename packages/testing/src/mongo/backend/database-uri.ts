import { randomBytes } from 'node:crypto';

const URI_PATTERN = /^(mongodb(?:\+srv)?:\/\/)([^@/?]*@)?([^/?]+)(?:\/([^?]*))?(?:\?(.*))?$/;

/** A database name no other test file will pick: `<prefix>_<pid>_<random>` (within mongod's 64 bytes). */
export function uniqueDatabaseName(prefix = 'test'): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return `${safe}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * `uri` pointed at database `dbName`. When the URI carries credentials, their original
 * authentication database is kept via `authSource`, since switching databases must not change it.
 */
export function withDatabase(uri: string, dbName: string): string {
  const match = URI_PATTERN.exec(uri);
  if (!match) throw new Error(`Not a MongoDB connection string: ${redactUri(uri)}`);
  const [, scheme, credentials = '', hosts, originalDb = '', query = ''] = match;
  const params = new URLSearchParams(query);
  if (credentials && !params.has('authSource')) params.set('authSource', originalDb || 'admin');
  const search = params.toString();
  return `${scheme}${credentials}${hosts}/${dbName}${search ? `?${search}` : ''}`;
}

/** The URI without its password, fit for a log line. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Drops one database through the driver mongoose ships, so nothing else is needed at runtime. */
export async function dropDatabase(uri: string): Promise<void> {
  const { default: mongoose } = await import('mongoose');
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** A `mongod` that can start without a download, or why there is none. */
export type MongodLookup = { found: true; binary: string } | { found: false; reason: string };

/**
 * Finds a usable `mongod` without downloading: `MONGOMS_SYSTEM_BINARY`, then `mongod` on `PATH`,
 * then mongodb-memory-server's download cache. A failed download costs about 7 s on machines
 * without internet, so it is only attempted when `SOCIALKIT_MONGO_DOWNLOAD=1`.
 */
export async function findMongod(env: NodeJS.ProcessEnv = process.env): Promise<MongodLookup> {
  const system = env.MONGOMS_SYSTEM_BINARY;
  if (system) {
    return (await isExecutable(system))
      ? { found: true, binary: system }
      : { found: false, reason: `MONGOMS_SYSTEM_BINARY=${system} is not executable` };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'mongod');
    if (await isExecutable(candidate)) return { found: true, binary: candidate };
  }
  try {
    const { DryMongoBinary } = await import('mongodb-memory-server');
    const cached = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions());
    if (cached) return { found: true, binary: cached };
  } catch {
    // An unknown OS or unreadable cache only means there is no cached binary.
  }
  return { found: false, reason: 'no mongod binary' };
}

/** Starts mongodb-memory-server on `binary` (or lets it download one when `binary` is undefined). */
export async function startMemoryServer(
  binary: string | undefined,
): Promise<{ uri: string; stop(): Promise<void> }> {
  const { MongoMemoryServer } = await import('mongodb-memory-server').catch(() => {
    throw new Error(
      'mongodb-memory-server is not installed (an optional peer of @socialkit/testing): add it as a dev dependency',
    );
  });
  const server = await MongoMemoryServer.create(binary ? { binary: { systemBinary: binary } } : {});
  return {
    uri: server.getUri().replace(/\/$/, ''),
    stop: async () => {
      await server.stop();
    },
  };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

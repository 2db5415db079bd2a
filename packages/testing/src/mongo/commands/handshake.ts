import { UUID } from 'bson';
import type { CommandHandler } from './context';

/** MongoDB 7.0's wire version; the driver accepts 9 (4.4) through 29. */
const MAX_WIRE_VERSION = 21;
const SERVER_VERSION = '7.0.0';

/**
 * The reply to `hello`/`isMaster`. It deliberately omits `topologyVersion` (the driver would start
 * awaitable long-polls) and `setName` (the driver would add transaction numbers): a plain standalone.
 */
export const hello: CommandHandler = (_command, { connectionId }) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

export const ping: CommandHandler = () => ({ ok: 1 });

export const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  versionArray: [7, 0, 0, 0],
  gitVersion: 'socialkit-wire-test-server',
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['memory'],
  ok: 1,
});

/** Sessions are accepted and ignored: every command is atomic and nothing is causally ordered. */
export const endSessions: CommandHandler = () => ({ ok: 1 });

export const startSession: CommandHandler = () => ({
  id: { id: new UUID() },
  timeoutMinutes: 30,
  ok: 1,
});

#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMongoTestServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string', default: '127.0.0.1' },
    'ttl-interval': { type: 'string', default: '1000' },
  },
});

const port = Number(values.port);
const ttlMonitorIntervalMs = Number(values['ttl-interval']);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  process.exit(2);
}
if (!Number.isFinite(ttlMonitorIntervalMs) || ttlMonitorIntervalMs <= 0) {
  console.error(`--ttl-interval must be a positive number of milliseconds, got "${values['ttl-interval']}"`);
  process.exit(2);
}

const server = await startMongoTestServer({ port, host: values.host, ttlMonitorIntervalMs });
console.log(server.uri);
console.error(
  'MongoDB wire-protocol test server (in memory, for development and tests only). Ctrl-C stops it.',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}

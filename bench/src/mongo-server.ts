import { startTestMongo, type TestMongo } from '@socialkit/testing';
import { serveParent } from './child';

// Runs in its own process so the database's CPU and memory never count against the app under test.
let mongo: TestMongo | undefined;
let description = '';

serveParent({
  async start() {
    mongo = await startTestMongo({
      dbName: 'bench',
      log: (line) => {
        description = line;
      },
    });
    return { uri: mongo.uri, kind: mongo.kind, description };
  },
  async stop() {
    await mongo?.stop();
    return {};
  },
});

// MongoDB for tests. The package root re-exports only startTestMongo; the wire-protocol test server
// is imported from `@socialkit/testing/mongo` on purpose, so nobody mistakes it for a database.
export { type StartTestMongoOptions, startTestMongo, type TestMongo } from './backend/start-test-mongo';
export { type MongoTestServer, type MongoTestServerOptions, startMongoTestServer } from './server';

export { type StartTestMongoOptions, startTestMongo, type TestMongo } from './backend/start-test-mongo';
export { startWireServer, type WireServer, type WireServerOptions } from './server';

export * from './apple/index';
export * from './browser/index';
export * from './facebook/index';
export * from './github/index';
export * from './google/index';
export * from './kit/index';
export * from './microsoft/index';
// The MongoDB wire-protocol test server is only at `@socialkit/testing/mongo`.
export { type StartTestMongoOptions, startTestMongo, type TestMongo } from './mongo/backend/start-test-mongo';
export * from './oidc/index';
export { type StartTestRedisOptions, startTestRedis, type TestRedis } from './redis/start-test-redis';

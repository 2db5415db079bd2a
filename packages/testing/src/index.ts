export * from './apple/index';
export * from './browser/index';
export * from './facebook/index';
export * from './github/index';
export * from './google/index';
export * from './kit/index';
export * from './microsoft/index';
export * from './mongo/index';

export {
  DEFAULT_FACEBOOK_ACCOUNTS,
  DEFAULT_GOOGLE_ACCOUNTS,
  type SandboxAccount,
} from './accounts';
export type { BadIdTokens } from './bad-tokens';
export { createPkcePair, pkceChallenge } from './codes';
export type { FakeServer } from './fake';
export type { Fault, FaultController } from './faults';
export type { Interception } from './intercept';
export type { SigningAlg } from './keys';
export type { RecordedRequest } from './route';
export { type FakeProviders, type FakeProvidersOptions, startFakeProviders } from './start-fake-providers';

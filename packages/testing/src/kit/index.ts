export {
  DEFAULT_FACEBOOK_ACCOUNTS,
  DEFAULT_GOOGLE_ACCOUNTS,
  type SandboxAccount,
} from './accounts';
export type { Fault, FaultController } from './faults';
export type { Interception } from './intercept';
export type { RecordedRequest } from './route';
export { type FakeProviders, startFakeProviders } from './start-fake-providers';

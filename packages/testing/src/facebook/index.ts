export { createFakeFacebook } from './fake-facebook';
export type {
  FacebookProviderOptions,
  FacebookTokenType,
  FacebookUser,
  FakeFacebook,
  FakeFacebookOptions,
  IssueUserTokenOptions,
} from './types';

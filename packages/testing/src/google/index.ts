// Shared by both fakes; re-exported here so the package root exposes it.
export type { GoogleBadTokens } from './bad-tokens';
export { createFakeGoogle } from './fake-google';
export { GOOGLE_ISSUER } from './id-token';
export type {
  FakeGoogle,
  FakeGoogleOptions,
  GoogleIdClaims,
  GoogleProviderOptions,
  GoogleUser,
  MintOptions,
} from './types';

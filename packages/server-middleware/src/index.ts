export {
  AccountExistsError,
  ERROR_STATUS,
  type ErrorCode,
  InternalError,
  InvalidRefreshTokenError,
  InvalidRequestError,
  InvalidTokenError,
  PayloadTooLargeError,
  ProviderUnavailableError,
  RateLimitedError,
  SignupNotAllowedError,
  SocialAuthConfigError,
  SocialAuthError,
  StoreUnavailableError,
  TokenExpiredError,
  UnknownProviderError,
  UnsupportedMediaTypeError,
} from './errors';
export type { RequireAuthOptions } from './http/guard';
export {
  type MemoryRateLimitStoreOptions,
  memoryRateLimitStore,
  type RateLimitStore,
} from './http/rate-limit';
export { type SocialAuth, socialAuth } from './middleware';
export {
  createIdTokenVerifier,
  ID_TOKEN_ALGORITHMS,
  type IdTokenAlgorithm,
  type IdTokenJwksOptions,
  type IdTokenVerifier,
  type IdTokenVerifierOptions,
} from './providers/id-token';
export type { Credential, CredentialKind, Provider } from './providers/index';
export {
  createJwksCache,
  type JwksCache,
  type JwksCacheOptions,
  type JwksCacheStatus,
  type JwsKeyHint,
} from './providers/jwks-cache';
export type { NonceService } from './sessions/nonces';
export type { RefreshTokenService } from './sessions/refresh-tokens';
export type { RevokedAccessTokenService } from './sessions/revoked-access-tokens';
export type { AccessTokenService } from './tokens/access-tokens';
export type {
  AccessTokenClaims,
  AfterLoginContext,
  AuthInfo,
  FacebookOptions,
  GoogleOptions,
  ProviderId,
  PublicUser,
  RateLimitOptions,
  SessionBody,
  SocialAuthOptions,
  SocialAuthUserFields,
  SocialAuthUserIdentity,
  TokenOptions,
  UserModelLike,
  UserOptions,
  VerifiedProfile,
} from './types';
export { socialAuthUserPlugin } from './users/schema';

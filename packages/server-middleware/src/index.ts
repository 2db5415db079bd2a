export {
  type AccountExistsDetails,
  AccountExistsError,
  ERROR_STATUS,
  type ErrorCode,
  ForbiddenOriginError,
  IdentityInUseError,
  InternalError,
  InvalidRefreshTokenError,
  InvalidRequestError,
  InvalidTokenError,
  LastIdentityError,
  NotFoundError,
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
export type { OnEvent, SocialAuthEvent, SocialAuthEventType } from './events';
export { type SocialAuthErrorHandlerOptions, socialAuthErrorHandler } from './http/error-handler';
export type { RequireAuthOptions } from './http/guard';
export {
  type GlobalLimitOption,
  type MemoryRateLimitStoreOptions,
  memoryRateLimitStore,
  type RateLimitStore,
  type StoreErrorPolicy,
} from './http/rate-limit';
export { type SocialAuth, socialAuth } from './middleware';
export { DEFAULTS, type SocialAuthOptions } from './options';
export { type AppleFlow, type AppleOptions, apple } from './providers/apple';
export { type FacebookOptions, facebook } from './providers/facebook';
export { type GitHubFlow, type GitHubOptions, github } from './providers/github';
export { type GoogleFlow, type GoogleOptions, google } from './providers/google';
export type { JsonResponse, ProviderHttp } from './providers/http';
export {
  createIdTokenVerifier,
  ID_TOKEN_ALGORITHMS,
  type IdTokenAlgorithm,
  type IdTokenJwksOptions,
  type IdTokenVerifier,
  type IdTokenVerifierOptions,
} from './providers/id-token';
export type {
  CredentialFields,
  CredentialSpec,
  FieldRule,
  SocialProvider,
  VerifiedProfile,
  VerifyContext,
} from './providers/index';
export {
  createJwksCache,
  type JwksCache,
  type JwksCacheOptions,
  type JwksCacheStatus,
  type JwsKeyHint,
} from './providers/jwks-cache';
export { type MicrosoftFlow, type MicrosoftOptions, microsoft } from './providers/microsoft';
export { type OidcFlow, type OidcOptions, oidc } from './providers/oidc';
export { type MongoRateLimitStoreOptions, mongoRateLimitStore } from './rate-limit/mongo-store';
export {
  type RedisClientLike,
  type RedisRateLimitStoreOptions,
  redisRateLimitStore,
} from './rate-limit/redis-store';
export type { AccessTokenService } from './tokens/access-tokens';
export type {
  AccessTokenClaims,
  AfterLoginContext,
  AuthInfo,
  PublicUser,
  RateLimitOptions,
  SessionBody,
  SocialAuthUserFields,
  SocialAuthUserIdentity,
  TokenOptions,
  UserModelLike,
  UserOptions,
} from './types';
export { socialAuthUserPlugin } from './users/schema';

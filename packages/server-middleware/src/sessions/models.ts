import { type Connection, type Model, Schema } from 'mongoose';

export interface RefreshTokenRecord {
  /** SHA-256 of the token; the token itself is never stored. */
  hash: string;
  userId: string;
  familyId: string;
  familyExpiresAt: Date;
  /** TTL index: MongoDB deletes the record once the family's absolute lifetime is over. */
  expiresAt: Date;
  rotatedAt?: Date;
  /** Successor encrypted under a key derived from this token, for the reuse grace window only. */
  successor?: string;
  revokedAt?: Date;
}

export interface NonceRecord {
  value: string;
  expiresAt: Date;
}

export interface RevokedAccessTokenRecord {
  /** The signed-out access token's `jti`. */
  jti: string;
  /** TTL index: the entry goes once the token would have expired anyway. */
  expiresAt: Date;
}

/** One signed-in device: a refresh-token family (DESIGN.md "API tokens and sessions"). */
export interface SessionRecord {
  /** The refresh family id, also the `sid` claim of every access token of this session. */
  _id: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** A short label such as "Chrome on Linux", never the raw header. */
  userAgent: string | null;
  familyExpiresAt: Date;
  /**
   * TTL index. Outlives the family by the access-token lifetime, so a revoked session keeps
   * refusing its last access tokens until they would have expired anyway.
   */
  expiresAt: Date;
  revokedAt?: Date;
}

/** A pending link offered with 409 `account_exists` (DESIGN.md "Users and linking", step 3). */
export interface LinkTokenRecord {
  /** SHA-256 of the token; the token itself is never stored. */
  hash: string;
  /** The existing account that must be proven to complete the link. */
  userId: string;
  /** The verified identity waiting to be linked. */
  identity: {
    provider: string;
    subject: string;
    email?: string;
    emailVerified: boolean;
  };
  /** TTL index; also checked on use because TTL cleanup runs only about once a minute. */
  expiresAt: Date;
}

const ownModelOptions = { bufferCommands: false, autoIndex: false, autoCreate: false } as const;

export function refreshTokenModel(connection: Connection): Model<RefreshTokenRecord> {
  const existing = connection.models.SocialAuthRefreshToken as Model<RefreshTokenRecord> | undefined;
  if (existing) return existing;
  const schema = new Schema<RefreshTokenRecord>(
    {
      hash: { type: String, required: true },
      userId: { type: String, required: true },
      familyId: { type: String, required: true },
      familyExpiresAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      rotatedAt: Date,
      successor: String,
      revokedAt: Date,
    },
    { ...ownModelOptions, collection: 'socialauth_refresh_tokens' },
  );
  schema.index({ hash: 1 }, { unique: true });
  schema.index({ familyId: 1 });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model('SocialAuthRefreshToken', schema);
}

export function nonceModel(connection: Connection): Model<NonceRecord> {
  const existing = connection.models.SocialAuthNonce as Model<NonceRecord> | undefined;
  if (existing) return existing;
  const schema = new Schema<NonceRecord>(
    { value: { type: String, required: true }, expiresAt: { type: Date, required: true } },
    { ...ownModelOptions, collection: 'socialauth_nonces' },
  );
  schema.index({ value: 1 }, { unique: true });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model('SocialAuthNonce', schema);
}

export function revokedAccessTokenModel(connection: Connection): Model<RevokedAccessTokenRecord> {
  const existing = connection.models.SocialAuthRevokedAccessToken as
    | Model<RevokedAccessTokenRecord>
    | undefined;
  if (existing) return existing;
  const schema = new Schema<RevokedAccessTokenRecord>(
    { jti: { type: String, required: true }, expiresAt: { type: Date, required: true } },
    { ...ownModelOptions, collection: 'socialauth_revoked_tokens' },
  );
  schema.index({ jti: 1 }, { unique: true });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model('SocialAuthRevokedAccessToken', schema);
}

export function sessionModel(connection: Connection): Model<SessionRecord> {
  const existing = connection.models.SocialAuthSession as Model<SessionRecord> | undefined;
  if (existing) return existing;
  const schema = new Schema<SessionRecord>(
    {
      _id: { type: String, required: true },
      userId: { type: String, required: true },
      createdAt: { type: Date, required: true },
      lastUsedAt: { type: Date, required: true },
      userAgent: { type: String, default: null },
      familyExpiresAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      revokedAt: Date,
    },
    { ...ownModelOptions, collection: 'socialauth_sessions', versionKey: false },
  );
  schema.index({ userId: 1 });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model('SocialAuthSession', schema);
}

export function linkTokenModel(connection: Connection): Model<LinkTokenRecord> {
  const existing = connection.models.SocialAuthLinkToken as Model<LinkTokenRecord> | undefined;
  if (existing) return existing;
  const schema = new Schema<LinkTokenRecord>(
    {
      hash: { type: String, required: true },
      userId: { type: String, required: true },
      identity: {
        provider: { type: String, required: true },
        subject: { type: String, required: true },
        email: String,
        emailVerified: { type: Boolean, required: true },
      },
      expiresAt: { type: Date, required: true },
    },
    { ...ownModelOptions, collection: 'socialauth_link_tokens', versionKey: false },
  );
  schema.index({ hash: 1 }, { unique: true });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  return connection.model('SocialAuthLinkToken', schema);
}

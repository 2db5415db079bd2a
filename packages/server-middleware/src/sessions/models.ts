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

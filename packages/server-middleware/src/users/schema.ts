import { Schema as MongooseSchema, type Schema } from 'mongoose';

const identitySchema = new MongooseSchema(
  {
    provider: { type: String, required: true },
    subject: { type: String, required: true },
    email: { type: String },
    emailVerified: { type: Boolean, required: true, default: false },
    linkedAt: { type: Date, required: true },
    lastLoginAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * Adds the fields and indexes socialkit needs to an app's own user schema. `email` must hold only
 * verified, lower-cased emails; an unverified claim stays on the identity, so it can never take
 * over or block an account (nOAuth, pre-account takeover). Sign-in looks a user up by
 * `{ email, emailVerified: true }`: an address your own code stores without verifying it must keep
 * `emailVerified: false` (the default), and then never lets a social sign-in into that user.
 *
 * @example
 * const userSchema = new Schema({ plan: String });
 * userSchema.plugin(socialAuthUserPlugin);
 * const User = mongoose.model('User', userSchema);
 * socialAuth({ users: { model: User }, ... });
 */
export function socialAuthUserPlugin(schema: Schema): void {
  schema.add({
    email: { type: String, lowercase: true, trim: true },
    emailVerified: { type: Boolean, default: false },
    name: { type: String },
    picture: { type: String },
    // No default: users without identities must lack the field so the unique index ignores them.
    identities: { type: [identitySchema], default: undefined },
    disabled: { type: Boolean },
    lastLoginAt: { type: Date },
  });
  schema.index(
    { email: 1 },
    { unique: true, name: 'socialauth_email', partialFilterExpression: { email: { $type: 'string' } } },
  );
  schema.index(
    { 'identities.provider': 1, 'identities.subject': 1 },
    {
      unique: true,
      name: 'socialauth_identity',
      partialFilterExpression: { 'identities.subject': { $exists: true } },
    },
  );
  schema.set('timestamps', true);
}

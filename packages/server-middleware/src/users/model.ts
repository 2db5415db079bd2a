import { type Connection, type Model, Schema } from 'mongoose';
import { SocialAuthConfigError } from '../errors';
import type { SocialAuthUserFields, UserModelLike } from '../types';
import { socialAuthUserPlugin } from './schema';

export type UserModel = Model<SocialAuthUserFields>;

/** The default users model, or the app's own one after checking it carries the plugin. */
export function userModel(connection: Connection, custom?: UserModelLike): UserModel {
  if (custom) {
    if (!custom.schema.paths.identities || !custom.schema.paths.email) {
      throw new SocialAuthConfigError(
        'socialAuth: `users.model` must use `socialAuthUserPlugin` (schema.plugin(socialAuthUserPlugin)).',
      );
    }
    return custom as unknown as UserModel;
  }
  const existing = connection.models.SocialAuthUser as UserModel | undefined;
  if (existing) return existing;
  const schema = new Schema(
    {},
    { bufferCommands: false, autoIndex: false, autoCreate: false, collection: 'users' },
  );
  socialAuthUserPlugin(schema);
  return connection.model<SocialAuthUserFields>('SocialAuthUser', schema);
}

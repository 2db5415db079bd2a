import { Schema } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocialAuthConfigError, socialAuthUserPlugin } from '../src/index';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('an app-provided User model', () => {
  it('works once the schema uses socialAuthUserPlugin', async () => {
    const schema = new Schema({ plan: { type: String, default: 'free' } }, { collection: 'app_users' });
    schema.plugin(socialAuthUserPlugin);
    const AppUser = h.connection.model('AppUser', schema);
    const { app } = h.app({
      google: { ...h.fakes.google.options, nonce: 'optional' },
      users: { model: AppUser },
    });
    const idToken = await h.fakes.google.mintIdToken();
    const res = await request(app).post('/auth/google').send({ idToken }).expect(200);
    const stored = await AppUser.findById(res.body.user.id).lean();
    expect(stored).toMatchObject({ plan: 'free', email: 'ada@example.com' });
    const indexes = await AppUser.collection.indexes();
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['socialauth_email', 'socialauth_identity']),
    );
  });

  it('is refused at startup without the plugin', () => {
    const Plain = h.connection.model('PlainUser', new Schema({ name: String }));
    expect(() => h.app({ users: { model: Plain } })).toThrow(SocialAuthConfigError);
  });
});

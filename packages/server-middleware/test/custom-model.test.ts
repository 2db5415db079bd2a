import { Schema } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facebook, google, SocialAuthConfigError, socialAuthUserPlugin } from '../src/index';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const providers = () => ({
  providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
});

describe('an app-provided User model', () => {
  it('works once the schema uses socialAuthUserPlugin', async () => {
    const schema = new Schema({ plan: { type: String, default: 'free' } }, { collection: 'app_users' });
    schema.plugin(socialAuthUserPlugin);
    const AppUser = h.connection.model('AppUser', schema);
    const { app } = h.app({ ...providers(), users: { model: AppUser } });
    const idToken = await h.fakes.google.mintIdToken();
    const res = await request(app).post('/auth/google').send({ idToken }).expect(200);
    const stored = await AppUser.findById(res.body.user.id).lean();
    expect(stored).toMatchObject({ plan: 'free', email: 'ada@example.com' });
    const indexes = await AppUser.collection.indexes();
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['socialauth_email', 'socialauth_identity']),
    );
  });

  it('never lands a verified sign-in in a user whose model holds the address unverified (pre-account takeover)', async () => {
    const schema = new Schema({ plan: String }, { collection: 'app_users_signup' });
    schema.plugin(socialAuthUserPlugin);
    const AppUser = h.connection.model('AppSignupUser', schema);
    const { app } = h.app({ ...providers(), users: { model: AppUser } });
    // The app's own sign-up form stored an address nobody verified, e.g. typed by an attacker.
    const { insertedId } = await AppUser.collection.insertOne({
      email: 'ada@example.com',
      emailVerified: false,
      plan: 'attacker',
    });
    const idToken = await h.fakes.google.mintIdToken();
    const res = await request(app).post('/auth/google').send({ idToken });
    expect(res.status).toBe(200);
    expect(res.body.user.id).not.toBe(String(insertedId));
    expect(res.body).toMatchObject({ isNewUser: true });
    const untouched = await AppUser.collection.findOne({ _id: insertedId });
    expect(untouched).toMatchObject({ plan: 'attacker', email: 'ada@example.com', emailVerified: false });
    expect(untouched?.identities).toBeUndefined();
  });

  it('is refused at startup without the plugin', () => {
    const Plain = h.connection.model('PlainUser', new Schema({ name: String }));
    expect(() => h.app({ users: { model: Plain } })).toThrow(SocialAuthConfigError);
  });
});

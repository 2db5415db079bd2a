import { createHash, randomBytes } from 'node:crypto';
import type express from 'express';
import request from 'supertest';
import type { SocialProvider } from '../../../src/providers/plugin';
import type { Harness } from '../../support/harness';

/** The host the test apps are reached at, so the router's callback URL is predictable. */
export const APP_HOST = 'app.test';

/** `{origin}{mount}/callback/{id}` as the router computes it for requests to `APP_HOST`. */
export const callbackUrl = (id: string) => `http://${APP_HOST}/auth/callback/${id}`;

/** A redirect URI registered in a provider's `redirectUris` option (e.g. a native app's). */
export const LISTED_REDIRECT = 'https://native.example/oauth/done';

/** An app whose only providers are `providers`. */
export function providerApp(h: Harness, providers: SocialProvider[]) {
  return h.app({ providers } as Parameters<Harness['app']>[0]);
}

/** `POST /auth/{path}` to the app as a browser on `APP_HOST` would send it. */
export function post(app: express.Express, path: string, body: object) {
  return request(app).post(`/auth/${path}`).set('Host', APP_HOST).send(body);
}

export async function nonceOf(app: express.Express): Promise<string> {
  const res = await request(app).post('/auth/nonce').set('Host', APP_HOST).expect(200);
  return res.body.nonce as string;
}

/** A PKCE pair as the SDK's popup flow makes one (RFC 7636 §4.1–4.2). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** What the users collection holds, for assertions about what a sign-in stored. */
export async function users(h: Harness) {
  return h.connection.collection('users').find({}).sort({ _id: 1 }).toArray();
}

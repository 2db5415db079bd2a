import { createFakeGoogle, type FakeGoogle } from '@socialkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './support/demo';

let google: FakeGoogle;
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let ada: string;
let grace: string;

async function signIn(sub: string, email: string): Promise<string> {
  return (await startSession(sub, email)).token;
}

async function startSession(sub: string, email: string): Promise<{ token: string; refreshToken: string }> {
  const { nonce } = (await (await fetch(`${demo.origin}/auth/nonce`, { method: 'POST' })).json()) as {
    nonce: string;
  };
  const idToken = await google.mintIdToken({ sub, email, nonce });
  const response = await fetch(`${demo.origin}/auth/google`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { token: string; refreshToken: string };
}

function api(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${demo.origin}/api${path}`, { ...init, headers });
}

const postNote = (token: string, body: unknown, contentType = 'application/json') =>
  api('/notes', token, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  google = createFakeGoogle();
  await google.listen();
  demo = await startTestDemo({ GOOGLE_CLIENT_ID: google.clientId, GOOGLE_JWKS_URI: google.options.jwksUri });
  [ada, grace] = await Promise.all([
    signIn('ada-1', 'ada@example.com'),
    signIn('grace-1', 'grace@example.com'),
  ]);
});

afterAll(async () => {
  await demo?.close();
  await google?.close();
});

describe('notes API', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['a Google ID token instead of our access token', 'GOOGLE'],
  ])('answers 401 with a Bearer challenge for %s', async (_name, token) => {
    const bearer = token === 'GOOGLE' ? await google.mintIdToken() : token;
    for (const response of [await api('/notes', bearer), await postNote(bearer as string, { text: 'x' })]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(await response.json()).toEqual({
        error: { code: 'invalid_token', message: expect.any(String) },
      });
    }
  });

  it('keeps each user’s notes to that user', async () => {
    const created = await postNote(ada, { text: '  Analytical engine notes  ' });
    expect(created.status).toBe(201);
    const { note } = (await created.json()) as { note: { id: string; text: string; createdAt: string } };
    expect(note).toEqual({
      id: expect.any(String),
      text: 'Analytical engine notes',
      createdAt: expect.any(String),
    });
    expect((await postNote(grace, { text: 'COBOL draft' })).status).toBe(201);

    const adaNotes = (await (await api('/notes', ada)).json()) as { notes: { text: string }[] };
    const graceNotes = (await (await api('/notes', grace)).json()) as { notes: { text: string }[] };
    expect(adaNotes.notes.map((n) => n.text)).toEqual(['Analytical engine notes']);
    expect(graceNotes.notes.map((n) => n.text)).toEqual(['COBOL draft']);
  });

  it('ignores a userId smuggled into the body', async () => {
    const response = await postNote(grace, { text: 'mine', userId: 'someone-else' });
    expect(response.status).toBe(201);
    const graceNotes = (await (await api('/notes', grace)).json()) as { notes: { text: string }[] };
    expect(graceNotes.notes.map((n) => n.text)).toContain('mine');
  });

  it('accepts exactly 500 characters', async () => {
    expect((await postNote(ada, { text: 'a'.repeat(500) })).status).toBe(201);
  });

  it.each([
    ['empty text', { text: '' }],
    ['only whitespace', { text: '   \n ' }],
    ['501 characters', { text: 'a'.repeat(501) }],
    ['a number', { text: 42 }],
    ['an object', { text: { $gt: '' } }],
    ['no text at all', {}],
  ])('refuses %s with 400 invalid_request', async (_name, body) => {
    const response = await postNote(ada, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', message: expect.any(String) },
    });
  });

  it('answers malformed JSON, other media types and oversized bodies with their codes', async () => {
    const cases = [
      [await postNote(ada, '{"text":'), 400, 'invalid_request'],
      [await postNote(ada, 'text=hello', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
      [await postNote(ada, { text: 'x'.repeat(10_000) }), 413, 'payload_too_large'],
    ] as const;
    for (const [response, status, code] of cases) {
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await api('/nope', ada);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('refuses an access token once it was sent along with POST /auth/logout', async () => {
    const { token, refreshToken } = await startSession('alan-1', 'alan@example.com');
    expect((await api('/notes', token)).status).toBe(200);
    const logout = await fetch(`${demo.origin}/auth/logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ refreshToken }),
    });
    expect(logout.status).toBe(204);
    const refused = await api('/notes', token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await api('/notes', ada)).status).toBe(200);
  });
});

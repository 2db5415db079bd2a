import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeFacebook } from '../../src/facebook/index';
import { createFakeGoogle, type FakeGoogle } from '../../src/google/index';

let host: Server;
let google: FakeGoogle;
let facebook: ReturnType<typeof createFakeFacebook>;

/** Mimics express.json(): drains the stream and leaves the parsed body on req.body. */
async function parseJsonFirst(req: IncomingMessage & { body?: unknown }) {
  if (req.method !== 'POST') return;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

beforeAll(async () => {
  host = createServer(async (req, res) => {
    const url = req.url ?? '/';
    for (const [prefix, fake] of [
      ['/fake-google', google],
      ['/fake-facebook', facebook],
    ] as const) {
      if (url.startsWith(prefix)) {
        if (url.includes('/sandbox/')) await parseJsonFirst(req);
        req.url = url.slice(prefix.length) || '/';
        return fake.handle(req, res);
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  google = createFakeGoogle({ baseUrl: `${origin}/fake-google` });
  facebook = createFakeFacebook({ baseUrl: `${origin}/fake-facebook/` });
});
afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

describe('fakes mounted inside another server with handle()', () => {
  it('serve their endpoints under the base URL, even behind a JSON body parser', async () => {
    expect(google.options.jwksUri).toMatch(/\/fake-google\/oauth2\/v3\/certs$/);
    const res = await fetch(`${google.baseUrl}/sandbox/id-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: google.clientId, nonce: 'n', account: 'ada@example.com' }),
    });
    const { credential } = (await res.json()) as { credential: string };
    const jwks = createRemoteJWKSet(new URL(google.options.jwksUri));
    const { payload } = await jwtVerify(credential, jwks, { audience: google.clientId });
    expect(payload).toMatchObject({
      nonce: 'n',
      picture: `${google.baseUrl}/sandbox/avatars/1234567890.svg`,
    });
    expect(google.requests.map((r) => r.path)).toEqual(['/sandbox/id-token', '/oauth2/v3/certs']);
  });

  it('builds the Graph URL from a base URL with a trailing slash', async () => {
    expect(facebook.options.graphUrl).toBe(`${facebook.baseUrl}/v23.0`);
    const token = facebook.issueUserToken();
    const res = await fetch(
      `${facebook.options.graphUrl}/me?access_token=${token}&appsecret_proof=${facebook.appSecretProof(token)}`,
    );
    expect(await res.json()).toEqual({ id: '10000000001', name: 'Ada Lovelace' });
  });

  it('refuse to give a base URL or options before one is known', () => {
    expect(() => createFakeGoogle().options).toThrow(/listen\(\)/);
    expect(() => createFakeFacebook().baseUrl).toThrow(/listen\(\)/);
  });
});

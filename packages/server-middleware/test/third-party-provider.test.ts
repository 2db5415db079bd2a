import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Everything below comes from the package's public entry, as it would for an app.
import {
  type CredentialFields,
  createIdTokenVerifier,
  google,
  type IdTokenVerifier,
  InvalidTokenError,
  type ProviderHttp,
  SocialAuthConfigError,
  type SocialProvider,
  type VerifiedProfile,
  type VerifyContext,
} from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

// ---- A provider written outside the package: "Acme ID", an OpenID-style issuer. ----

interface AcmeOptions {
  clientId: string;
  issuer: string;
  jwksUri: string;
}

function acme(options: AcmeOptions) {
  for (const key of ['clientId', 'issuer', 'jwksUri'] as const) {
    if (typeof options?.[key] !== 'string' || options[key] === '') {
      throw new SocialAuthConfigError(`acme: \`${key}\` is required.`);
    }
  }
  // One verifier (and JWKS cache) per outbound pool, built on first use.
  const verifiers = new WeakMap<ProviderHttp, IdTokenVerifier>();
  const verifierFor = ({ http, timeoutMs }: VerifyContext) => {
    let verifier = verifiers.get(http);
    if (!verifier) {
      verifier = createIdTokenVerifier({
        jwksUri: options.jwksUri,
        issuers: [options.issuer],
        audiences: [options.clientId],
        fetch: http.fetch,
        timeoutMs,
      });
      verifiers.set(http, verifier);
    }
    return verifier;
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

  return {
    id: 'acme',
    credentials: { oneOf: ['idToken'] },
    publicConfig: () => ({ clientId: options.clientId, issuer: options.issuer }),
    async verify(credential: CredentialFields, context: VerifyContext): Promise<VerifiedProfile> {
      const claims: JWTPayload = await verifierFor(context)(credential.idToken as string);
      if (claims.nonce !== undefined && typeof claims.nonce !== 'string') throw new InvalidTokenError();
      const email = text(claims.email)?.toLowerCase();
      return {
        provider: 'acme',
        subject: claims.sub as string,
        ...(email ? { email } : {}),
        emailVerified: Boolean(email) && claims.email_verified === true,
        ...(text(claims.name) ? { name: text(claims.name) } : {}),
        ...(claims.nonce ? { nonce: claims.nonce } : {}),
        nonceRequired: true,
      };
    },
  } satisfies SocialProvider<'acme'>;
}

// ---- Its local fake: a JWKS endpoint and really signed RS256 ID tokens. ----

interface FakeAcme {
  options: AcmeOptions;
  requests: string[];
  mint(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

async function startFakeAcme(): Promise<FakeAcme> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'acme-1', alg: 'RS256', use: 'sig' };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url !== '/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const options: AcmeOptions = {
    clientId: 'acme-web',
    issuer: 'https://id.acme.example',
    jwksUri: `${base}/jwks.json`,
  };
  return {
    options,
    requests,
    mint: (claims) =>
      new SignJWT({ email_verified: true, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'acme-1' })
        .setIssuer(options.issuer)
        .setAudience(options.clientId)
        .setSubject(String(claims.sub ?? 'acme-user-1'))
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---- The test: registered through the public API, signing in through the real router. ----

let h: Harness;
let fake: FakeAcme;
beforeAll(async () => {
  [h, fake] = await Promise.all([startHarness(), startFakeAcme()]);
});
afterAll(async () => {
  await Promise.all([h.close(), fake.close()]);
});
beforeEach(async () => {
  await h.clear();
  fake.requests.length = 0;
});

const appWithAcme = () => h.app({ providers: [acme(fake.options)] });
async function nonce(app: Parameters<typeof request>[0]): Promise<string> {
  return (await request(app).post('/auth/nonce').expect(200)).body.nonce;
}

describe('a provider written outside the package', () => {
  it('shows in GET /providers with its public config only', async () => {
    const { app } = appWithAcme();
    const res = await request(app).get('/auth/providers').expect(200);
    expect(res.body).toEqual({
      providers: [{ id: 'acme', clientId: 'acme-web', issuer: 'https://id.acme.example' }],
    });
  });

  it('signs in through the real router, with the server nonce consumed once', async () => {
    const { app } = appWithAcme();
    const idToken = await fake.mint({
      sub: 'acme-42',
      email: 'Lin@Example.com',
      name: 'Lin',
      nonce: await nonce(app),
    });
    const res = await request(app).post('/auth/acme').send({ idToken }).expect(200);
    expect(res.body).toMatchObject({
      isNewUser: true,
      user: { email: 'lin@example.com', emailVerified: true, name: 'Lin', providers: ['acme'] },
    });
    expect(fake.requests).toEqual(['GET /jwks.json']);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/acme').send({ idToken }),
      401,
      'invalid_token',
    );
  });

  it('links by verified email to an existing Google user', async () => {
    const both = h.app({
      providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), acme(fake.options)],
    }).app;
    const googleIdToken = await h.fakes.google.mintIdToken({
      email: 'ada@example.com',
      email_verified: true,
    });
    const first = await request(both).post('/auth/google').send({ idToken: googleIdToken }).expect(200);
    const acmeIdToken = await fake.mint({
      sub: 'acme-ada',
      email: 'ada@example.com',
      nonce: await nonce(both),
    });
    const second = await request(both).post('/auth/acme').send({ idToken: acmeIdToken }).expect(200);
    expect(second.body).toMatchObject({ isNewUser: false, user: { id: first.body.user.id } });
    expect([...second.body.user.providers].sort()).toEqual(['acme', 'google']);
    expect(await h.connection.collection('users').countDocuments()).toBe(1);
  });

  it('refuses a token signed by another key, a non-string and a credential it does not take, before any write', async () => {
    const { app } = appWithAcme();
    const before = await h.snapshot();
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'acme-1' })
      .sign((await generateKeyPair('RS256')).privateKey);
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/acme').send({ idToken: foreign }),
      401,
      'invalid_token',
    );
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/acme').send({ idToken: 42 }),
      400,
      'invalid_request',
    );
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/acme').send({ code: 'x' }),
      400,
      'invalid_request',
    );
  });

  it("records what a provider vouches for under that provider's own id, whatever it claims", async () => {
    const googleApp = h.app().app;
    const ada = await request(googleApp)
      .post('/auth/google')
      .send({ idToken: await h.fakes.google.mintIdToken({ nonce: await nonce(googleApp) }) })
      .expect(200);
    const rogue = {
      id: 'rogue',
      credentials: { oneOf: ['idToken'] },
      publicConfig: () => ({}),
      // Claims to be Google, with Ada's Google subject.
      verify: async () => ({
        provider: 'google',
        subject: h.fakes.google.defaultUser.sub,
        emailVerified: false,
      }),
    } satisfies SocialProvider<'rogue'>;
    const { app } = h.app({ providers: [rogue] });
    const res = await request(app).post('/auth/rogue').send({ idToken: 'anything' }).expect(200);
    expect(res.body.user.id).not.toBe(ada.body.user.id);
    expect(res.body.user.providers).toEqual(['rogue']);
  });
});

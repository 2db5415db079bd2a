import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, SignJWT } from 'jose';
import type { Configuration, JWK } from 'oidc-provider';

/**
 * A real OpenID Connect issuer in this process: panva's `oidc-provider` (OpenID Certified) on a
 * loopback port. Its login and consent are answered by `signInAs` without a page, so a test drives
 * the authorization endpoint with plain HTTP requests, following redirects and cookies.
 */
export interface RealIssuer {
  /** `http://127.0.0.1:{port}` — also the `issuer` of its discovery document. */
  issuer: string;
  port: number;
  /** Who the next authorization signs in as. */
  signInAs: string;
  /** Publishes a new signing key (new `kid`) and signs with it from now on. */
  rotateKeys(): Promise<void>;
  /** Key ids of the published keys, newest first. */
  kids(): string[];
  /** Every request path the issuer saw, e.g. to count JWKS fetches. */
  readonly requests: string[];
  /** Fields replacing those of the real discovery document (e.g. another `issuer`); `{}` restores it. */
  discoveryOverrides: Record<string, unknown>;
  /** While true every request gets a 503, as during an outage. */
  down: boolean;
  /**
   * An ID token signed with the issuer's current key (or as `header` says) with any claims:
   * oidc-provider never issues a wrong one, so refusal tests mint their own.
   */
  mint(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export interface IssuerClient {
  clientId: string;
  /** Absent: a public client (`token_endpoint_auth_method: none`). */
  clientSecret?: string;
  redirectUris: string[];
}

export const ISSUER_ACCOUNTS: Record<string, { email: string; email_verified?: boolean; name: string }> = {
  ada: { email: 'ada@corp.example', email_verified: true, name: 'Ada Lovelace' },
  // No `email_verified` at all: OIDC Core §5.1 gives no ground to call it verified.
  grace: { email: 'grace@corp.example', name: 'Grace Hopper' },
};

function signingKey(kid: string): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
}

export async function startRealIssuer(clients: IssuerClient[]): Promise<RealIssuer> {
  // oidc-provider 9 warns that it wants Node 22 at import; it runs on Node 20.19+ (notes/providers.md §4.5).
  const { Provider } = await import('oidc-provider');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  let keys: JWK[] = [signingKey(`k-${randomBytes(4).toString('hex')}`)];
  const requests: string[] = [];

  const build = () => {
    const configuration: Configuration = {
      clients: clients.map((client) => ({
        client_id: client.clientId,
        ...(client.clientSecret
          ? { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: client.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      })),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // Scope claims in the code flow's ID token too (by default they appear only at userinfo).
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['real-issuer-cookie-key'] },
      jwks: { keys },
      pkce: { required: () => true },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        IdToken: 600,
        Interaction: 600,
        Session: 600,
        Grant: 600,
      },
      async findAccount(_ctx, sub) {
        const account = ISSUER_ACCOUNTS[sub];
        if (!account) return undefined;
        return { accountId: sub, claims: async () => ({ sub, ...account }) };
      },
    };
    return new Provider(issuer, configuration);
  };

  let provider = build();
  const state = { signInAs: 'ada', discoveryOverrides: {} as Record<string, unknown>, down: false };

  async function interaction(req: IncomingMessage, res: ServerResponse) {
    const { params } = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: state.signInAs, clientId: String(params.client_id) });
    grant.addOIDCScope(String(params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: state.signInAs }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    requests.push(path);
    if (state.down) {
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
      return;
    }
    const overriding = Object.keys(state.discoveryOverrides).length > 0 && !req.headers['x-real-discovery'];
    if (path === '/.well-known/openid-configuration' && overriding) {
      overridden(res).catch(() => res.writeHead(500).end());
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
      return;
    }
    provider.callback()(req, res);
  });

  async function overridden(res: ServerResponse) {
    const real = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { 'x-real-discovery': '1' },
    });
    const document = { ...((await real.json()) as object), ...state.discoveryOverrides };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  }

  return {
    issuer,
    port,
    get discoveryOverrides() {
      return state.discoveryOverrides;
    },
    set discoveryOverrides(value) {
      state.discoveryOverrides = value;
    },
    get down() {
      return state.down;
    },
    set down(value) {
      state.down = value;
    },
    async mint(claims, header = {}) {
      const jwk = keys[0] as JWK;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, iat: now, exp: now + 600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid), ...header })
        .sign(await importJWK(jwk as Parameters<typeof importJWK>[0], 'RS256'));
    },
    get signInAs() {
      return state.signInAs;
    },
    set signInAs(value) {
      state.signInAs = value;
    },
    async rotateKeys() {
      // A real rotation: the new key signs, the old one stays published for tokens in flight.
      keys = [signingKey(`k-${randomBytes(4).toString('hex')}`), ...keys];
      provider = build();
    },
    kids: () => keys.map((key) => String(key.kid)),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal cookie jar: name → value, sent back on every request to the issuer. */
function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

function remember(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

/**
 * What the browser popup does at the issuer: open the authorization URL and follow redirects (with
 * cookies) until the issuer redirects to `redirectUri`; returns that final URL's query parameters.
 */
export async function authorizeAtIssuer(
  issuer: RealIssuer,
  params: Record<string, string>,
): Promise<URLSearchParams> {
  const jar = new Map<string, string>();
  let url = `${issuer.issuer}/auth?${new URLSearchParams(params)}`;
  const redirectUri = params.redirect_uri as string;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });
    remember(jar, response);
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw new Error(`the issuer answered ${response.status} without a redirect at ${url}`);
    const next = new URL(location, url);
    if (next.href.startsWith(redirectUri)) return next.searchParams;
    url = next.href;
  }
  throw new Error('too many redirects at the issuer');
}

/** The issuer's token endpoint as a public client (the browser) would call it. */
export async function redeemAtIssuer(
  issuer: RealIssuer,
  fields: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${issuer.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', ...fields }),
  });
  return (await response.json()) as Record<string, unknown>;
}

import { createSecretKey } from 'node:crypto';
import { google as googleProvider, socialAuth, type VerifyContext } from '@socialkit/express';
import type { FakeGoogle } from '@socialkit/testing';
import { hs256Floor, keyFromJwks, kidOf, rs256Floor } from './crypto-floor';
import { startGoogleAuthPeer } from './google-auth-peer';
import type { Measurement } from './report';
import { fmt, interleaved, opsPerSecond } from './stats';

export interface TokenCryptoOptions {
  /** Milliseconds per timed loop. */
  roundMs: number;
  rounds: number;
}

export const TARGETS = { hs256VsFloor: 0.25, rs256VsFloor: 0.5, googleVsPeer: 3 };

const SECRET = 'bench-api-token-secret-0123456789abcdef';

/** What the router hands a provider; an ID token needs only `fetch` (for the JWKS, fetched once). */
const VERIFY_CONTEXT: VerifyContext = {
  http: {
    fetch: globalThis.fetch,
    json: () => Promise.reject(new Error('an ID-token verify makes no JSON call')),
    close: async () => {},
  },
  timeoutMs: 5000,
  callbackUrl: 'http://127.0.0.1/auth/callback/google',
};

/**
 * Verifications per second in a tight loop (warm-up, interleaved rounds, medians): our HS256
 * access-token verify vs a bare HMAC compare, and our Google ID-token verify (warm JWKS, no nonce)
 * vs a bare RS256 `crypto.verify` and vs google-auth-library.
 *
 * @example
 * const { rows } = await measureTokenCrypto(fakeGoogle, { roundMs: 400, rounds: 5 });
 */
export async function measureTokenCrypto(
  google: FakeGoogle,
  options: TokenCryptoOptions,
): Promise<Measurement> {
  // No database step is timed: no store call happens for a token without nonce under 'optional'.
  const provider = googleProvider({ ...google.options, nonce: 'optional' });
  const auth = socialAuth({ providers: [provider], tokens: { secret: SECRET } });
  const accessToken = auth.accessTokens.sign('64b7f0c2a1b2c3d4e5f60718').token;
  const hmacFloor = hs256Floor(createSecretKey(Buffer.from(SECRET)));

  const idToken = await google.mintIdToken({ nonce: undefined });
  const rsaFloor = rs256Floor(keyFromJwks(google.jwks(), kidOf(idToken)));
  const peer = await startGoogleAuthPeer(google);
  const credential = { idToken };
  // Sanity before timing: every candidate must accept the token, or its speed means nothing.
  auth.accessTokens.verify(accessToken);
  if (!hmacFloor(accessToken) || !rsaFloor(idToken)) throw new Error('floor verifiers rejected the tokens');
  await provider.verify(credential, VERIFY_CONTEXT);
  await peer.verify(idToken);
  const jwksFetchesBefore = google.requests.length;

  try {
    const ops = await interleaved(
      {
        hs256: () => opsPerSecond(() => auth.accessTokens.verify(accessToken), options.roundMs),
        hmacFloor: () => opsPerSecond(() => hmacFloor(accessToken), options.roundMs),
        google: () => opsPerSecond(() => provider.verify(credential, VERIFY_CONTEXT), options.roundMs),
        rsaFloor: () => opsPerSecond(() => rsaFloor(idToken), options.roundMs),
        peer: () => opsPerSecond(() => peer.verify(idToken), options.roundMs),
      },
      options.rounds,
    );
    const jwksFetches = google.requests.length - jwksFetchesBefore;
    const hs = ops.hs256 / ops.hmacFloor;
    const rs = ops.google / ops.rsaFloor;
    const vsPeer = ops.google / ops.peer;
    const loop = `ops/s, median of ${options.rounds} × ${options.roundMs} ms`;
    return {
      rows: [
        {
          section: 'Token crypto',
          metric: 'HS256 access-token verify (guard path) vs HMAC-SHA256 compare',
          value: fmt.int(ops.hs256),
          baseline: fmt.int(ops.hmacFloor),
          ratio: fmt.ratio(hs),
          target: `≥ ${TARGETS.hs256VsFloor.toFixed(2)}×`,
          pass: hs >= TARGETS.hs256VsFloor,
          note: `${loop}; the service's node:crypto path for the header it signs (jsonwebtoken for any other)`,
        },
        {
          section: 'Token crypto',
          metric: 'Google ID-token verify (provider, warm JWKS) vs RS256 crypto.verify',
          value: fmt.int(ops.google),
          baseline: fmt.int(ops.rsaFloor),
          ratio: fmt.ratio(rs),
          target: `≥ ${TARGETS.rs256VsFloor.toFixed(2)}×`,
          pass: rs >= TARGETS.rs256VsFloor,
          note: `${loop}; nonce 'optional', token without nonce (no DB step); ${jwksFetches} JWKS fetches while timed`,
        },
        {
          section: 'Token crypto',
          metric: 'Google ID-token verify vs google-auth-library verifyIdToken',
          value: fmt.int(ops.google),
          baseline: fmt.int(ops.peer),
          ratio: fmt.ratio(vsPeer),
          target: `≥ ${TARGETS.googleVsPeer.toFixed(2)}×`,
          pass: vsPeer >= TARGETS.googleVsPeer,
          note: `${loop}; OAuth2Client with PEM certs served on 127.0.0.1 (cached, ${peer.certRequests()} fetch)`,
        },
      ],
      numbers: { ...ops, hs256Ratio: hs, rs256Ratio: rs, peerRatio: vsPeer },
    };
  } finally {
    await Promise.all([peer.close(), auth.close()]);
  }
}

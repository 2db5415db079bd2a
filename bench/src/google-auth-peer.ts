import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeGoogle } from '@socialkit/testing';
import { OAuth2Client } from 'google-auth-library';
import { keyFromJwks } from './crypto-floor';

/**
 * google-auth-library's `OAuth2Client.verifyIdToken`, fed the fake Google's keys in the PEM map
 * format of `https://www.googleapis.com/oauth2/v1/certs` from a local server (cached by max-age).
 *
 * @example
 * const peer = await startGoogleAuthPeer(google);
 * await peer.verify(idToken);
 * await peer.close();
 */
export async function startGoogleAuthPeer(google: FakeGoogle) {
  const jwks = google.jwks();
  const pems = Object.fromEntries(
    jwks.keys.map((jwk) => [
      String(jwk.kid),
      keyFromJwks(jwks, String(jwk.kid)).export({ type: 'spki', format: 'pem' }).toString(),
    ]),
  );
  let certRequests = 0;
  const server = createServer((_req, res) => {
    certRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=21600' });
    res.end(JSON.stringify(pems));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v1/certs`;
  const client = new OAuth2Client({
    clientId: google.clientId,
    endpoints: { oauth2FederatedSignonPemCertsUrl: url },
  });
  return {
    verify: (idToken: string) => client.verifyIdToken({ idToken, audience: google.clientId }),
    certRequests: () => certRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type FacebookOptions, facebook, type GoogleOptions, google, socialAuth } from '@socialkit/express';
import {
  type FakeProviders,
  installJsdomStandIns,
  type JsdomStandIns,
  startFakeProviders,
  startTestMongo,
  type TestMongo,
} from '@socialkit/testing';
import { screen, waitFor, within } from '@testing-library/react';
import express from 'express';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  readmeExample,
  type WrittenExamples,
  writeReadmeExamples,
} from '../../../../scripts/readme-examples';
import { facebookReady, googleButton } from '../support/sandbox-ui';

// The quick start's three blocks, run as written: the server lines mount the real router (only the
// provider URLs point at the fakes), and main.tsx + App.tsx render in a page served from that origin.
const readme = join(import.meta.dirname, '../../README.md');
const SERVER_WRAPPER = (snippet: string) => `
import type { facebook as Facebook, google as Google, socialAuth as SocialAuth } from '@socialkit/express';
import type { Express, RequestHandler } from 'express';
import type { Connection } from 'mongoose';

export interface QuickStartServer {
  app: Express;
  connection: Connection;
  clientId: string;
  appId: string;
  appSecret: string;
  secret: string;
  listNotes: RequestHandler;
  socialAuth: typeof SocialAuth;
  google: typeof Google;
  facebook: typeof Facebook;
}

export function mountQuickStart({ app, connection, clientId, appId, appSecret, secret, listNotes, socialAuth, google, facebook }: QuickStartServer) {
${snippet}
}
`;

let fakes: FakeProviders;
let mongo: TestMongo;
let connection: Connection;
let server: ReturnType<express.Express['listen']>;
let examples: WrittenExamples;
let standIns: JsdomStandIns;

beforeAll(async () => {
  fakes = await startFakeProviders();
  mongo = await startTestMongo({ log: () => {} });
  connection = await mongoose.createConnection(mongo.uri).asPromise();
  examples = await writeReadmeExamples(join(import.meta.dirname, 'gen'), {
    'server.ts': SERVER_WRAPPER(readmeExample(readme, 'react-server')),
    'main.tsx': readmeExample(readme, 'react-main'),
    'App.tsx': readmeExample(readme, 'react-app'),
  });

  const { mountQuickStart } = (await import(examples.files['server.ts'] as string)) as {
    mountQuickStart(deps: Record<string, unknown>): void;
  };
  const app = express();
  const { jwksUri, tokenInfoUrl, userInfoUrl, tokenUrl } = fakes.google.options;
  mountQuickStart({
    app,
    connection,
    clientId: fakes.google.clientId,
    appId: fakes.facebook.appId,
    appSecret: fakes.facebook.appSecret,
    secret: 'react-quick-start-secret-of-32-bytes!',
    listNotes: (req: express.Request, res: express.Response) => res.json({ owner: req.auth?.userId }),
    socialAuth,
    google: (options: GoogleOptions) => google({ ...options, jwksUri, tokenInfoUrl, userInfoUrl, tokenUrl }),
    facebook: (options: FacebookOptions) =>
      facebook({ ...options, graphUrl: fakes.facebook.options.graphUrl }),
  });
  server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The page is served by that server, so `apiUrl="/auth"` is same-origin, as in a browser.
  (globalThis as unknown as { jsdom: { reconfigure(options: { url: string }): void } }).jsdom.reconfigure({
    url: `${origin}/`,
  });
  const nodeFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    nodeFetch(typeof input === 'string' ? new URL(input, window.location.href) : input, init),
  );
  standIns = installJsdomStandIns(window, { google: fakes.google, facebook: fakes.facebook });
  // A page renders on its own, outside React's test `act()` batching: clicks below are plain DOM clicks.
  reactActEnvironment.IS_REACT_ACT_ENVIRONMENT = false;
  document.body.innerHTML = '<div id="root"></div>';
  await import(examples.files['main.tsx'] as string);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await connection?.close();
  await Promise.all([mongo?.stop(), fakes?.close(), examples?.remove()]);
  standIns?.uninstall();
});

const reactActEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };

async function choose(dialog: string, account: RegExp) {
  const chooser = await screen.findByRole('dialog', { name: dialog });
  (await within(chooser).findByRole('button', { name: account })).click();
}

describe('README quick start', () => {
  it('signs in with Google, greets the user, and signs out', async () => {
    (await googleButton()).click();
    await choose('Sign in with Google', /Ada Lovelace/);
    expect((await screen.findByText(/^Hello /)).textContent).toBe('Hello Ada Lovelace (ada@example.com)');
    // Same origin, so cookie mode: the page keeps a "signed in" hint and no token.
    expect(window.localStorage.getItem('socialkit.session')).toMatch(/^\{"userId":"[^"]+"\}$/);
    screen.getByRole('button', { name: 'Sign out' }).click();
    await screen.findByRole('group', { name: 'Sign in' });
  });

  it('signs in with Facebook', async () => {
    await facebookReady();
    (await screen.findByRole('button', { name: 'Continue with Facebook' })).click();
    await choose('Log in with Facebook', /Grace Hopper/);
    // Facebook does not vouch for emails unless the server trusts it, so none is shown.
    expect((await screen.findByText(/^Hello /)).textContent).toBe('Hello Grace Hopper');
    screen.getByRole('button', { name: 'Sign out' }).click();
    await waitFor(() => expect(screen.queryByText(/^Hello /)).toBeNull());
  });
});

import type { FakeGoogle } from '@socialkit/testing';
import { commandsPerRequest } from './command-counter';
import type { BenchApp } from './environment';
import { idTokenBodies, mintGoogleUsers } from './id-tokens';
import type { Measurement } from './report';

export interface DbOpsOptions {
  /** Returning users, each signed in once while counting. */
  signIns: number;
}

/** What a database operation buys, by the collection it touches (first match wins). */
const PURPOSE: [RegExp, string][] = [
  [/^(findAndModify|update) users$/, 'find-or-update the user (the baseline does this too)'],
  [/^insert socialauth_refresh_tokens$/, 'store the refresh token, hashed (the baseline does this too)'],
  [
    /^insert socialauth_sessions$/,
    'a session record: signed-in devices and revocation by `sid` on every instance',
  ],
  [/nonces$/, 'consume the nonce: a captured ID token cannot be replayed'],
  [
    /rate_?limit/i,
    'count the request against its client address’s limit, which every instance shares (the route’s global ceiling is counted in process and synced about once a second per instance)',
  ],
  [/^find users$/, 'look up the account an email belongs to (linking rules)'],
];

const purposeOf = (command: string) =>
  PURPOSE.find(([pattern]) => pattern.test(command))?.[1] ?? 'see the command name';

async function signInSequentially(url: string, bodies: readonly unknown[]): Promise<number> {
  let failures = 0;
  for (const body of bodies) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (!response.ok) failures += 1;
  }
  return failures;
}

/**
 * Database operations per returning-user Google sign-in, counted by driver command monitoring in
 * the app process, for `POST /auth/google` and for the hand-written baseline route; each extra
 * operation is named with what it buys.
 *
 * @example
 * const { rows } = await measureDbOps(app, google, { signIns: 50 });
 */
export async function measureDbOps(
  app: BenchApp,
  google: FakeGoogle,
  options: DbOpsOptions,
): Promise<Measurement> {
  const bodies = idTokenBodies(await mintGoogleUsers(google, 'ops', options.signIns));
  const routes = { ours: `${app.url}/auth/google`, baseline: `${app.url}/baseline/google` };
  let failures = 0;
  // First pass creates the users on both sides; only the second (returning users) is counted.
  for (const url of Object.values(routes)) failures += await signInSequentially(url, bodies);
  const count = async (url: string) => {
    const before = await app.commands();
    failures += await signInSequentially(url, bodies);
    return commandsPerRequest(before, await app.commands(), bodies.length);
  };
  const ours = await count(routes.ours);
  const baseline = await count(routes.baseline);
  const list = (byCommand: [string, number][]) =>
    byCommand.map(([command, perRequest]) => `${perRequest.toFixed(2)} ${command}`).join(', ');
  const extras = ours.byCommand
    .filter(([command]) => !/^(findAndModify|update) users$|^insert socialauth_refresh_tokens$/.test(command))
    .map(([command, perRequest]) => `${command} ×${perRequest.toFixed(2)}: ${purposeOf(command)}`);
  return {
    rows: [
      {
        section: 'Sign-in CPU vs hand-written baseline',
        metric: 'DB operations per returning-user sign-in',
        value: ours.total.toFixed(2),
        baseline: baseline.total.toFixed(2),
        ratio: `+${(ours.total - baseline.total).toFixed(2)}`,
        note: `driver command monitoring, ${bodies.length} sequential sign-ins, nonce 'optional'. Ours: ${list(ours.byCommand)}. Baseline: ${list(baseline.byCommand)}.${extras.length ? ` What the extra ones buy: ${extras.join('; ')}.` : ''}`,
      },
    ],
    numbers: {
      dbOpsPerSignIn: ours.total,
      baselineDbOpsPerSignIn: baseline.total,
      rateLimitOpsPerSignIn: ours.byCommand
        .filter(([command]) => /rate_?limit/i.test(command))
        .reduce((sum, [, perRequest]) => sum + perRequest, 0),
    },
    failures,
  };
}

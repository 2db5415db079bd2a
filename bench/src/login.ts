import type { FakeGoogle } from '@socialkit/testing';
import type { BenchApp } from './environment';
import { idTokenBodies, mintGoogleUsers } from './id-tokens';
import { type LoadResult, load, runLength } from './load';
import type { Measurement, Row } from './report';
import { fmt, median } from './stats';

/** socialkit's app CPU per sign-in may be at most this multiple of the hand-written baseline's. */
export const CPU_TARGET = 1.2;

export interface LoginOptions {
  /** Seconds per echo and existing-user run. */
  durationSec: number;
  /** A fixed request count per echo and existing-user run instead (for a quick check). */
  amount?: number;
  /** New users signed in per round (each a distinct, pre-minted token). */
  newUsers: number;
  /** Returning users whose tokens are replayed in the existing-user runs. */
  existingUsers: number;
  rounds: number;
  connections: number;
}

interface Summary {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

function summarize(results: readonly LoadResult[]): Summary {
  return {
    perSecond: median(results.map((r) => r.perSecond)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
  };
}

/**
 * Google ID-token sign-in through HTTP with the test MongoDB, for returning and for new users,
 * next to an Express JSON echo of the same body in the same process, rounds interleaved.
 *
 * @example
 * const { rows } = await measureLogin(app, google, { durationSec: 3, newUsers: 300, existingUsers: 50, rounds: 3, connections: 8 });
 */
export async function measureLogin(
  app: BenchApp,
  google: FakeGoogle,
  options: LoginOptions,
  databaseCpu: () => Promise<number> = async () => 0,
): Promise<Measurement> {
  const url = `${app.url}/auth/google`;
  const { connections } = options;
  const returning = idTokenBodies(await mintGoogleUsers(google, 'returning', options.existingUsers));
  // The first pass creates the returning users and warms the app up; it is not timed.
  await load({ url, bodies: returning, amount: returning.length, connections });
  // Spares: autocannon may prepare a request per connection that it never sends.
  const fresh = await Promise.all(
    Array.from({ length: options.rounds }, (_, round) =>
      mintGoogleUsers(google, `new-${round}`, options.newUsers + 2 * connections),
    ),
  );
  const baselineUrl = `${app.url}/baseline/google`;
  await load({ url: baselineUrl, bodies: returning, amount: returning.length, connections });
  const echoBody = returning[0];
  const runs = { echo: [] as LoadResult[], existing: [] as LoadResult[], created: [] as LoadResult[] };
  let baselineFailures = 0;
  const cpu = {
    existing: { app: 0, user: 0, db: 0, n: 0 },
    created: { app: 0, user: 0, db: 0, n: 0 },
    baselineExisting: { app: 0, user: 0, db: 0, n: 0 },
    baselineCreated: { app: 0, user: 0, db: 0, n: 0 },
  };
  const metered = async (kind: keyof typeof cpu, run: () => Promise<LoadResult>) => {
    const [app0, db0] = [await app.cpuSplit(), await databaseCpu()];
    const result = await run();
    const app1 = await app.cpuSplit();
    cpu[kind].app += app1.micros - app0.micros;
    cpu[kind].user += app1.userMicros - app0.userMicros;
    cpu[kind].db += (await databaseCpu()) - db0;
    cpu[kind].n += result.requests;
    return result;
  };
  const cpuNote = (kind: keyof typeof cpu) => {
    const { app: appMicros, db, n } = cpu[kind];
    const ms = (micros: number) => (micros / Math.max(n, 1) / 1000).toFixed(2);
    return `CPU per login: app ${ms(appMicros)} ms${db > 0 ? `, test MongoDB server ${ms(db)} ms` : ''}`;
  };
  await load({ url: `${app.url}/echo`, body: echoBody, ...runLength(options), connections });
  for (let round = 0; round < options.rounds; round++) {
    runs.echo.push(
      await load({ url: `${app.url}/echo`, body: echoBody, ...runLength(options), connections }),
    );
    runs.existing.push(
      await metered('existing', () => load({ url, bodies: returning, ...runLength(options), connections })),
    );
    const baselineReturning = await metered('baselineExisting', () =>
      load({ url: baselineUrl, bodies: returning, ...runLength(options), connections }),
    );
    baselineFailures += baselineReturning.failures;
    // The same fresh tokens serve both: the baseline keeps its users in a collection of its own.
    const bodies = idTokenBodies(fresh[round] ?? []);
    runs.created.push(
      await metered('created', () => load({ url, bodies, amount: options.newUsers, connections })),
    );
    const baselineNew = await metered('baselineCreated', () =>
      load({ url: baselineUrl, bodies, amount: options.newUsers, connections }),
    );
    baselineFailures += baselineNew.failures;
  }
  const appCpuMs = (kind: keyof typeof cpu) => cpu[kind].app / Math.max(cpu[kind].n, 1) / 1000;
  const dbCpuMs = (kind: keyof typeof cpu) => cpu[kind].db / Math.max(cpu[kind].n, 1) / 1000;
  const userCpuMs = (kind: keyof typeof cpu) => cpu[kind].user / Math.max(cpu[kind].n, 1) / 1000;
  const cpuRow = (who: 'returning' | 'new', ours: keyof typeof cpu, base: keyof typeof cpu): Row => {
    const ratio = appCpuMs(ours) / appCpuMs(base);
    const db =
      dbCpuMs(ours) > 0
        ? `; test MongoDB server ${dbCpuMs(ours).toFixed(2)} vs ${dbCpuMs(base).toFixed(2)} ms`
        : '';
    return {
      section: 'Sign-in CPU vs hand-written baseline',
      metric: `app CPU per sign-in, ${who} user`,
      value: `${appCpuMs(ours).toFixed(2)} ms`,
      baseline: `${appCpuMs(base).toFixed(2)} ms`,
      ratio: fmt.ratio(ratio),
      target: `≤ ${CPU_TARGET.toFixed(2)}×`,
      pass: ratio <= CPU_TARGET,
      note: `process.cpuUsage() (user + system) of the app process over ${cpu[ours].n} vs ${cpu[base].n} sign-ins, same process, rounds interleaved; user-mode only ${userCpuMs(ours).toFixed(2)} vs ${userCpuMs(base).toFixed(2)} ms (${fmt.ratio(userCpuMs(ours) / userCpuMs(base))}): on 127.0.0.1 the kernel's work for each database round trip is charged to the app as system time; baseline = jose jwtVerify (remote JWKS) + mongoose findOneAndUpdate upsert (lean) + refresh insertOne + jsonwebtoken sign (KeyObject)${db}`,
    };
  };
  const echo = summarize(runs.echo);
  const existing = summarize(runs.existing);
  const created = summarize(runs.created);
  const nonceNote = "nonce 'optional' (tokens pre-minted without nonce)";
  const row = (metric: string, ours: Summary, note: string): Row => ({
    section: 'Login (Google, HTTP + MongoDB)',
    metric,
    value: `${fmt.int(ours.perSecond)}/s, p50 ${fmt.ms(ours.p50Ms)}, p99 ${fmt.ms(ours.p99Ms)}`,
    baseline: `${fmt.int(echo.perSecond)}/s, p50 ${fmt.ms(echo.p50Ms)}, p99 ${fmt.ms(echo.p99Ms)}`,
    ratio: fmt.ratio(ours.perSecond / echo.perSecond),
    note: `${note}; baseline = Express JSON echo; ${connections} conns, median of ${options.rounds}${ours.failures ? `; ${ours.failures} FAILED requests` : ''}`,
  });
  return {
    rows: [
      cpuRow('returning', 'existing', 'baselineExisting'),
      cpuRow('new', 'created', 'baselineCreated'),
      row(
        'existing user: logins/s, p50, p99',
        existing,
        `${options.existingUsers} returning users, ${options.durationSec} s runs, ${nonceNote}; ${cpuNote('existing')}`,
      ),
      row(
        'new user: logins/s, p50, p99',
        created,
        `${options.newUsers} distinct new users per run, ${nonceNote}; ${cpuNote('created')}`,
      ),
    ],
    numbers: {
      echoPerSecond: echo.perSecond,
      existingPerSecond: existing.perSecond,
      existingP50Ms: existing.p50Ms,
      existingP99Ms: existing.p99Ms,
      newPerSecond: created.perSecond,
      newP50Ms: created.p50Ms,
      newP99Ms: created.p99Ms,
      appCpuReturningMs: appCpuMs('existing'),
      userCpuReturningMs: userCpuMs('existing'),
      baselineUserCpuReturningMs: userCpuMs('baselineExisting'),
      appCpuNewMs: appCpuMs('created'),
      baselineCpuReturningMs: appCpuMs('baselineExisting'),
      baselineCpuNewMs: appCpuMs('baselineCreated'),
    },
    failures: existing.failures + created.failures + echo.failures + baselineFailures,
  };
}

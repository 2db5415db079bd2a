import type { BenchApp, BenchEnvironment } from './environment';
import { idTokenBodies, mintGoogleUsers } from './id-tokens';
import { load } from './load';
import type { Measurement, Row } from './report';
import { fmt } from './stats';

export interface MemoryOptions {
  /** Sign-in counts at which memory is read, ascending; the last is the total. */
  checkpoints: number[];
  /** Stop early (and say so) rather than run past this many seconds. */
  budgetSec: number;
  connections: number;
}

/** Heap growth allowed per sign-in between the last two checkpoints, after GC. */
export const HEAP_BYTES_PER_LOGIN = 200;

interface Reading {
  logins: number;
  rss: number;
  heapUsed: number;
}

/** Sign-ins between two emptyings of the wire-protocol test server, which scans whole collections. */
const CHUNK = 1000;

/**
 * Distinct-user Google sign-ins through the HTTP app (fresh process, nonce optional, rate limit
 * raised), reading RSS and post-GC heap at each checkpoint, and counting JWKS fetches. On the
 * wire-protocol test server the database is emptied between chunks so its full scans stay short;
 * the app holds no user data, so its memory is what it would be against a full database.
 *
 * @example
 * const { rows } = await measureMemory(app, env, { checkpoints: [1000, 5000, 10000], budgetSec: 90, connections: 8 });
 */
export async function measureMemory(
  app: BenchApp,
  env: Pick<BenchEnvironment, 'google' | 'mongo'>,
  options: MemoryOptions,
): Promise<Measurement> {
  const { google, mongo } = env;
  const emptying = mongo.kind === 'wire-server';
  const started = performance.now();
  const jwksBefore = google.requests.filter((r) => r.path.endsWith('/certs')).length;
  const baseline = await app.memory();
  const readings: Reading[] = [];
  let logins = 0;
  let failures = 0;
  let stoppedEarly = false;
  for (const checkpoint of options.checkpoints) {
    while (logins < checkpoint) {
      const elapsedSec = (performance.now() - started) / 1000;
      const rate = logins / Math.max(elapsedSec, 0.001);
      const chunk = Math.min(CHUNK, checkpoint - logins);
      if (logins > 0 && elapsedSec + chunk / rate > options.budgetSec) {
        stoppedEarly = true;
        break;
      }
      if (emptying) await mongo.clear();
      const tokens = await mintGoogleUsers(google, `memory-${logins}`, chunk + 2 * options.connections);
      const result = await load({
        url: `${app.url}/auth/google`,
        bodies: idTokenBodies(tokens),
        amount: chunk,
        connections: options.connections,
      });
      logins += result.ok;
      failures += result.failures;
      if (result.ok === 0) break;
    }
    if (stoppedEarly || logins < checkpoint) break;
    const { rss, heapUsed } = await app.memory();
    readings.push({ logins, rss, heapUsed });
  }
  const jwksFetches = google.requests.filter((r) => r.path.endsWith('/certs')).length - jwksBefore;
  const seconds = (performance.now() - started) / 1000;
  const section = 'Memory (app process)';
  const rows: Row[] = readings.map((reading) => ({
    section,
    metric: `after ${fmt.int(reading.logins)} distinct sign-ins`,
    value: `RSS ${fmt.mb(reading.rss)}, heap ${fmt.mb(reading.heapUsed)}`,
    baseline: `start: RSS ${fmt.mb(baseline.rss)}, heap ${fmt.mb(baseline.heapUsed)}`,
    note: `heap after gc(); through HTTP + MongoDB, Google ID tokens, nonce optional${emptying ? `; test DB emptied every ${fmt.int(CHUNK)} sign-ins` : ''}`,
  }));
  const last = readings.at(-1);
  const previous = readings.at(-2);
  let perLogin = Number.NaN;
  if (last && previous) {
    perLogin = (last.heapUsed - previous.heapUsed) / (last.logins - previous.logins);
    rows.push({
      section,
      metric: `heap growth per sign-in, ${fmt.int(previous.logins)} → ${fmt.int(last.logins)}`,
      value: `${Math.round(perLogin)} B`,
      target: `≤ ${HEAP_BYTES_PER_LOGIN} B`,
      pass: perLogin <= HEAP_BYTES_PER_LOGIN,
      note: 'a per-user cache or leak would show here',
    });
  }
  rows.push({
    section,
    metric: 'JWKS fetches during the run',
    value: String(jwksFetches),
    target: '≤ 1',
    pass: jwksFetches <= 1,
    note: `one cached key set; rate-limit store holds one key (all from 127.0.0.1); ${fmt.int(logins)} sign-ins in ${Math.round(seconds)} s${stoppedEarly ? ' (stopped early: time budget)' : ''}${failures ? `; ${failures} FAILED` : ''}`,
  });
  return {
    rows,
    numbers: {
      logins,
      ...Object.fromEntries(readings.map((r) => [`rssAt${r.logins}`, r.rss])),
      ...Object.fromEntries(readings.map((r) => [`heapAt${r.logins}`, r.heapUsed])),
    },
    failures,
  };
}

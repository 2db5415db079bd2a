import type { BenchApp, CountedFacebook } from './environment';
import type { Measurement, Row } from './report';
import { type SequentialResult, sequential } from './sequential-client';
import { fmt, median } from './stats';

export interface FacebookOptions {
  /** Milliseconds per phase (one latency setting, one round). */
  phaseMs: number;
  /** Added Graph latency of the slow phase. */
  latencyMs: number;
  /** Rounds of (no latency, added latency), interleaved; latencies are pooled. */
  rounds: number;
}

export const MARGIN_MS = 2;
const RETURNING_USERS = 20;

interface Phase {
  login: SequentialResult;
  roundTrip: SequentialResult;
  graphCalls: number;
  connections: number;
}

const p50 = (phases: readonly Phase[], pick: (p: Phase) => SequentialResult) =>
  median(phases.flatMap((p) => pick(p).latencies));
const sum = (phases: readonly Phase[], pick: (p: Phase) => number) =>
  phases.reduce((total, p) => total + pick(p), 0);

/**
 * Facebook sign-in of returning users, one at a time, against the fake Graph with no added latency
 * and with `latencyMs`, interleaved: p50, Graph calls per login, TCP connections the Graph accepted,
 * and a plain keep-alive Graph round trip at the same latency as the yardstick.
 *
 * @example
 * const { rows } = await measureFacebook(app, facebook, { phaseMs: 1500, latencyMs: 50, rounds: 2 });
 */
export async function measureFacebook(
  app: BenchApp,
  facebook: CountedFacebook,
  options: FacebookOptions,
): Promise<Measurement> {
  const { fake } = facebook;
  const url = `${app.url}/auth/facebook`;
  // Facebook user IDs are numeric strings; the middleware checks that.
  const users = Array.from({ length: RETURNING_USERS }, (_, i) => {
    const id = String(9_000_000_001 + i);
    const accessToken = fake.issueUserToken({ id, name: `Bench ${id}`, email: `fb-${id}@bench.example` });
    return { accessToken, userID: id };
  });
  const cycle = (count: number) => Array.from({ length: count }, (_, i) => users[i % users.length]);
  const graphProbe = `${fake.options.graphUrl}/debug_token?input_token=probe`;
  const probeHeaders = { authorization: `Bearer ${fake.appToken}` };

  async function phase(latencyMs: number): Promise<Phase> {
    if (latencyMs > 0) fake.faults.set({ latencyMs });
    else fake.faults.clear();
    const roundTrip = await sequential(
      graphProbe,
      undefined,
      Math.min(500, options.phaseMs / 3),
      probeHeaders,
    );
    // The probe's own connection is opened before this snapshot, so what follows is the app's.
    const requestsBefore = fake.requests.length;
    const connectionsBefore = facebook.connections();
    const login = await sequential(
      url,
      cycle(Math.ceil(options.phaseMs / (latencyMs + 1)) + 1),
      options.phaseMs,
    );
    return {
      login,
      roundTrip,
      graphCalls: fake.requests.length - requestsBefore,
      connections: facebook.connections() - connectionsBefore,
    };
  }

  try {
    const beforeWarmUp = facebook.connections();
    // Creates the returning users and opens the pool.
    const warmUp = await sequential(url, cycle(2 * RETURNING_USERS), 10 * options.phaseMs);
    const warmUpConnections = facebook.connections() - beforeWarmUp;
    const fast: Phase[] = [];
    const slow: Phase[] = [];
    for (let round = 0; round < options.rounds; round++) {
      fast.push(await phase(0));
      slow.push(await phase(options.latencyMs));
    }
    const all = [...fast, ...slow];
    const fastP50 = p50(fast, (p) => p.login);
    const slowP50 = p50(slow, (p) => p.login);
    const fastTrip = p50(fast, (p) => p.roundTrip);
    const slowTrip = p50(slow, (p) => p.roundTrip);
    const added = slowP50 - fastP50;
    const allowed = slowTrip - fastTrip + MARGIN_MS;
    const logins = sum(all, (p) => p.login.ok + p.login.failures);
    const failures = sum(all, (p) => p.login.failures) + warmUp.failures;
    const graphCalls = sum(all, (p) => p.graphCalls);
    const connections = warmUpConnections + sum(all, (p) => p.connections);
    const section = 'Facebook login (fake Graph)';
    const phaseRow = (latencyMs: number, phases: Phase[], loginP50: number, tripP50: number): Row => ({
      section,
      metric: `p50 with ${latencyMs} ms Graph latency`,
      value: fmt.ms(loginP50),
      baseline: `2 parallel Graph calls ${fmt.ms(tripP50)}`,
      note: `${sum(phases, (p) => p.login.ok)} sequential logins of ${RETURNING_USERS} returning users; includes the MongoDB work${failures ? `; ${failures} FAILED` : ''}`,
    });
    return {
      rows: [
        phaseRow(0, fast, fastP50, fastTrip),
        phaseRow(options.latencyMs, slow, slowP50, slowTrip),
        {
          section,
          metric: `time ${options.latencyMs} ms of Graph latency adds to a login (2 calls)`,
          value: fmt.ms(added),
          baseline: `adds ${fmt.ms(allowed - MARGIN_MS)} to 2 parallel calls`,
          target: `≤ round trip + ${MARGIN_MS} ms`,
          pass: added <= allowed,
          note: `p50 difference, ${options.rounds} interleaved rounds of each; calls in sequence would add ~${2 * options.latencyMs} ms`,
        },
        {
          section,
          metric: 'outbound Graph calls per login',
          value: (graphCalls / logins).toFixed(2),
          target: '= 2',
          pass: all.every((p) => p.graphCalls === 2 * (p.login.ok + p.login.failures)),
          note: `${graphCalls} calls for ${logins} logins (debug_token + /me), from the fake's request log`,
        },
        {
          section,
          metric: 'TCP connections accepted by the Graph',
          value: String(connections),
          baseline: `${graphCalls + 2 * warmUp.latencies.length} calls`,
          target: '≤ 2 (calls in parallel)',
          pass: connections <= 2,
          note: `keep-alive pool: ${warmUpConnections} opened in the warm-up, ${connections - warmUpConnections} after`,
        },
      ],
      numbers: {
        fastP50Ms: fastP50,
        slowP50Ms: slowP50,
        slowRoundTripMs: slowTrip,
        graphCallsPerLogin: graphCalls / logins,
        graphConnections: connections,
        logins,
      },
      failures,
    };
  } finally {
    fake.faults.clear();
  }
}

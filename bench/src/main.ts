import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { missedTargets } from './missed-targets';
import { markdownTable } from './report';
import { type BenchResults, FULL, runBench } from './run';

const COMMAND = 'pnpm bench';
const OUTPUT = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

function missed(results: BenchResults): string {
  const lines = missedTargets(results);
  return lines.length === 0
    ? ''
    : `\nTargets missed in this run, by how much and why:\n\n${lines.join('\n')}\n`;
}

function document(results: BenchResults, table: string): string {
  const { machine } = results;
  return `# Benchmarks

Produced by \`${COMMAND}\` (\`bench/\`); every ratio compares against a baseline measured in the same
run, interleaved, so a busy neighbour slows both sides. Benchmarks report, they never fail for speed.

- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM (shared with other work)
- Node ${machine.node}; ${machine.mongo}
- Date: ${machine.date}; run took ${Math.round(results.seconds)} s
- Command: \`${COMMAND}\` (= \`node --conditions=source --import tsx bench/src/main.ts\`)

${table}
${missed(results)}
How it is measured:

- The app under test, the MongoDB server and the load generator each run in their own process on
  127.0.0.1. HTTP load comes from autocannon's API over keep-alive connections; A-B runs alternate
  and the medians are compared. Tight loops warm up first and report the median of interleaved rounds.
- The fake Google and Facebook of \`@socialkit/testing\` stand in for the providers, with real RS256
  signatures. Google sign-ins run with \`google.nonce: 'optional'\` and tokens minted ahead without a
  nonce, so no nonce round trip is timed; the default \`'required'\` adds one \`POST /nonce\` per
  sign-in and one atomic delete.
- "Token crypto" calls the Google provider through the public \`auth.providers\` (warm JWKS, no
  nonce step) and the access-token service the guard uses; the floors are bare \`node:crypto\`
  calls on the same tokens.
- "Sign-in CPU" compares \`process.cpuUsage()\` of the app process per sign-in for \`POST /auth/google\`
  and for a hand-written route in the same process that does the minimum (jose \`jwtVerify\` on the
  remote JWKS, one mongoose \`findOneAndUpdate\` upsert with \`lean\`, one refresh-token \`insertOne\`, one
  jsonwebtoken sign with a KeyObject), runs interleaved. Database operations are counted in the app
  by the driver's command monitoring; every operation beyond the baseline's two is named with what it
  buys. socialkit runs with its defaults here (MongoDB rate-limit store, sessions).
- Client sizes are esbuild bundles of what an app imports (\`SocialAuthProvider\`, \`SocialLogin\`,
  \`useSocialAuth\` and one button entry per provider), minified and gzipped; provider SDKs and React
  are external, since the app ships them anyway.
- Login figures include the database. On the wire-protocol test server (in-memory, full collection
  scans, not mongod) they say little about production; the "CPU per login" note separates the
  app's share from the test server's. Set \`MONGODB_URI\` to run against a real server.
`;
}

const results = await runBench(FULL, (line) => console.log(`  ${line}`));
const rows = Object.values(results.measurements).flatMap((measurement) => measurement.rows);
const table = markdownTable(rows);
console.log(`\n${table}\n`);
await writeFile(OUTPUT, document(results, table));
console.log(`Wrote ${OUTPUT} (${Math.round(results.seconds)} s)`);

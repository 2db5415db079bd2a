import { type DemoEnv, type DemoServer, startDemoServer } from '../../server/start-demo-server';

/** A fixed, long enough secret so failures are reproducible; never used outside tests. */
export const TEST_API_TOKEN_SECRET = 'socialkit-demo-test-secret-0123456789abcdef';

/**
 * Starts the demo in-process on a free port with quiet logs; `errors` collects what the server
 * reported, so a test can check why something was refused.
 */
export async function startTestDemo(
  env: DemoEnv = {},
): Promise<DemoServer & { errors: unknown[]; origin: string }> {
  const errors: unknown[] = [];
  const demo = await startDemoServer(
    { PORT: '0', AUTH_RATE_LIMIT: '0', API_TOKEN_SECRET: TEST_API_TOKEN_SECRET, ...env },
    { log: () => {}, logError: (err) => errors.push(err) },
  );
  // 127.0.0.1 rather than localhost: one address family, the one the server calls itself on.
  return Object.assign(demo, { errors, origin: `http://127.0.0.1:${demo.port}` });
}

/** Every message down each reported error's cause chain, to check why the server refused something. */
export function reportedReasons(errors: unknown[]): string[] {
  const reasons: string[] = [];
  for (const error of errors) {
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) reasons.push(cause.message);
  }
  return reasons;
}

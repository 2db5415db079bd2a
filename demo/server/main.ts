import { SocialAuthConfigError } from '@socialkit/express';
import { DemoConfigError, startDemoServer } from './start-demo-server';

/** The operator's fix for a startup failure, without a stack trace when the cause is known. */
function explain(err: unknown): string {
  if (err instanceof DemoConfigError || err instanceof SocialAuthConfigError) return err.message;
  if ((err as { code?: unknown } | null)?.code === 'EADDRINUSE') {
    return `port ${process.env.PORT ?? 3000} is already in use; stop the other server or set PORT.`;
  }
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

// `pnpm demo` entry: configuration comes only from the environment.
try {
  const demo = await startDemoServer(process.env);
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`Cannot start the demo: ${explain(err)}`);
  process.exit(1);
}

import { SocialLogin, useSocialAuth } from '@socialkit/react';
import type { DemoConfig } from '../demo-config';

/** The signed-out page: what the app is, and the provider buttons from `<SocialLogin>`. */
export function SignInPage({ config }: { config: DemoConfig }) {
  const { error } = useSocialAuth();
  // A refresh that failed for good (e.g. the session was revoked) lands here with its reason.
  const ended = error?.code === 'invalid_refresh_token';
  return (
    <section className="card signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to Notes</h1>
      <p className="lead">
        Keep private notes, available wherever you sign in. Use the account you already have.
      </p>
      {ended ? (
        <p role="status" className="notice" data-error-code={error.code}>
          Your session ended; please sign in again. <code className="error-code">{error.code}</code>
        </p>
      ) : null}
      <SocialLogin className="signin-buttons" providers={config.providers.map((provider) => provider.id)} />
      <p className="fine-print">
        We only receive your name, email address and picture. Signing in verifies the provider&apos;s token on
        our server before any account is created.
      </p>
    </section>
  );
}

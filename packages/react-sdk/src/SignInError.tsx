import type { SocialAuthError } from './core/errors';
import { describeError } from './messages';
import { useSocialAuthContext } from './social-auth-context';

/** Announces a sign-in error to screen readers and shows it, in the app's language. */
export function SignInError({ error, className }: { error: SocialAuthError | null; className?: string }) {
  const { messages } = useSocialAuthContext();
  if (!error) return null;
  return (
    <p role="alert" className={className} data-error-code={error.code}>
      {describeError(messages, error.code)}
    </p>
  );
}

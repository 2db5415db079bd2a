import type { ApiError } from '../api';

/** An API error as a person sees it: what went wrong, with the stable code to search for. */
export function ErrorNotice({ error, context }: { error: ApiError | null; context: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice notice-error" data-error-code={error.code}>
      <strong>{context}</strong> {error.message} <code className="error-code">{error.code}</code>
    </p>
  );
}

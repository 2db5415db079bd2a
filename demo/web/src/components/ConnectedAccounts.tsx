import { SocialLogin, useSocialAuth } from '@socialkit/react';
import { useId, useState } from 'react';
import { type ApiError, asApiError } from '../api';
import { type DemoConfig, providerName } from '../demo-config';
import { ErrorNotice } from './ErrorNotice';

/**
 * The identities that sign in to this account: remove one (never the last: the server answers
 * 409 `last_identity`, and the button says why before that), or connect another provider.
 */
export function ConnectedAccounts({ config }: { config: DemoConfig }) {
  const { user, unlink } = useSocialAuth();
  const [error, setError] = useState<ApiError | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const lastHintId = useId();
  if (!user) return null;
  const identities = user.identities ?? [];
  const onlyOne = identities.length <= 1;
  const linkable = config.providers.map(({ id }) => id).filter((id) => !user.providers.includes(id));

  const remove = async (provider: string, subject: string) => {
    setError(null);
    setLinked(null);
    setRemoving(`${provider}:${subject}`);
    try {
      await unlink(provider, subject);
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <section className="card connected" aria-labelledby="connected-title">
      <h2 id="connected-title">Connected accounts</h2>
      <p className="muted">Any of these signs you in to this account.</p>
      <ul className="identity-list" aria-label="Connected accounts">
        {identities.map((identity) => {
          const key = `${identity.provider}:${identity.subject}`;
          const name = providerName(config, identity.provider);
          return (
            <li key={key} className="identity" data-provider={identity.provider}>
              <span className={`tag tag-${identity.provider}`}>{name}</span>
              <span className="identity-email">
                {identity.email ?? 'no email shared'}
                {identity.email && !identity.emailVerified ? <span className="tag">unverified</span> : null}
              </span>
              <button
                type="button"
                className="button button-ghost"
                aria-label={`Remove ${name}`}
                aria-describedby={onlyOne ? lastHintId : undefined}
                disabled={onlyOne || removing !== null}
                onClick={() => remove(identity.provider, identity.subject)}
              >
                {removing === key ? 'Removing…' : 'Remove'}
              </button>
            </li>
          );
        })}
      </ul>
      {onlyOne ? (
        <p id={lastHintId} className="muted" data-testid="last-identity-hint">
          This is your only way to sign in, so it cannot be removed. Connect another account first.
        </p>
      ) : null}
      <ErrorNotice error={error} context="Could not remove that account." />
      {linked ? (
        <p role="status" className="notice">
          {providerName(config, linked)} is now connected: it signs in to this account too.
        </p>
      ) : null}
      {linkable.length > 0 ? (
        <div className="link-more">
          <h3>Connect another account</h3>
          <SocialLogin
            className="signin-buttons"
            intent="link"
            providers={linkable}
            onSuccess={(result) => {
              setError(null);
              setLinked(result.user.providers.find((id) => !user.providers.includes(id)) ?? null);
            }}
          />
        </div>
      ) : null}
    </section>
  );
}

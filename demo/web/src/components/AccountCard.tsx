import { useSocialAuth } from '@socialkit/react';
import { useState } from 'react';
import { type DemoConfig, providerName } from '../demo-config';

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** Who is signed in (picture, name, email, linked providers) and the "Sign out" button. */
export function AccountCard({ config }: { config: DemoConfig }) {
  const { user, signOut } = useSocialAuth();
  const [leaving, setLeaving] = useState(false);
  if (!user) return null;
  const name = user.name ?? user.email ?? 'Signed in';

  const onSignOut = async () => {
    setLeaving(true);
    // Also revokes the access token: the SDK sends it with the logout call.
    await signOut();
  };

  return (
    <section className="card account" aria-label="Your account">
      {user.picture ? (
        <img
          className="avatar"
          src={user.picture}
          alt=""
          width={64}
          height={64}
          referrerPolicy="no-referrer"
        />
      ) : (
        <span className="avatar avatar-initials" aria-hidden="true">
          {initialsOf(name)}
        </span>
      )}
      <div className="account-details">
        <h2 className="account-name" data-testid="user-name">
          {name}
        </h2>
        {user.email ? (
          <p className="account-email" data-testid="user-email">
            {user.email}
            {user.emailVerified ? null : <span className="tag">unverified</span>}
          </p>
        ) : null}
        <p className="account-providers">
          Signed in with{' '}
          {user.providers.map((provider) => (
            <span key={provider} className={`tag tag-${provider}`}>
              {providerName(config, provider)}
            </span>
          ))}
        </p>
      </div>
      <div className="account-actions">
        <a className="button button-ghost" href="#/account">
          Manage account
        </a>
        <button type="button" className="button button-secondary" onClick={onSignOut} disabled={leaving}>
          {leaving ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </section>
  );
}

import { useSocialAuth } from '@socialkit/react';
import { useEffect, useState } from 'react';
import { type ApiError, asApiError } from '../api';
import { ErrorNotice } from './ErrorNotice';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Every device signed in to this account (one per refresh-token family): this one marked, a
 * "Sign out" for each, and "Sign out everywhere". Signing a device out also refuses its access
 * token on the notes API at once, on every server instance.
 */
export function SignedInDevices() {
  const { sessions, signOut } = useSocialAuth();
  const { load } = sessions;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    load().catch((cause: unknown) => setError(asApiError(cause)));
  }, [load]);

  const act = async (what: string, action: () => Promise<unknown>) => {
    setError(null);
    setBusy(what);
    try {
      await action();
    } catch (cause) {
      setError(asApiError(cause));
    } finally {
      setBusy(null);
    }
  };

  const list = [...sessions.sessions].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <section className="card devices" aria-labelledby="devices-title">
      <div className="notes-header">
        <h2 id="devices-title">Signed-in devices</h2>
        <button type="button" className="button button-ghost" onClick={() => act('reload', load)}>
          Refresh
        </button>
      </div>
      {sessions.status === 'loading' && list.length === 0 ? (
        <p role="status" className="muted">
          Loading devices…
        </p>
      ) : null}
      <ul className="device-list" aria-label="Signed-in devices">
        {list.map((session) => {
          const label = session.userAgent ?? 'Unknown device';
          return (
            <li key={session.id} className="device" data-current={session.current || undefined}>
              <div className="device-details">
                <strong>{label}</strong>
                {session.current ? <span className="tag tag-current">This device</span> : null}
                <span className="muted">
                  Signed in {dateFormat.format(new Date(session.createdAt))} · last active{' '}
                  {dateFormat.format(new Date(session.lastUsedAt))}
                </span>
              </div>
              <button
                type="button"
                className="button button-secondary"
                aria-label={session.current ? 'Sign out this device' : `Sign out ${label}`}
                disabled={busy !== null}
                onClick={() => act(session.id, session.current ? signOut : () => sessions.revoke(session.id))}
              >
                Sign out
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorNotice
        error={error ?? (sessions.error ? asApiError(sessions.error) : null)}
        context="Could not update your devices."
      />
      <button
        type="button"
        className="button button-secondary"
        disabled={busy !== null || list.length === 0}
        onClick={() => act('all', sessions.revokeAll)}
      >
        Sign out everywhere
      </button>
    </section>
  );
}

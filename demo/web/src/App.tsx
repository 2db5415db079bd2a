import { useSocialAuth } from '@socialkit/react';
import { AccountCard } from './components/AccountCard';
import { AccountPage } from './components/AccountPage';
import { NotesPanel } from './components/NotesPanel';
import { SandboxBanner } from './components/SandboxBanner';
import { SignInPage } from './components/SignInPage';
import type { DemoConfig } from './demo-config';
import { hrefOf, type Route, useHashRoute } from './useHashRoute';

const PAGES: { route: Route; label: string }[] = [
  { route: 'notes', label: 'Notes' },
  { route: 'account', label: 'Account' },
];

/** The whole page: banner, header, then the sign-in page, the notes or the account page. */
export function App({ config }: { config: DemoConfig }) {
  const { status } = useSocialAuth();
  const route = useHashRoute();
  const signedIn = status === 'signedIn';
  return (
    <div className="page">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SandboxBanner config={config} />
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Notes
        </span>
        <span className="brand-by">a socialkit demo</span>
        {signedIn ? (
          <nav className="topnav" aria-label="Pages">
            {PAGES.map((page) => (
              <a
                key={page.route}
                href={hrefOf(page.route)}
                aria-current={route === page.route ? 'page' : undefined}
              >
                {page.label}
              </a>
            ))}
          </nav>
        ) : null}
      </header>
      <main id="main" className="content" aria-busy={status === 'loading'}>
        {status === 'loading' ? (
          <p role="status" className="muted centered">
            Loading…
          </p>
        ) : signedIn && route === 'account' ? (
          <AccountPage config={config} />
        ) : signedIn ? (
          <div className="dashboard">
            <AccountCard config={config} />
            <NotesPanel />
          </div>
        ) : (
          <SignInPage config={config} />
        )}
      </main>
      <footer className="footer">
        Sign-in by socialkit: provider tokens are verified on the server; the browser holds only this
        app&apos;s own short-lived API token, in memory, and the refresh token stays in an HttpOnly cookie.
      </footer>
    </div>
  );
}

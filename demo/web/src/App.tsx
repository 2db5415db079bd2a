import { useSocialAuth } from '@socialkit/react';
import { AccountCard } from './components/AccountCard';
import { NotesPanel } from './components/NotesPanel';
import { SandboxBanner } from './components/SandboxBanner';
import { SignInPage } from './components/SignInPage';
import type { DemoConfig } from './demo-config';

/** The whole page: banner, header, then the sign-in page or the signed-in user's notes. */
export function App({ config }: { config: DemoConfig }) {
  const { status } = useSocialAuth();
  return (
    <div className="page">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SandboxBanner sandbox={config.sandbox} />
      <header className="topbar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Notes
        </span>
        <span className="brand-by">a socialkit demo</span>
      </header>
      <main id="main" className="content" aria-busy={status === 'loading'}>
        {status === 'loading' ? (
          <p role="status" className="muted centered">
            Loading…
          </p>
        ) : status === 'signedIn' ? (
          <div className="dashboard">
            <AccountCard />
            <NotesPanel />
          </div>
        ) : (
          <SignInPage />
        )}
      </main>
      <footer className="footer">
        Sign-in by socialkit: provider tokens are verified on the server, and the browser holds only this
        app&apos;s own short-lived API token.
      </footer>
    </div>
  );
}

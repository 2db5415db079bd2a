import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SocialAuthProvider, SocialLogin, useSocialAuth } from '../../src/index';
import { appleButton } from '../../src/providers/apple/index';
import { githubButton } from '../../src/providers/github/index';
import { microsoftButton } from '../../src/providers/microsoft/index';
import { defineOidcButton, oidcButton } from '../../src/providers/oidc/index';

// The page the browser tests load: the four popup buttons, and a third party's provider `acme`
// through the OIDC button; `<SocialLogin>` shows whichever of them the server offers.
const acmeButton = defineOidcButton('acme', 'Acme');
const query = new URLSearchParams(window.location.search);
const trustClosed = query.get('trustClosed') !== 'false';
// `?channel=off` leaves the page without BroadcastChannel, so only the popup's postMessage can answer.
if (query.get('channel') === 'off') Reflect.deleteProperty(window, 'BroadcastChannel');

function App() {
  const { status, user, authFetch } = useSocialAuth();
  const [me, setMe] = useState<string | null>(null);
  useEffect(() => {
    if (status !== 'signedIn') return;
    authFetch('/api/me')
      .then((response) => response.json())
      .then((body: { userId: string }) => setMe(body.userId));
  }, [status, authFetch]);
  if (status === 'loading') return <p>Loading…</p>;
  if (status === 'signedIn')
    return (
      <p>
        Signed in as <output data-testid="email">{user?.email ?? '(no email)'}</output> (API says{' '}
        <output data-testid="api-user">{me ?? '…'}</output>)
      </p>
    );
  return (
    <SocialLogin
      providers={['apple', 'microsoft', 'github', 'oidc', 'acme']}
      buttonProps={{ acme: { trustClosed } }}
    />
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <SocialAuthProvider
      apiUrl="/auth"
      buttons={[appleButton, microsoftButton, githubButton, oidcButton, acmeButton]}
    >
      <App />
    </SocialAuthProvider>,
  );

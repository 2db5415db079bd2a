import { SocialAuthProvider, type SocialButton } from '@socialkit/react';
import { appleButton } from '@socialkit/react/apple';
import { facebookButton } from '@socialkit/react/facebook';
import { githubButton } from '@socialkit/react/github';
import { googleButton } from '@socialkit/react/google';
import { microsoftButton } from '@socialkit/react/microsoft';
import { defineOidcButton } from '@socialkit/react/oidc';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readDemoConfig } from './demo-config';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

const config = readDemoConfig();
// The generic OpenID Connect provider runs under the route id the server chose (OIDC_ID).
const oidcButtons = config.providers
  .filter((provider) => provider.key === 'oidc')
  .map((provider) => defineOidcButton(provider.id, provider.name));
const buttons: SocialButton[] = [
  googleButton,
  appleButton,
  microsoftButton,
  githubButton,
  facebookButton,
  ...oidcButtons,
];

createRoot(root).render(
  <StrictMode>
    <SocialAuthProvider apiUrl="/auth" buttons={buttons}>
      <App config={config} />
    </SocialAuthProvider>
  </StrictMode>,
);

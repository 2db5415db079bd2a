import { SocialAuthProvider } from '@socialkit/react';
import { facebookButton } from '@socialkit/react/facebook';
import { googleButton } from '@socialkit/react/google';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readDemoConfig } from './demo-config';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <SocialAuthProvider apiUrl="/auth" buttons={[googleButton, facebookButton]}>
      <App config={readDemoConfig()} />
    </SocialAuthProvider>
  </StrictMode>,
);

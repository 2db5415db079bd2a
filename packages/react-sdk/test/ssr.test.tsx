// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SocialAuthProvider, SocialLogin, useSocialAuth } from '../src/index';
import { facebookButton } from '../src/providers/facebook/index';
import { googleButton } from '../src/providers/google/index';

function Status() {
  const { status, user } = useSocialAuth();
  return <output>{`status:${status} user:${user?.name ?? 'none'}`}</output>;
}

describe('server rendering', () => {
  it('runs without window, document or storage', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders loading state and every button without touching browser APIs', () => {
    const html = renderToString(
      <SocialAuthProvider
        apiUrl="http://localhost:1/auth"
        providers={{ google: { clientId: 'g' }, facebook: { appId: 'f' } }}
        buttons={[googleButton, facebookButton]}
      >
        <Status />
        <SocialLogin />
      </SocialAuthProvider>,
    );
    expect(html).toContain('status:loading user:none');
    expect(html).toContain('aria-label="Continue with Facebook"');
    expect(html).toContain('aria-label="Sign in with Google"');
    expect(html).toContain('aria-label="Sign in"');
  });

  it('renders the provider list as loading when config comes from the server', () => {
    const html = renderToString(
      <SocialAuthProvider apiUrl="http://localhost:1/auth" messages={{ loadingProviders: 'Chargement…' }}>
        <SocialLogin />
      </SocialAuthProvider>,
    );
    expect(html).toContain('Chargement…');
    expect(html).toContain('aria-busy="true"');
  });
});

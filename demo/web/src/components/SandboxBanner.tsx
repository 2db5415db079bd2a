import type { DemoConfig } from '../demo-config';

/** Says plainly when sign-in is simulated, so nobody mistakes the sandbox for real Google or Facebook. */
export function SandboxBanner({ sandbox }: { sandbox: DemoConfig['sandbox'] }) {
  const simulated = [sandbox.google && 'Google', sandbox.facebook && 'Facebook'].filter(Boolean);
  if (simulated.length === 0) return null;
  return (
    <aside className="sandbox-banner" aria-label="Sandbox mode" data-testid="sandbox-banner">
      <strong>Sandbox mode</strong>
      <span>
        {simulated.join(' and ')} sign-in {simulated.length > 1 ? 'are' : 'is'} simulated on this machine:
        pick any sample account, no real account or network is used.
      </span>
    </aside>
  );
}

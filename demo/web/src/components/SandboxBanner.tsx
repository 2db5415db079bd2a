import type { DemoConfig } from '../demo-config';

/** Says plainly when sign-in is simulated, so nobody mistakes the sandbox for the real providers. */
export function SandboxBanner({ config }: { config: DemoConfig }) {
  const simulated = config.providers
    .filter((provider) => config.sandbox[provider.id])
    .map(({ name }) => name);
  if (simulated.length === 0) return null;
  const list =
    simulated.length === 1 ? simulated[0] : `${simulated.slice(0, -1).join(', ')} and ${simulated.at(-1)}`;
  return (
    <aside className="sandbox-banner" aria-label="Sandbox mode" data-testid="sandbox-banner">
      <strong>Sandbox mode</strong>
      <span>
        {list} sign-in {simulated.length > 1 ? 'are' : 'is'} simulated on this machine: pick any sample
        account, no real account or network is used.
      </span>
    </aside>
  );
}

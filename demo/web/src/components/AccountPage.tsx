import type { DemoConfig } from '../demo-config';
import { ConnectedAccounts } from './ConnectedAccounts';
import { SignedInDevices } from './SignedInDevices';

/** The signed-in user's account: the providers that sign in to it, and the devices signed in. */
export function AccountPage({ config }: { config: DemoConfig }) {
  return (
    <div className="account-page">
      <p>
        <a href="#/">← Back to your notes</a>
      </p>
      <ConnectedAccounts config={config} />
      <SignedInDevices />
    </div>
  );
}

import type { createCodeStore } from '../kit/codes';
import type { KeyRing } from '../kit/keys';
import type { MicrosoftAccount } from './types';

export const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface MicrosoftGrant {
  account: MicrosoftAccount;
  /** The tenant segment the authorization went through; the token request must use a compatible one. */
  tenant: string;
}

/** Everything the fake Microsoft's endpoints need. */
export interface MicrosoftContext {
  clientId: string;
  clientSecret: string;
  accounts: readonly MicrosoftAccount[];
  orgKeys: KeyRing;
  consumerKeys: KeyRing;
  codes: ReturnType<typeof createCodeStore<MicrosoftGrant>>;
  autoSelect(): string | undefined;
  baseUrl(): string;
  authority(): string;
  mintFor(account: MicrosoftAccount, claims?: Record<string, unknown>): Promise<string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which accounts a tenant segment of the URL lets sign in (Microsoft's `common`/`organizations`/`consumers`/GUID). */
export function accountsFor(
  tenant: string,
  accounts: readonly MicrosoftAccount[],
): MicrosoftAccount[] | undefined {
  switch (tenant) {
    case 'common':
      return [...accounts];
    case 'organizations':
      return accounts.filter((account) => account.tenantId !== CONSUMER_TENANT);
    case 'consumers':
      return accounts.filter((account) => account.tenantId === CONSUMER_TENANT);
    default:
      return GUID.test(tenant)
        ? accounts.filter((account) => account.tenantId === tenant.toLowerCase())
        : undefined;
  }
}

export function isKnownTenantSegment(tenant: string): boolean {
  return ['common', 'organizations', 'consumers'].includes(tenant) || GUID.test(tenant);
}

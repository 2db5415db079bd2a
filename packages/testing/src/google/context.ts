import type { SandboxAccount } from '../kit/accounts';
import type { KeyRing } from '../kit/keys';
import type { Grants } from './grants';
import type { GoogleIdClaims, GoogleUser } from './types';

/** Everything the fake Google's endpoints need, shared by node:http and nock mode. */
export interface GoogleContext {
  clientId: string;
  clientSecret: string;
  jwksMaxAge: number;
  keys: KeyRing;
  grants: Grants;
  accounts: readonly SandboxAccount[];
  baseUrl(): string;
  sandboxUser(account: SandboxAccount): GoogleUser;
  mintFor(user: GoogleUser, clientId: string, claims: Partial<GoogleIdClaims>): Promise<string>;
}

import type { SandboxAccount } from '../kit/accounts';
import type { BadIdTokens } from '../kit/bad-tokens';
import type { FakeServer } from '../kit/fake';
import type { MintOptions } from '../kit/jwt';

/** A Microsoft account the sandbox can sign in with; `id` is its `oid` in `tenantId`. */
export interface MicrosoftAccount extends SandboxAccount {
  /** `tid`: a directory GUID, or `9188040d-6c67-4c5b-b112-36a304b66dad` for personal accounts. */
  tenantId: string;
  /** @default the email */
  preferredUsername?: string;
  /** The optional `xms_edov` claim (email domain owner verified); absent unless set. */
  emailDomainVerified?: boolean | 'true' | '1' | 'false' | '0';
}

/** Claims of a Microsoft identity platform v2.0 ID token; `undefined` removes one. */
export interface MicrosoftIdClaims {
  ver: string;
  iss: string;
  aud: string;
  tid: string;
  oid: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  nonce?: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  xms_edov?: boolean | string;
  [claim: string]: unknown;
}

export interface FakeMicrosoftOptions {
  /** Application (client) ID. @default '6f1c2b3a-5d4e-4f70-8a9b-0c1d2e3f4a5b' */
  clientId?: string;
  /** @default 'socialkit-test-client-secret' */
  clientSecret?: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string;
  /**
   * The authority in `iss` (`{authority}/{tid}/v2.0`). @default the fake's own base URL, so a server
   * configured with `authority: fake.url` accepts its tokens
   */
  authority?: string;
  /** @default Ada (Contoso, xms_edov), Grace (personal account), Alan (Fabrikam, no xms_edov), Mallory (another tenant claiming Ada's email) */
  accounts?: MicrosoftAccount[];
  /** Sign in with this account (id or email) on the authorize page without showing the chooser. */
  autoSelect?: string;
}

/** What the server's `microsoft()` provider needs to verify against and exchange codes with this fake. */
export interface MicrosoftProviderOptions {
  clientId: string;
  clientSecret: string;
  tenant: string;
  /** Base of `/{tenant}/oauth2/v2.0/{authorize,token}` and the issuer `{authority}/{tid}/v2.0`. */
  authority: string;
  jwksUri: string;
}

export interface MicrosoftMintOptions extends MintOptions {
  /** Sign with the work/school key or the personal-account key instead of the one matching `tid`. */
  signingKey?: 'organizations' | 'consumers';
}

/** ID tokens a Microsoft verifier must refuse, each wrong in exactly one way. */
export interface MicrosoftBadTokens extends BadIdTokens<MicrosoftIdClaims> {
  /** `iss` names another tenant than `tid` (the classic multi-tenant bug). */
  issuerTenantMismatch(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** `iss` is the discovery template with a literal `{tenantid}`. */
  templatedIssuer(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** A v1.0 issuer `https://sts.windows.net/{tid}/`. */
  v1Issuer(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** `tid` (and `iss`) not a GUID. */
  tidNotGuid(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** No `oid` claim. */
  missingOid(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** A personal-account (consumer tenant) token signed with the work/school key. */
  consumerSignedWithOrgKey(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
  /** A work/school token signed with the personal-account key. */
  orgSignedWithConsumerKey(claims?: Partial<MicrosoftIdClaims>): Promise<string>;
}

export interface MicrosoftAuthCodeOptions {
  /** Account id (oid) or email. @default the first account */
  account?: string;
  redirectUri?: string;
  nonce?: string;
  codeChallenge?: string;
  /** @default 'openid profile email' */
  scope?: string;
}

/** A local, offline Microsoft identity platform (v2.0): discovery per tenant, JWKS, authorize page, token endpoint. */
export interface FakeMicrosoft extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  /** What `iss` is built from. */
  readonly authority: string;
  readonly options: MicrosoftProviderOptions;
  readonly accounts: readonly MicrosoftAccount[];
  autoSelect: string | undefined;
  /** An ID token for the first account; claims on top. */
  mintIdToken(claims?: Partial<MicrosoftIdClaims>, opts?: MicrosoftMintOptions): Promise<string>;
  /** An ID token for an account (id, email, or a whole account of any tenant); claims on top. */
  mintIdTokenFor(
    account: string | MicrosoftAccount,
    claims?: Partial<MicrosoftIdClaims>,
    opts?: MicrosoftMintOptions,
  ): Promise<string>;
  readonly bad: MicrosoftBadTokens;
  issueAuthCode(opts?: MicrosoftAuthCodeOptions): string;
  rotateKeys(): Promise<void>;
  jwks(): { keys: Record<string, unknown>[] };
  /** Clears faults, the request log and codes (keys stay). */
  reset(): void;
}

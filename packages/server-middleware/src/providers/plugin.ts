import type { ProviderHttp } from './http';

// Field names below are what provider files build against: add fields, never rename them.

/**
 * The public provider plug-in contract (DESIGN.md "Providers are plug-ins"). A provider is one file
 * exporting a factory — one per built-in provider, or a third party's own — that checks
 * its options at startup (throwing `SocialAuthConfigError` with the fix) and returns a plain object
 * that `satisfies SocialProvider`. The router validates the credential fields generically from
 * `credentials`; the sign-in flow, not the provider, consumes nonces and touches storage.
 */
export interface SocialProvider<Id extends string = string> {
  /** Route id: `POST /:id`, `GET /callback/:id`. Lower-case letters, digits, `-` and `_`. */
  readonly id: Id;
  /** What the body of `POST /:id` may carry. */
  readonly credentials: CredentialSpec;
  /** Public settings for the SDK in `GET /providers` (the router adds `id`); never a secret. */
  publicConfig(): Record<string, unknown>;
  /**
   * Verifies a credential with the provider *and for this app* and returns what the provider
   * vouches for, or throws a `SocialAuthError` (`InvalidTokenError`, `InvalidRequestError`,
   * `ProviderUnavailableError`, `SignupNotAllowedError`). Never trusts a client field it has not
   * checked with the provider.
   */
  verify(credential: CredentialFields, context: VerifyContext): Promise<VerifiedProfile>;
  /**
   * Loads what `publicConfig()` needs from the network (an OIDC issuer's discovery document);
   * `GET /providers` awaits it, and lists a provider whose `ready()` rejected without that part.
   */
  ready?(): Promise<void>;
  /** Releases what the provider holds (timers, pools); called by `socialAuth().close()`. */
  close?(): Promise<void>;
}

/**
 * The credential fields a provider accepts. Every field is a string; the router refuses anything
 * else, an empty string, or a value over `maxLength`, before any provider call or query.
 */
export interface CredentialSpec {
  /**
   * Exactly one of these must be present, e.g. `['idToken', 'code']`: the flows this provider
   * instance has enabled. A body with none, several, or one that is not listed → 400.
   */
  readonly oneOf: readonly string[];
  /** Other fields it reads, each optional unless a rule says `requiredWith`. Others are ignored. */
  readonly fields?: Readonly<Record<string, FieldRule>>;
  /**
   * Credential fields this provider knows but this instance has not enabled (e.g. `accessToken`
   * while `flows` leaves it out): a body carrying one → 400 `invalid_request` with no provider call.
   */
  readonly disabled?: readonly string[];
  /** Cap for the `oneOf` field's value. @default 4096 */
  readonly maxLength?: number;
}

export interface FieldRule {
  /** The value must be a non-empty string of at most this many characters. */
  maxLength: number;
  /** The whole value must match it. */
  pattern?: RegExp;
  /** Required whenever this `oneOf` member is the one sent (e.g. `codeVerifier` with `code`). */
  requiredWith?: readonly string[];
  /** Accepted only with these `oneOf` members; sent with another → 400. */
  onlyWith?: readonly string[];
}

/** The checked body fields: exactly one `oneOf` key plus any of `fields` that were sent. */
export type CredentialFields = Readonly<Record<string, string | undefined>>;

/** What the router hands a provider for one verification. */
export interface VerifyContext {
  /** One keep-alive pool with bounded timeouts; faults, 429 and 5xx become 503 `provider_unavailable`. */
  http: ProviderHttp;
  /** Bound on each outbound call in milliseconds (≤ 5000). */
  timeoutMs: number;
  /**
   * This router's own callback URL for this provider, `{origin}{mount}/callback/{id}`: a code
   * flow's `redirectUri` must equal it or one the provider's options list.
   */
  callbackUrl: string;
}

/** What a provider vouches for after verification; never built from unchecked client fields. */
export interface VerifiedProfile {
  /** The provider's id. */
  provider: string;
  /** Stable id at the provider; identities are keyed by (provider, subject). */
  subject: string;
  /** Lower-cased email as the provider reports it, verified or not. */
  email?: string;
  /** True only when the provider itself vouches for the email (and the app trusts it). */
  emailVerified: boolean;
  name?: string;
  picture?: string;
  /** Organisation domain the provider signed (e.g. a Workspace `hd` claim), never an email suffix. */
  hostedDomain?: string;
  /**
   * A name the client sent that the provider did not sign (Apple's first-consent `user` JSON):
   * fills the name of a new user only, never updates one.
   */
  unsignedName?: string;
  /** The `nonce` claim of an ID token that came from the browser; the sign-in flow consumes it once. */
  nonce?: string;
  /** True when this credential must carry a server-issued nonce (missing → 401). */
  nonceRequired?: boolean;
}

import type { PublicUser, SessionBody, SessionInfo } from '@socialkit/contract';
import type { SocialAuthError } from './errors';

export type { PublicIdentity, PublicUser, SessionBody, SessionInfo } from '@socialkit/contract';

/** A provider id as the server routes it (`POST /:id`), e.g. the id a registered button carries. */
export type ProviderId = string;

/** The signed-in user as the server returns it. */
export type SocialUser = PublicUser;

/** Body of a successful sign-in or refresh; `refreshToken` is absent in cookie mode. */
export type SessionResponse = SessionBody;

/** What the client keeps: an absolute expiry instead of a relative one. */
export interface StoredSession {
  token: string;
  /** Body mode only; in cookie mode the refresh token never reaches page script. */
  refreshToken?: string;
  /** Epoch milliseconds when the session was received. */
  issuedAt: number;
  /** Epoch milliseconds when `token` stops being accepted. */
  expiresAt: number;
  user: SocialUser;
}

/** One provider's public config from `GET /providers` (e.g. a client ID); each button reads its own. */
export type ProviderConfig = Readonly<Record<string, unknown>>;

/** Public config by provider id, from `GET /providers` or given to the client directly. */
export type ProvidersConfig = Readonly<Record<ProviderId, ProviderConfig>>;

/** The credential fields a provider's `POST /:id` accepts, as a JSON object, e.g. `{ idToken }` or `{ code, codeVerifier }`. */
export type ProviderCredential = object;

/** Where the refresh token lives: an `HttpOnly` cookie, or the response body and the client's storage. */
export type RefreshMode = 'cookie' | 'body';

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut';

/**
 * A sign-in answered `account_exists`: the account already signs in with `providers`; signing in
 * with one of them adds `provider` to it. Cleared on success, `cancelLink()`, sign-out, or expiry.
 */
export interface PendingLink {
  /** The providers that can prove the existing account. */
  providers: string[];
  /** The provider whose identity waits to be linked. */
  provider: string;
  /** Epoch milliseconds after which the server no longer accepts the link. */
  expiresAt: number;
}

/** Snapshot of the client state; a new object on every change, so it suits `useSyncExternalStore`. */
export interface AuthState {
  status: AuthStatus;
  user: SocialUser | null;
  token: string | null;
  error: SocialAuthError | null;
  pendingLink: PendingLink | null;
}

/** What a sign-in resolves to. */
export interface SignInResult {
  user: SocialUser;
  isNewUser: boolean;
  /** Set when this sign-in also linked a pending identity. */
  linked?: { provider: string; subject: string };
}

/** Anything with a current value and change notifications, in the shape `useSyncExternalStore` takes. */
export interface Observable<T> {
  getState(): T;
  /** Returns unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** Loading state of the public provider config. */
export interface ProvidersState {
  status: 'loading' | 'ready' | 'error';
  config: ProvidersConfig | null;
  error: SocialAuthError | null;
}

/** The signed-in user's devices (`GET /sessions`). */
export interface SessionsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  sessions: SessionInfo[];
  error: SocialAuthError | null;
}

/** Signed-in devices: load them, end one, or end all. */
export interface SessionsController extends Observable<SessionsState> {
  load(): Promise<SessionInfo[]>;
  /** Ends one session (its refresh family and access tokens); ending this device's signs it out. */
  revoke(id: string): Promise<void>;
  /** Ends every session of the user, this one included. */
  revokeAll(): Promise<void>;
}

/** The framework-free client: a subscribable auth state plus the actions that change it. */
export interface SocialAuthClient extends Observable<AuthState> {
  /** Resolves once the session has been restored (from storage, or with one refresh in cookie mode). */
  ready(): Promise<void>;
  /** Where the socialkit router is mounted, as given; popup flows build the callback URL from it. */
  readonly apiUrl: string;
  /** The refresh mode in use, fixed at construction. */
  readonly refreshMode: RefreshMode;
  /** Provider config; loads `GET /providers` on first subscribe unless given as an option. */
  readonly providers: Observable<ProvidersState> & { load(): Promise<ProvidersConfig> };
  getProviders(): Promise<ProvidersConfig>;
  /** A fresh one-time nonce for the next ID-token sign-in. */
  getNonce(): Promise<string>;
  /** Signs in; with a pending link and one of its providers, also completes the link. */
  signIn(provider: ProviderId, credential: ProviderCredential): Promise<SignInResult>;
  /** Adds an identity to the signed-in user (`POST /link/:provider`). */
  link(provider: ProviderId, credential: ProviderCredential): Promise<SocialUser>;
  /** Removes an identity (`DELETE /identities/:provider/:subject`); the last one cannot go. */
  unlink(provider: ProviderId, subject: string): Promise<SocialUser>;
  /** Drops the pending link without linking. */
  cancelLink(): void;
  readonly sessions: SessionsController;
  signOut(): Promise<void>;
  /** Refreshes now (once across tabs); resolves to the new token, or `null` when signed out. */
  refresh(): Promise<string | null>;
  /**
   * `fetch` that adds `Authorization: Bearer` for the API's origin and `allowedOrigins` only;
   * refreshes once and retries on an expired token from those origins.
   */
  authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Stops timers and tab listeners; any later call starts the client again. */
  destroy(): void;
}

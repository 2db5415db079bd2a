import type { SocialAuthError } from './errors';

/** Provider ids the SDK has buttons for. */
export type ProviderId = 'google' | 'facebook';

/** The signed-in user as the server returns it. */
export interface SocialUser {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  picture: string | null;
  providers: string[];
}

/** Body of a successful `POST /:provider` or `POST /refresh`. */
export interface SessionResponse {
  token: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  user: SocialUser;
  isNewUser: boolean;
}

/** What the client keeps in storage: an absolute expiry instead of a relative one. */
export interface StoredSession {
  token: string;
  refreshToken: string;
  /** Epoch milliseconds when the session was received. */
  issuedAt: number;
  /** Epoch milliseconds when `token` stops being accepted. */
  expiresAt: number;
  user: SocialUser;
}

/**
 * Google flows the server accepts (GIS ID token, implicit access token, auth code), named like the
 * `POST /:provider` body field each one sends.
 */
export type GoogleFlow = 'idToken' | 'accessToken' | 'code';

/** Public provider config, from `GET /providers` or given to the client directly. */
export interface ProvidersConfig {
  google?: { clientId: string; flows?: GoogleFlow[] };
  facebook?: { appId: string };
}

/** What `signIn` posts for a provider: exactly one of the three credentials. */
export type ProviderCredential =
  | { idToken: string }
  | { accessToken: string; userID?: string }
  | { code: string };

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut';

/** Snapshot of the client state; a new object on every change, so it suits `useSyncExternalStore`. */
export interface AuthState {
  status: AuthStatus;
  user: SocialUser | null;
  token: string | null;
  error: SocialAuthError | null;
}

/** The framework-free client: a subscribable auth state plus the actions that change it. */
export interface SocialAuthClient {
  getState(): AuthState;
  /**
   * Starts the client on first call (reads storage, listens to other tabs); returns unsubscribe.
   * When the last listener leaves, timers and tab listeners pause until the next subscribe.
   */
  subscribe(listener: () => void): () => void;
  /** Resolves once the stored session has been read (and refreshed if it was stale). */
  ready(): Promise<void>;
  getProviders(): Promise<ProvidersConfig>;
  /** A fresh one-time nonce for the next Google sign-in. */
  getNonce(): Promise<string>;
  signIn(
    provider: ProviderId,
    credential: ProviderCredential,
  ): Promise<{ user: SocialUser; isNewUser: boolean }>;
  signOut(): Promise<void>;
  /** Refreshes now (once across tabs); resolves to the new token, or `null` when signed out. */
  refresh(): Promise<string | null>;
  /** `fetch` with `Authorization: Bearer`; refreshes once and retries on an expired token. */
  authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Stops timers and tab listeners; any later call starts the client again. */
  destroy(): void;
}

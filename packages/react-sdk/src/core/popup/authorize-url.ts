import { ROUTES } from '@socialkit/contract';

/** What goes into the provider's authorization request (OAuth 2.0 §4.1.1 with PKCE and OIDC). */
export interface AuthorizeRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  /** The PKCE S256 challenge; omitted only for a provider that ignores PKCE. */
  codeChallenge?: string;
  /** The server-issued nonce, for providers that put it in the ID token (OIDC Core §3.1.2.1). */
  nonce?: string;
  /**
   * `'code id_token'` also returns an ID token with the code (Apple with `response_mode=form_post`).
   * @default 'code'
   */
  responseType?: 'code' | 'code id_token';
  /** Provider-specific parameters, e.g. Apple's `response_mode=form_post` or `prompt`. */
  params?: Readonly<Record<string, string>>;
}

/** The authorization URL; parameters already in the endpoint (a tenant's `p=` policy) are kept. */
export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(request.authorizationEndpoint);
  const query = url.searchParams;
  for (const [name, value] of Object.entries(request.params ?? {})) query.set(name, value);
  // Set after `params`, so a caller cannot weaken the protocol fields by accident.
  query.set('response_type', request.responseType ?? 'code');
  query.set('client_id', request.clientId);
  query.set('redirect_uri', request.redirectUri);
  query.set('scope', request.scope);
  query.set('state', request.state);
  if (request.codeChallenge !== undefined) {
    query.set('code_challenge', request.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  if (request.nonce !== undefined) query.set('nonce', request.nonce);
  return url.toString();
}

/**
 * The router's callback page for a provider, `{apiUrl}/callback/{id}` made absolute against the
 * page: the `redirect_uri` the provider sends the popup to and the one the server checks.
 */
export function callbackUrl(apiUrl: string, provider: string, base = globalThis.location?.href): string {
  const root = new URL(apiUrl, base);
  return `${root.origin}${root.pathname.replace(/\/+$/, '')}${ROUTES.callback(provider)}`;
}

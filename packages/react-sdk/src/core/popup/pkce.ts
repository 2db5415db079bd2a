/** A PKCE pair (RFC 7636): the verifier stays in this tab, only its S256 challenge leaves it. */
export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** Unpadded base64url (RFC 4648 §5), the encoding of PKCE values and of `state`. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `byteLength` random bytes as base64url; 32 bytes give 256 bits, above RFC 9700 §4.7.1's 128. */
export function randomToken(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  globalThis.crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

/**
 * A fresh verifier (43 characters from 32 random bytes, RFC 7636 §4.1) and its S256 challenge,
 * computed with Web Crypto. `plain` is never offered: a provider that only knows `plain` would
 * leak the verifier in the authorization request (RFC 9700 §2.1.1).
 */
export async function createPkcePair(): Promise<PkcePair> {
  const codeVerifier = randomToken(32);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return { codeVerifier, codeChallenge: base64Url(new Uint8Array(digest)), codeChallengeMethod: 'S256' };
}

import type { FakeGoogle } from '@socialkit/testing';

/**
 * Google ID tokens for `count` distinct users (`${prefix}-${i}`), without a nonce: the app runs with
 * `google.nonce: 'optional'` so tokens can be minted ahead of the timed run.
 *
 * @example
 * const bodies = (await mintGoogleUsers(google, 'new-1', 300)).map((idToken) => ({ idToken }));
 */
export async function mintGoogleUsers(google: FakeGoogle, prefix: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    tokens.push(
      await google.mintIdToken({
        sub: id,
        email: `${id}@bench.example`,
        name: `Bench ${id}`,
        nonce: undefined,
      }),
    );
  }
  return tokens;
}

/** POST bodies for `/auth/google`. */
export const idTokenBodies = (tokens: readonly string[]) => tokens.map((idToken) => ({ idToken }));

/**
 * Buttons are registered by provider id.
 *
 * A provider's button lives in its own folder, `src/providers/<id>/`, whose `index.ts` is the
 * package entry `@socialkit/react/<id>` (add it to `package.json` `exports`; `tsup.config.ts` builds
 * every folder under `src/providers/` on its own). The entry exports one definition made with
 * {@link defineSocialButton} — `{ id, name, Button }` — and the button component itself. Nothing
 * outside the folder names the provider, so an app that imports one provider's entry bundles no other
 * provider's code, and the provider's SDK wrapper stays an optional peer.
 *
 * An app registers the buttons it wants on the provider; `<SocialLogin providers>` then maps ids to
 * them, and prompts such as the pending-link message use each button's `name`:
 *
 * @example
 * ```tsx
 * import { defineSocialButton, SocialAuthProvider, SocialLogin } from '@socialkit/react';
 * import { githubButton } from '@socialkit/react/github';
 *
 * const acmeButton = defineSocialButton({ id: 'acme', name: 'Acme', Button: AcmeButton });
 *
 * <SocialAuthProvider apiUrl="/auth" buttons={[githubButton, acmeButton]}>
 *   <SocialLogin providers={['acme', 'github']} />
 * </SocialAuthProvider>
 * ```
 *
 * A `Button` receives {@link SocialButtonProps}. It gets the provider's public config with
 * `useProviderConfig(id)`, runs the provider's own dialog, and hands the credential to
 * `useSignInAttempt(id, props).complete(credential)` — which signs in, or links when
 * `props.intent === 'link'`, or completes a pending link — and shows `<SignInError>`. Server nonces
 * come from `useNonce()`. All three are exported from `@socialkit/react`; the framework-free
 * equivalents (`createSignInAttempt`, `createNonceObserver`, `client.providers`) from
 * `@socialkit/react/core`.
 */
import type { ComponentType } from 'react';
import type { SocialAuthError } from '../core/errors';
import type { SignInResult } from '../core/types';

/** What a registered button is asked to do with the credential it obtains. */
export type SignInIntent = 'signIn' | 'link';

/** Callbacks every login button accepts. */
export interface SignInCallbacks {
  onSuccess?: (result: SignInResult) => void;
  onError?: (error: SocialAuthError) => void;
}

/** Props `<SocialLogin>` passes to every registered button (plus its per-id `buttonProps`). */
export interface SocialButtonProps extends SignInCallbacks {
  /**
   * `'signIn'` posts the credential to `POST /:provider`; `'link'` adds the identity to the
   * signed-in user with `POST /link/:provider`.
   * @default 'signIn'
   */
  intent?: SignInIntent;
  /** Text and accessible name; each button has a translatable default. */
  label?: string;
  className?: string;
}

/** One provider's button, registered by id. */
export interface SocialButton {
  /** The provider id, as the server routes it (`POST /:id`) and lists it in `GET /providers`. */
  id: string;
  /** Display name used in sentences, e.g. the pending-link prompt; `messages.providerNames[id]` overrides it. */
  name: string;
  /** Extra props of its own must be optional; `<SocialLogin buttonProps={{ [id]: … }}>` passes them. */
  Button: ComponentType<SocialButtonProps>;
}

/**
 * Declares a button for the `buttons` prop of `<SocialAuthProvider>`; returns it unchanged, typed.
 *
 * @example
 * ```tsx
 * export const acmeButton = defineSocialButton({ id: 'acme', name: 'Acme', Button: AcmeButton });
 * ```
 */
export function defineSocialButton<B extends SocialButton>(button: B): B {
  return button;
}

/** Buttons by id; a later registration of the same id replaces the earlier one. */
export function createButtonRegistry(
  buttons: readonly SocialButton[] = [],
): ReadonlyMap<string, SocialButton> {
  return new Map(buttons.map((button) => [button.id, button]));
}

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';

/**
 * Answers the account chooser the `@socialkit/testing` stand-ins show ("Sign in with Google" or
 * "Log in with Facebook"), like a user: one button per account, plus "Cancel".
 */
export async function answerChooser(dialog: 'Sign in with Google' | 'Log in with Facebook', choice: RegExp) {
  const chooser = await screen.findByRole('dialog', { name: dialog });
  fireEvent.click(await within(chooser).findByRole('button', { name: choice }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

/** Google's rendered button, once the GIS stand-in has drawn it (the placeholder before it is disabled). */
export function googleButton(name = 'Sign in with Google') {
  return waitFor(() => {
    const button = screen.getByRole('button', { name });
    expect(button.hasAttribute('disabled')).toBe(false);
    return button;
  });
}

/**
 * Waits until the Facebook SDK stand-in has run `fbAsyncInit` (and so `FB.init`): like the real SDK,
 * `FB.login` before `FB.init` does nothing.
 */
export async function facebookReady() {
  const host = window as unknown as { FB?: unknown; fbAsyncInit?: unknown };
  await waitFor(() => expect(typeof host.fbAsyncInit).toBe('function'));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

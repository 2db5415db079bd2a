import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Clicks a provider's button, picks `account` in the stand-in's chooser, and waits for the account card. */
export async function signInThroughChooser(
  page: Page,
  provider: 'google' | 'facebook',
  account: string,
): Promise<void> {
  const [button, dialog] =
    provider === 'google'
      ? ['Sign in with Google', 'Sign in with Google']
      : ['Continue with Facebook', 'Log in with Facebook'];
  await page.getByRole('button', { name: button }).click();
  await page
    .getByRole('dialog', { name: dialog })
    .getByRole('button', { name: new RegExp(account) })
    .click();
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(account);
}

/** Calls the notes API directly, as any client holding `token` could. */
export async function getNotes(
  origin: string,
  token: string,
): Promise<{ status: number; body: unknown; challenge: string | null }> {
  const response = await fetch(`${origin}/api/notes`, { headers: { Authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    body: await response.json(),
    challenge: response.headers.get('www-authenticate'),
  };
}

import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Clicks a provider's button, picks `account` in the stand-in's chooser, and waits for the account card. */
export async function signInThroughChooser(
  page: Page,
  provider: 'google' | 'facebook',
  account: string,
): Promise<void> {
  await pickInChooser(page, provider, account);
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(account);
}

/** Clicks Google's or Facebook's button and picks `account` in its stand-in's in-page chooser. */
export async function pickInChooser(
  page: Page,
  provider: 'google' | 'facebook',
  account: string,
): Promise<void> {
  const [button, dialog] =
    provider === 'google'
      ? ['Sign in with Google', 'Sign in with Google']
      : ['Continue with Facebook', 'Log in with Facebook'];
  await page.getByRole('button', { name: button }).first().click();
  await page
    .getByRole('dialog', { name: dialog })
    .getByRole('button', { name: new RegExp(account) })
    .click();
}

/**
 * Clicks a popup provider's button (Apple, Microsoft, GitHub, OIDC), picks `account` in the fake's
 * account chooser inside the real popup window, and waits for the popup to close.
 */
export async function signInThroughPopup(page: Page, button: string, account: string): Promise<void> {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: button }).first().click(),
  ]);
  // Listen before the click: the callback page may close the popup before the click resolves.
  const closed = popup.waitForEvent('close', { timeout: 15_000 });
  await popup.getByRole('button', { name: new RegExp(account) }).click();
  await closed;
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

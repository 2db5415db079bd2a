import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPage, launchChromium } from './support/browser';
import { startTestDemo } from './support/demo';
import { getNotes, signInThroughPopup } from './support/sign-in';

// Every provider without credentials runs in the sandbox: the real button opens a real popup on the
// fake's account chooser, the fake redirects to the router's callback page, which hands the code back.
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startTestDemo(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const CASES = [
  { id: 'apple', button: 'Sign in with Apple', account: 'Ada Lovelace', tag: 'Apple' },
  { id: 'microsoft', button: 'Sign in with Microsoft', account: 'Alan Turing', tag: 'Microsoft' },
  { id: 'github', button: 'Continue with GitHub', account: 'Grace Hopper', tag: 'GitHub' },
  { id: 'oidc', button: 'Continue with Sandbox SSO', account: 'Ada Lovelace', tag: 'Sandbox SSO' },
] as const;

describe('popup providers in the sandbox', () => {
  it.each(CASES)('$id signs in through its button, the popup and the callback page', async (c) => {
    const { page, context, requests, session } = await isolatedPage(browser, [demo.origin]);
    await page.goto(demo.origin);
    await signInThroughPopup(page, c.button, c.account);

    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(c.account);
    expect(await page.getByText('Signed in with').textContent()).toContain(c.tag);
    const paths = requests.map((url) => `${url.pathname}`);
    // The popup went to the fake's authorization page, came back to the router's callback, and the
    // page posted the code (with its PKCE verifier) to the router.
    expect(paths.some((path) => path.startsWith(`/sandbox/${c.id}/`))).toBe(true);
    expect(paths).toContain(`/auth/callback/${c.id}`);
    expect(paths).toContain(`/auth/${c.id}`);
    const authorize = requests.find(
      (url) => url.pathname.startsWith(`/sandbox/${c.id}/`) && url.searchParams.has('state'),
    );
    expect(authorize?.searchParams.get('code_challenge_method') ?? 'S256').toBe('S256');
    expect(requests.every((url) => url.origin === demo.origin)).toBe(true);

    // The session is a real one: the protected API accepts its token.
    expect((await getNotes(demo.origin, (await session.token()) as string)).status).toBe(200);
    await context.close();
  });

  it('closing the popup leaves the page signed out, with nothing posted', async () => {
    const { page, context, requests } = await isolatedPage(browser, [demo.origin]);
    await page.goto(demo.origin);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Continue with GitHub' }).click(),
    ]);
    await popup.getByRole('button', { name: /Grace Hopper/ }).waitFor();
    await popup.close();
    await expect
      .poll(() => page.locator('[data-provider="github"] [data-error-code]').getAttribute('data-error-code'))
      .toMatch(/popup_closed|cancelled/);
    expect(requests.some((url) => url.pathname === '/auth/github')).toBe(false);
    expect(await page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
    await context.close();
  });
});

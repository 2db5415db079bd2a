import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPage, launchChromium } from './support/browser';
import { startTestDemo } from './support/demo';

// No provider credentials at all: both providers run in the sandbox, as on a fresh clone.
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startTestDemo(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const openDemo = async () => {
  const session = await isolatedPage(browser, [demo.origin]);
  await session.page.goto(demo.origin);
  return session;
};

describe('sandbox mode', () => {
  it('says so in a banner and serves every provider locally', async () => {
    expect(demo.sandbox).toEqual({
      google: true,
      apple: true,
      microsoft: true,
      github: true,
      facebook: true,
      oidc: true,
    });
    const { page, context } = await openDemo();
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Sandbox mode' }).textContent())
      .toMatch(
        /Sandbox mode.*Google, Apple, Microsoft, GitHub, Facebook and Sandbox SSO sign-in are simulated/,
      );
    await context.close();
  });

  it('signs in with Google by picking Grace Hopper in the account chooser', async () => {
    const { page, context, requests } = await openDemo();
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    const chooser = page.getByRole('dialog', { name: 'Sign in with Google' });
    await chooser.getByRole('button', { name: /Grace Hopper/ }).click();

    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Grace Hopper');
    expect(await page.getByTestId('user-email').textContent()).toBe('grace@example.com');
    expect(await page.locator('img.avatar').getAttribute('src')).toMatch(
      /\/sandbox\/google\/sandbox\/avatars\//,
    );
    // The real @react-oauth/google loader ran, but its script came from the demo server.
    const paths = requests.map((url) => `${url.origin}${url.pathname}`);
    expect(paths).toContain(`${demo.origin}/sandbox/google/gsi/client.js`);
    expect(paths).toContain(`${demo.origin}/auth/google`);
    expect(requests.every((url) => url.origin === demo.origin)).toBe(true);
    await context.close();
  });

  it('signs in with Facebook as Alan Turing, a new account (Facebook emails are unverified by default)', async () => {
    const { page, context, requests } = await openDemo();
    await page.getByRole('button', { name: 'Continue with Facebook' }).click();
    const chooser = page.getByRole('dialog', { name: 'Log in with Facebook' });
    await chooser.getByRole('button', { name: /Alan Turing/ }).click();

    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Alan Turing');
    const providers = await page.getByText('Signed in with').textContent();
    expect(providers).toContain('Facebook');
    expect(providers).not.toContain('Google');
    const paths = requests.map((url) => url.pathname);
    expect(paths).toContain('/sandbox/facebook/sdk.js');
    expect(paths).toContain('/auth/facebook');
    await context.close();
  });

  it('returns to the sign-in page when the chooser is cancelled, showing nothing signed in', async () => {
    const { page, context } = await openDemo();
    await page.getByRole('button', { name: 'Continue with Facebook' }).click();
    await page
      .getByRole('dialog', { name: 'Log in with Facebook' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect
      .poll(() => page.locator('[data-error-code]').getAttribute('data-error-code'))
      .toBe('cancelled');
    expect(await page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
    await context.close();
  });
});

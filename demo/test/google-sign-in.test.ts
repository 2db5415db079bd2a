import { createFakeGoogle, type FakeGoogle, installProviderStandIns } from '@socialkit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPage, launchChromium } from './support/browser';
import { reportedReasons, startTestDemo } from './support/demo';
import { getNotes, signInThroughChooser } from './support/sign-in';

// Google is "live" here: real client ID check, real JWKS verification, only the URLs point at a fake.
let google: FakeGoogle;
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let browser: Browser;

beforeAll(async () => {
  google = createFakeGoogle({ clientId: 'demo-e2e.apps.googleusercontent.com' });
  await google.listen();
  [demo, browser] = await Promise.all([
    startTestDemo({
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_JWKS_URI: google.options.jwksUri,
      GOOGLE_TOKENINFO_URL: google.options.tokenInfoUrl,
      GOOGLE_USERINFO_URL: google.options.userInfoUrl,
      GOOGLE_TOKEN_URL: google.options.tokenUrl,
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await google?.close();
});

async function openDemo() {
  const session = await isolatedPage(browser, [demo.origin, google.baseUrl]);
  await installProviderStandIns(session.page, { google });
  await session.page.goto(demo.origin);
  return session;
}

describe('Google sign-in against the configured (faked) Google', () => {
  it('loads the GIS script from Google’s URL, verifies the ID token with the JWKS and shows the user', async () => {
    expect(demo.sandbox.google).toBe(false);
    const { page, context, requests } = await openDemo();
    await signInThroughChooser(page, 'google', 'Ada Lovelace');

    expect(await page.getByTestId('user-email').textContent()).toBe('ada@example.com');
    expect(await page.locator('img.avatar').getAttribute('src')).toBe(
      `${google.baseUrl}/sandbox/avatars/1234567890.svg`,
    );
    expect(requests.map((url) => `${url.origin}${url.pathname}`)).toContain(
      'https://accounts.google.com/gsi/client',
    );
    expect(requests.some((url) => url.pathname.startsWith('/sandbox/google'))).toBe(false);
    expect(google.requests.map((request) => request.path)).toContain('/oauth2/v3/certs');
    await context.close();
  });

  it('keeps the session across a reload without signing in again', async () => {
    const { page, context, requests } = await openDemo();
    await signInThroughChooser(page, 'google', 'Grace Hopper');
    const signIns = () => requests.filter((url) => url.pathname === '/auth/google').length;
    expect(signIns()).toBe(1);

    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Grace Hopper');
    expect(signIns()).toBe(1);
    await context.close();
  });

  it('adds notes through the protected API and lists them, newest first, after a reload', async () => {
    const { page, context } = await openDemo();
    await signInThroughChooser(page, 'google', 'Ada Lovelace');
    const field = page.getByLabel('New note');
    for (const text of ['Buy punch cards', 'Write the first program']) {
      await field.fill(text);
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => field.inputValue()).toBe('');
    }
    await page.reload();
    const notes = page.getByRole('list', { name: 'Notes' }).locator('.note-text');
    await expect.poll(() => notes.allTextContents()).toEqual(['Write the first program', 'Buy punch cards']);
    await context.close();
  });

  it('signs out to the sign-in page, after which the old access and refresh tokens are refused', async () => {
    const { page, context, session } = await openDemo();
    await signInThroughChooser(page, 'google', 'Ada Lovelace');
    const [token, refreshToken] = [await session.token(), await session.refreshToken()];
    expect(token).toEqual(expect.any(String));
    expect(refreshToken).toEqual(expect.any(String));
    expect((await getNotes(demo.origin, token as string)).status).toBe(200);

    // The SDK clears the page first and tells the server in the background, so wait for that call.
    const loggedOut = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/logout');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await loggedOut).status()).toBe(204);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
    expect(await session.refreshToken()).toBeUndefined();

    const refused = await getNotes(demo.origin, token as string);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer error="invalid_token"');
    expect(refused.body).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
    const refresh = await fetch(`${demo.origin}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refresh.status).toBe(401);
    expect(await refresh.json()).toMatchObject({ error: { code: 'invalid_refresh_token' } });
    await context.close();
  });

  it('refuses an ID token Google issued to another app and shows the error code', async () => {
    const { page, context, requests, session } = await openDemo();
    // A genuine Google signature, but the token was minted for someone else's client ID.
    await page.route(`${google.baseUrl}/sandbox/id-token`, (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      return route.continue({
        postData: JSON.stringify({ ...body, client_id: 'another-app.apps.googleusercontent.com' }),
      });
    });
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    await page
      .getByRole('dialog', { name: 'Sign in with Google' })
      .getByRole('button', { name: /Ada Lovelace/ })
      .click();

    const alert = page.locator('[data-provider="google"] [role="alert"]');
    await expect.poll(() => alert.getAttribute('data-error-code')).toBe('invalid_token');
    expect(await alert.textContent()).toMatch(/could not be verified/);
    expect(requests.filter((url) => url.pathname === '/auth/google')).toHaveLength(1);
    expect(reportedReasons(demo.errors).join('\n')).toMatch(/audience/);
    expect(await session.refreshToken()).toBeUndefined();
    expect(await session.token()).toBeUndefined();
    expect(await page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
    await context.close();
  });
});

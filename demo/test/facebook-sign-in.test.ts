import { createFakeFacebook, type FakeFacebook, installProviderStandIns } from '@socialkit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPage, launchChromium } from './support/browser';
import { reportedReasons, startTestDemo } from './support/demo';
import { getNotes, signInThroughChooser } from './support/sign-in';

// Facebook is "live" here: app ID and secret checks through debug_token, with Graph faked locally.
let facebook: FakeFacebook;
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let browser: Browser;

beforeAll(async () => {
  facebook = createFakeFacebook({ appId: '4242424242424242', appSecret: 'demo-e2e-facebook-app-secret' });
  await facebook.listen();
  [demo, browser] = await Promise.all([
    startTestDemo({
      FACEBOOK_APP_ID: facebook.appId,
      FACEBOOK_APP_SECRET: facebook.appSecret,
      FACEBOOK_GRAPH_URL: facebook.options.graphUrl,
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await facebook?.close();
});

async function openDemo() {
  const session = await isolatedPage(browser, [demo.origin, facebook.baseUrl]);
  await installProviderStandIns(session.page, { facebook });
  await session.page.goto(demo.origin);
  return session;
}

describe('Facebook sign-in against the configured (faked) Graph API', () => {
  it('loads the SDK from Facebook’s URL, checks the token with debug_token and shows the user', async () => {
    expect(demo.sandbox).toMatchObject({ google: true, facebook: false, github: true });
    const { page, context, requests, session } = await openDemo();
    await signInThroughChooser(page, 'facebook', 'Grace Hopper');

    // Facebook sends no email_verified: without FACEBOOK_TRUST_EMAIL the address is never the
    // account's verified email (at most shown marked unverified).
    const email = page.getByTestId('user-email');
    if ((await email.count()) > 0) expect(await email.textContent()).toMatch(/unverified$/);
    expect(await page.getByText('Signed in with').textContent()).toContain('Facebook');
    expect(
      requests.some(
        (url) => url.origin === 'https://connect.facebook.net' && url.pathname.endsWith('/sdk.js'),
      ),
    ).toBe(true);
    const graphPaths = facebook.requests.map((request) => request.path);
    expect(graphPaths).toContain('/v23.0/debug_token');
    expect(graphPaths).toContain('/v23.0/me');

    const notes = await getNotes(demo.origin, (await session.token()) as string);
    expect(notes).toMatchObject({ status: 200, body: { notes: [] } });
    await context.close();
  });

  it('refuses a Facebook token issued to another app and shows the error code', async () => {
    const { page, context, session } = await openDemo();
    await page.route(`${facebook.baseUrl}/sandbox/login`, (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      return route.continue({ postData: JSON.stringify({ ...body, app_id: '1111111111111111' }) });
    });
    await page.getByRole('button', { name: 'Continue with Facebook' }).click();
    await page
      .getByRole('dialog', { name: 'Log in with Facebook' })
      .getByRole('button', { name: /Alan Turing/ })
      .click();

    const alert = page.locator('[data-provider="facebook"] [role="alert"]');
    await expect.poll(() => alert.getAttribute('data-error-code')).toBe('invalid_token');
    expect(await session.refreshToken()).toBeUndefined();
    expect(await page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
    expect(reportedReasons(demo.errors).join('\n')).toMatch(/for this app/);
    await context.close();
  });
});

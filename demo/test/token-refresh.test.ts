import { createFakeGoogle, type FakeGoogle, installProviderStandIns } from '@socialkit/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedPage, launchChromium } from './support/browser';
import { startTestDemo } from './support/demo';
import { getNotes, signInThroughChooser } from './support/sign-in';

const TTL_SECONDS = 2;
let google: FakeGoogle;
let demo: Awaited<ReturnType<typeof startTestDemo>>;
let browser: Browser;

beforeAll(async () => {
  google = createFakeGoogle();
  await google.listen();
  [demo, browser] = await Promise.all([
    startTestDemo({
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_JWKS_URI: google.options.jwksUri,
      ACCESS_TOKEN_TTL: String(TTL_SECONDS),
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await google?.close();
});

it('refreshes an expired access token without the user noticing', async () => {
  const { page, context, requests, session } = await isolatedPage(browser, [demo.origin, google.baseUrl]);
  await installProviderStandIns(page, { google });
  await page.goto(demo.origin);
  await signInThroughChooser(page, 'google', 'Ada Lovelace');
  const first = { token: (await session.token()) as string };
  await page.getByLabel('New note').fill('Written before the token expired');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect
    .poll(() => page.locator('.note-text').allTextContents())
    .toEqual(['Written before the token expired']);

  await page.waitForTimeout((TTL_SECONDS + 1) * 1000);
  const expired = await getNotes(demo.origin, first.token);
  expect(expired.status).toBe(401);
  expect(expired.body).toMatchObject({ error: { code: 'token_expired' } });

  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByLabel('New note').fill('Written after it expired');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect
    .poll(() => page.locator('.note-text').allTextContents())
    .toEqual(['Written after it expired', 'Written before the token expired']);

  expect(requests.filter((url) => url.pathname === '/auth/refresh').length).toBeGreaterThan(0);
  expect(await page.locator('[role="alert"]').count()).toBe(0);
  expect(await page.getByTestId('user-name').textContent()).toBe('Ada Lovelace');
  const current = { token: (await session.token()) as string };
  expect(current.token).not.toBe(first.token);
  expect((await getNotes(demo.origin, current.token)).status).toBe(200);
  await context.close();
});

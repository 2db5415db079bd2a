import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPage, launchChromium, REFRESH_COOKIE, scriptReadableState } from './support/browser';
import { startTestDemo } from './support/demo';
import { getNotes, pickInChooser, signInThroughChooser } from './support/sign-in';

// The sandbox as on a fresh clone, in cookie mode (the SDK's default for a same-origin API).
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

/** The user id (`sub`) an API token was issued to. */
function subjectOf(token: string | undefined): string {
  const payload = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()) as {
    sub?: unknown;
  };
  if (typeof payload.sub !== 'string') throw new Error('no API token seen');
  return payload.sub;
}

const providersShown = async (page: Page) => (await page.getByText('Signed in with').textContent()) ?? '';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible()).toBe(true);
}

describe('account linking', () => {
  it('Google user → Facebook with the same email → prompt → Google → linked; both sign in to one account', async () => {
    const { page, context, requests, session } = await openDemo();
    await signInThroughChooser(page, 'google', 'Ada Lovelace');
    const adaId = subjectOf(await session.token());
    await signOut(page);

    // Facebook's email is unverified by default, so it cannot join Ada's account on its own.
    await pickInChooser(page, 'facebook', 'Ada Lovelace');
    const prompt = page.getByText(
      /You already have an account that signs in with Google\. Continue with Google to add Facebook\./,
    );
    await expect.poll(() => prompt.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Continue with Facebook' }).count()).toBe(0);
    expect(await page.getByTestId('user-name').count()).toBe(0);

    // Proving the original provider completes the link.
    await signInThroughChooser(page, 'google', 'Ada Lovelace');
    await expect.poll(() => providersShown(page)).toMatch(/Google.*Facebook|Facebook.*Google/);
    const signIns = requests.filter((url) => url.pathname === '/auth/google');
    expect(signIns).toHaveLength(2);
    await signOut(page);

    // Facebook alone now signs in to the same account.
    await signInThroughChooser(page, 'facebook', 'Ada Lovelace');
    expect(await providersShown(page)).toMatch(/Google.*Facebook|Facebook.*Google/);
    expect(subjectOf(await session.token())).toBe(adaId);
    expect(await page.getByTestId('user-email').textContent()).toBe('ada@example.com');
    await context.close();
  });

  it('connects another provider from the account page, removes it, and never removes the last one', async () => {
    const { page, context } = await openDemo();
    await signInThroughChooser(page, 'google', 'Grace Hopper');
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    const connected = page.getByRole('list', { name: 'Connected accounts' });
    await expect.poll(() => connected.locator('li').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove Google' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('last-identity-hint').textContent()).toMatch(/only way to sign in/);

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Continue with GitHub' }).click(),
    ]);
    await popup.getByRole('button', { name: /Grace Hopper/ }).click();
    await expect.poll(() => connected.locator('li').count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: 'GitHub is now connected' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Remove GitHub' }).click();
    await expect.poll(() => connected.locator('li').count()).toBe(1);
    expect(await connected.textContent()).toContain('Google');
    expect(await page.getByRole('button', { name: 'Remove Google' }).isDisabled()).toBe(true);
    await context.close();
  });
});

describe('signed-in devices', () => {
  it('signing out the other device from the first: its next API call is refused and it lands signed out', async () => {
    const first = await openDemo();
    const second = await openDemo();
    await signInThroughChooser(first.page, 'google', 'Alan Turing');
    await signInThroughChooser(second.page, 'google', 'Alan Turing');
    const secondToken = (await second.session.token()) as string;
    expect((await getNotes(demo.origin, secondToken)).status).toBe(200);

    await first.page.getByRole('link', { name: 'Account', exact: true }).click();
    const devices = first.page.getByRole('list', { name: 'Signed-in devices' });
    await expect.poll(() => devices.locator('li').count()).toBe(2);
    expect(await devices.locator('li[data-current]').textContent()).toContain('This device');
    await devices
      .locator('li:not([data-current])')
      .getByRole('button', { name: /^Sign out/ })
      .click();
    await expect.poll(() => devices.locator('li').count()).toBe(1);

    // The other device's access token is refused at once (revocation by session id)…
    expect((await getNotes(demo.origin, secondToken)).status).toBe(401);
    // …and its next API call, after a refresh that is refused too, signs it out.
    await second.page.getByRole('button', { name: 'Refresh' }).click();
    await expect
      .poll(() => second.page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible())
      .toBe(true);
    expect(await second.page.getByText(/Your session ended/).isVisible()).toBe(true);
    // The first device is unaffected.
    await first.page.getByRole('link', { name: 'Notes', exact: true }).click();
    await expect.poll(() => first.page.getByTestId('user-name').textContent()).toBe('Alan Turing');
    await Promise.all([first.context.close(), second.context.close()]);
  });

  it('"Sign out everywhere" ends every session, this one included', async () => {
    const first = await openDemo();
    const second = await openDemo();
    await signInThroughChooser(first.page, 'google', 'Ada Lovelace');
    await signInThroughChooser(second.page, 'google', 'Ada Lovelace');
    const tokens = [await first.session.token(), await second.session.token()] as string[];
    await first.page.getByRole('link', { name: 'Account', exact: true }).click();
    await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect
      .poll(() => first.page.getByRole('heading', { name: 'Sign in to Notes' }).isVisible())
      .toBe(true);
    for (const token of tokens) expect((await getNotes(demo.origin, token)).status).toBe(401);
    await Promise.all([first.context.close(), second.context.close()]);
  });
});

describe('cookie mode', () => {
  it('a reload restores the session with one POST /refresh; page script can read no refresh token', async () => {
    const { page, context, requests, session } = await openDemo();
    await signInThroughChooser(page, 'google', 'Grace Hopper');
    const refreshToken = (await session.refreshToken()) as string;
    expect(refreshToken.length).toBeGreaterThanOrEqual(43);
    const cookie = (await context.cookies()).find((c) => c.name === REFRESH_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    expect(await scriptReadableState(page)).not.toContain(refreshToken);

    const before = requests.length;
    await page.reload();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Grace Hopper');
    const after = requests.slice(before).filter((url) => url.pathname.startsWith('/auth/'));
    expect(after.filter((url) => url.pathname === '/auth/refresh')).toHaveLength(1);
    expect(after.some((url) => url.pathname === '/auth/google')).toBe(false);

    // Rotated: a new cookie, still out of page script's reach.
    const rotated = (await session.refreshToken()) as string;
    expect(rotated).not.toBe(refreshToken);
    const readable = await scriptReadableState(page);
    expect(readable).not.toContain(rotated);
    expect(readable).not.toContain(REFRESH_COOKIE);
    await context.close();
  });
});

// Takes the README screenshots (demo/docs/*.png) from real Chromium against a sandbox-mode demo.
// Run: pnpm --filter socialkit-demo screenshots
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer } from '../server/start-demo-server';
import { launchChromium } from '../test/support/browser';
import { ensureWebBuild } from '../test/support/web-build';

const docsDir = fileURLToPath(new URL('../docs/', import.meta.url));
const DESKTOP = { width: 1100, height: 720 };
const PHONE = { width: 390, height: 780 };

async function newPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
  return context.newPage();
}

async function signInAs(page: Page, account: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: new RegExp(account) })
    .click();
  await page.getByTestId('user-name').waitFor();
}

async function addNote(page: Page, text: string): Promise<void> {
  await page.getByLabel('New note').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.locator('.note-text', { hasText: text }).waitFor();
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  const path = `${docsDir}${name}.png`;
  await page.screenshot({ path, fullPage });
  console.info(`wrote ${path}`);
}

await ensureWebBuild();
await mkdir(docsDir, { recursive: true });
const demo = await startDemoServer(
  { PORT: '0', AUTH_RATE_LIMIT: '0', API_TOKEN_SECRET: 'screenshots-only-secret-0123456789abcdef' },
  { log: () => {}, logError: () => {} },
);
const browser = await launchChromium();
try {
  const origin = `http://127.0.0.1:${demo.port}`;
  const page = await newPage(browser, DESKTOP);
  await page.goto(origin);
  await page.getByRole('button', { name: 'Continue with Facebook' }).waitFor();
  await page.locator('[data-provider="google"] button').waitFor();
  await shoot(page, 'sign-in');

  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  await page.getByRole('dialog').waitFor();
  await shoot(page, 'account-chooser');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Grace Hopper/ })
    .click();
  await page.getByTestId('user-name').waitFor();
  await addNote(page, 'Nanoseconds: hand out 30 cm of wire at the next lecture.');
  await addNote(page, 'Ask the team what "it has always been done this way" is protecting.');
  await page.mouse.move(0, 0);
  await shoot(page, 'notes');

  // The account page: a second device signed in, and GitHub connected through its popup.
  const otherDevice = await newPage(browser, DESKTOP);
  await otherDevice.goto(origin);
  await signInAs(otherDevice, 'Grace Hopper');
  await page.goto(`${origin}/#/account`);
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Continue with GitHub' }).click(),
  ]);
  await popup.getByRole('button', { name: /Grace Hopper/ }).click();
  await page.getByRole('button', { name: 'Remove GitHub' }).waitFor();
  await page.getByRole('list', { name: 'Signed-in devices' }).locator('li').nth(1).waitFor();
  await page.mouse.move(0, 0);
  await shoot(page, 'account', true);

  // Facebook showing Ada's email cannot join her Google account on its own: prove Google first.
  const linking = await newPage(browser, DESKTOP);
  await linking.goto(origin);
  await signInAs(linking, 'Ada Lovelace');
  await linking.getByRole('button', { name: 'Sign out' }).click();
  await linking.getByRole('button', { name: 'Continue with Facebook' }).click();
  await linking
    .getByRole('dialog')
    .getByRole('button', { name: /Ada Lovelace/ })
    .click();
  await linking.getByText(/You already have an account that signs in with Google/).waitFor();
  await shoot(linking, 'pending-link');

  // A token minted for another app: the server refuses it and the page shows the code.
  const refused = await newPage(browser, DESKTOP);
  await refused.route('**/sandbox/google/sandbox/id-token', (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    return route.continue({
      postData: JSON.stringify({ ...body, client_id: 'another-app.apps.googleusercontent.com' }),
    });
  });
  await refused.goto(origin);
  await refused.getByRole('button', { name: 'Sign in with Google' }).click();
  await refused
    .getByRole('dialog')
    .getByRole('button', { name: /Alan Turing/ })
    .click();
  await refused.locator('[data-error-code="invalid_token"]').waitFor();
  await shoot(refused, 'sign-in-error');

  const phone = await newPage(browser, PHONE);
  await phone.goto(origin);
  await signInAs(phone, 'Ada Lovelace');
  await addNote(phone, 'Note G: Bernoulli numbers, step by step.');
  await shoot(phone, 'notes-phone');
} finally {
  await browser.close();
  await demo.close();
}

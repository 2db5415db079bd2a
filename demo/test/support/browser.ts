import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Flags that keep headless Chromium quiet, offline-friendly and runnable as root in CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One Chromium per test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context per test, with every request to the outside world refused so nothing can
 * silently reach Google or Facebook; `allowed` lists the origins the test serves itself.
 */
export async function isolatedPage(
  browser: Browser,
  allowed: string[],
): Promise<{ context: BrowserContext; page: Page; requests: URL[] }> {
  const context = await browser.newContext();
  const requests: URL[] = [];
  context.on('request', (request) => {
    requests.push(new URL(request.url()));
  });
  await context.route(
    (url) => !url.protocol.startsWith('data') && !allowed.includes(url.origin),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  return { context, page, requests };
}

/** The session the SDK keeps in localStorage (default storage). */
export async function storedSession(page: Page): Promise<{ token: string; refreshToken: string } | null> {
  const raw = await page.evaluate(() => window.localStorage.getItem('socialkit.session'));
  return raw ? (JSON.parse(raw) as { token: string; refreshToken: string }) : null;
}

import type { Browser, BrowserContext, Page } from 'playwright-core';

export { launchChromium } from '@socialkit/testing';

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

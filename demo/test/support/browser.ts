import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

export { launchChromium } from '@socialkit/testing';

/** The refresh-token cookie of cookie mode (DESIGN.md "Cookie mode"). */
export const REFRESH_COOKIE = 'socialkit_rt';

/** What a test can learn of a page's session without page script: the server's answers and the cookie jar. */
export interface SessionProbe {
  /** The access token of the last sign-in or refresh answer this page received. */
  token(): Promise<string | undefined>;
  /** The `socialkit_rt` cookie (HttpOnly: the test reads it from the browser, page script cannot). */
  refreshToken(): Promise<string | undefined>;
}

const SESSION_ANSWER = /^\/auth\/(?!nonce$|logout$|providers$|me$|sessions|identities|callback)[\w-]+$/;

function watchSession(context: BrowserContext, page: Page): SessionProbe {
  let last: Promise<string | undefined> = Promise.resolve(undefined);
  page.on('response', (response: Response) => {
    const { pathname } = new URL(response.url());
    if (response.request().method() !== 'POST' || !SESSION_ANSWER.test(pathname) || !response.ok()) return;
    const previous = last;
    last = response
      .json()
      .then((body: { token?: unknown }) => (typeof body.token === 'string' ? body.token : previous))
      .catch(() => previous);
  });
  return {
    token: () => last,
    refreshToken: async () =>
      (await context.cookies()).find((cookie) => cookie.name === REFRESH_COOKIE)?.value,
  };
}

/**
 * A fresh context per test, with every request to the outside world refused so nothing can
 * silently reach a real provider; `allowed` lists the origins the test serves itself.
 */
export async function isolatedPage(
  browser: Browser,
  allowed: string[],
): Promise<{ context: BrowserContext; page: Page; requests: URL[]; session: SessionProbe }> {
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
  return { context, page, requests, session: watchSession(context, page) };
}

/** Everything page script can read: cookies it can see, localStorage and sessionStorage. */
export async function scriptReadableState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const entries = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, i) => {
        const key = storage.key(i) ?? '';
        return `${key}=${storage.getItem(key)}`;
      });
    return [document.cookie, ...entries(window.localStorage), ...entries(window.sessionStorage)].join('\n');
  });
}

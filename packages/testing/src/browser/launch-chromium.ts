import { existsSync } from 'node:fs';
import type { Browser, LaunchOptions } from 'playwright-core';

/** Headless, offline-friendly and runnable as root in CI: without the background-networking flags
 * Chromium keeps dialling Google's update and sync hosts, which a closed test network refuses. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** `CHROMIUM_PATH`, else the first system Chromium or Chrome found, else Playwright's own download. */
export function chromiumExecutable(): string | undefined {
  return process.env.CHROMIUM_PATH || SYSTEM_BROWSERS.find((path) => existsSync(path));
}

/**
 * Launches headless Chromium through playwright-core for browser tests of a sign-in flow.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await installProviderStandIns(page, { google, facebook, autoSelect: 'ada@example.com' });
 * ```
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const executablePath = options.executablePath ?? chromiumExecutable();
  return chromium.launch({
    ...options,
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

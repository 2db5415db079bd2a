import type { Page } from 'playwright-core';
import type { FakeApple } from '../apple/types';
import type { FakeFacebook } from '../facebook/types';
import type { FakeGoogle } from '../google/types';
import { appleStandInScript, fbStandInScript, gisStandInScript, type StandInChoice } from './scripts';

export interface StandInOptions extends StandInChoice {
  /** Serve the GIS stand-in backed by this fake Google (must be listening). */
  google?: FakeGoogle;
  /** Serve the Facebook SDK stand-in backed by this fake Facebook (must be listening). */
  facebook?: FakeFacebook;
  /** Serve the Apple JS stand-in backed by this fake Apple (must be listening). */
  apple?: FakeApple;
}

/** The choice options without the provider fields, for the script builders. */
export function choiceOf(opts: StandInOptions): StandInChoice {
  const choice: StandInChoice = {};
  if (opts.accounts) choice.accounts = opts.accounts;
  if (opts.autoSelect !== undefined) choice.autoSelect = opts.autoSelect;
  if (opts.chooser !== undefined) choice.chooser = opts.chooser;
  return choice;
}

/**
 * Makes a Playwright page load the stand-ins instead of Google's, Facebook's and Apple's SDK scripts, so an
 * unmodified app signs in against the fakes without network access.
 *
 * @example
 * const fakes = await startFakeProviders();
 * await installProviderStandIns(page, { google: fakes.google, facebook: fakes.facebook });
 * await page.goto(appUrl);
 * await page.getByRole('button', { name: 'Sign in with Google' }).click();
 * await page.getByRole('button', { name: /Grace Hopper/ }).click();
 */
export async function installProviderStandIns(page: Page, opts: StandInOptions): Promise<void> {
  const choice = choiceOf(opts);
  const { google, facebook, apple } = opts;
  if (google) {
    const body = gisStandInScript({ ...choice, tokenEndpoint: `${google.baseUrl}/sandbox/id-token` });
    await page.route('https://accounts.google.com/gsi/client*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }),
    );
  }
  if (facebook) {
    const body = fbStandInScript({ ...choice, loginEndpoint: `${facebook.baseUrl}/sandbox/login` });
    const fulfil = (route: Parameters<Parameters<Page['route']>[1]>[0]) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body });
    await page.route('https://connect.facebook.net/**/sdk.js', fulfil);
    await page.route('https://connect.facebook.net/**/sdk/xfbml.customerchat.js', fulfil);
  }
  if (apple) {
    const body = appleStandInScript({ ...choice, authorizeEndpoint: `${apple.baseUrl}/sandbox/authorize` });
    await page.route(
      'https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/**/appleid.auth.js',
      (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }),
    );
  }
}

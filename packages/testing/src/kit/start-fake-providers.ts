import { createFakeApple } from '../apple/fake-apple';
import type { AppleProviderOptions, FakeApple, FakeAppleOptions } from '../apple/types';
import { createFakeFacebook } from '../facebook/fake-facebook';
import type { FacebookProviderOptions, FakeFacebook, FakeFacebookOptions } from '../facebook/types';
import { createFakeGitHub } from '../github/fake-github';
import type { FakeGitHub, FakeGitHubOptions, GitHubProviderOptions } from '../github/types';
import { createFakeGoogle } from '../google/fake-google';
import type { FakeGoogle, FakeGoogleOptions, GoogleProviderOptions } from '../google/types';
import { createFakeMicrosoft } from '../microsoft/fake-microsoft';
import type { FakeMicrosoft, FakeMicrosoftOptions, MicrosoftProviderOptions } from '../microsoft/types';
import { createFakeOidc } from '../oidc/fake-oidc';
import type { FakeOidc, FakeOidcOptions, OidcProviderOptions } from '../oidc/types';
import { listenUnprepared } from './fake';

export interface FakeProvidersOptions {
  google?: FakeGoogleOptions;
  facebook?: FakeFacebookOptions;
  apple?: FakeAppleOptions;
  microsoft?: FakeMicrosoftOptions;
  github?: FakeGitHubOptions;
  oidc?: FakeOidcOptions;
}

export interface FakeProviders {
  google: FakeGoogle;
  facebook: FakeFacebook;
  apple: FakeApple;
  microsoft: FakeMicrosoft;
  github: FakeGitHub;
  oidc: FakeOidc;
  /** Each fake's options for its provider factory, e.g. `google(fakes.providers.google)`. */
  providers: {
    google: GoogleProviderOptions;
    facebook: FacebookProviderOptions;
    apple: AppleProviderOptions;
    microsoft: MicrosoftProviderOptions;
    github: GitHubProviderOptions;
    oidc: OidcProviderOptions;
  };
  /** Clears faults, request logs and issued tokens of every fake. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a fake of every provider on free local ports. Google's signing key exists when it resolves;
 * the other fakes make theirs on first use, off the event loop, so unused fakes cost next to nothing.
 *
 * @example
 * const fakes = await startFakeProviders();
 * const auth = socialAuth({ providers: [google(fakes.providers.google), apple(fakes.providers.apple)], tokens });
 * afterAll(() => fakes.close());
 */
export async function startFakeProviders(options: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const fakes = {
    google: createFakeGoogle(options.google),
    facebook: createFakeFacebook(options.facebook),
    apple: createFakeApple(options.apple),
    microsoft: createFakeMicrosoft(options.microsoft),
    github: createFakeGitHub(options.github),
    oidc: createFakeOidc(options.oidc),
  };
  const all = Object.values(fakes);
  // Google's keys are ready as they always were; the others are made when a test first signs.
  await Promise.all(all.map((fake) => (fake === fakes.google ? fake.listen() : listenUnprepared(fake))));
  return {
    ...fakes,
    providers: {
      google: fakes.google.options,
      facebook: fakes.facebook.options,
      apple: fakes.apple.options,
      microsoft: fakes.microsoft.options,
      github: fakes.github.options,
      oidc: fakes.oidc.options,
    },
    reset() {
      for (const fake of all) fake.reset();
    },
    async close() {
      await Promise.all(all.map((fake) => fake.close()));
    },
  };
}

import { createFakeFacebook } from '../facebook/fake-facebook';
import type { FacebookProviderOptions, FakeFacebook, FakeFacebookOptions } from '../facebook/types';
import { createFakeGoogle } from '../google/fake-google';
import type { FakeGoogle, FakeGoogleOptions, GoogleProviderOptions } from '../google/types';

export interface FakeProviders {
  google: FakeGoogle;
  facebook: FakeFacebook;
  /** Ready for `socialAuth({ providers })`-style configuration. */
  providers: { google: GoogleProviderOptions; facebook: FacebookProviderOptions };
  /** Clears faults, request logs and issued tokens of both fakes. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a fake Google and a fake Facebook on free local ports.
 *
 * @example
 * const fakes = await startFakeProviders();
 * const app = express().use('/auth', socialAuth({ ...fakes.providers, mongoose, tokens }));
 * afterAll(() => fakes.close());
 */
export async function startFakeProviders(
  options: { google?: FakeGoogleOptions; facebook?: FakeFacebookOptions } = {},
): Promise<FakeProviders> {
  const google = createFakeGoogle(options.google);
  const facebook = createFakeFacebook(options.facebook);
  await Promise.all([google.listen(), facebook.listen()]);
  return {
    google,
    facebook,
    providers: { google: google.options, facebook: facebook.options },
    reset() {
      google.reset();
      facebook.reset();
    },
    async close() {
      await Promise.all([google.close(), facebook.close()]);
    },
  };
}

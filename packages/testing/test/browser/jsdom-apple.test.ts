// @vitest-environment jsdom
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeApple } from '../../src/apple/index';
import { installJsdomStandIns, type JsdomStandIns } from '../../src/browser/index';

const apple = createFakeApple();
const APPLE_JS = 'https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/en_US/appleid.auth.js';
let standIns: JsdomStandIns | undefined;

beforeAll(() => apple.listen());
afterAll(() => apple.close());
afterEach(() => {
  standIns?.uninstall();
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  apple.reset();
});

interface AppleIdAuth {
  init(config: Record<string, unknown>): void;
  signIn(): Promise<{ authorization: { code: string; id_token: string; state: string }; user?: unknown }>;
}

async function loadAppleJs(): Promise<AppleIdAuth> {
  const script = document.createElement('script');
  const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
  script.src = APPLE_JS;
  document.head.appendChild(script);
  await loaded;
  return (window as unknown as { AppleID: { auth: AppleIdAuth } }).AppleID.auth;
}

const chooseAccount = async (name: RegExp | 'Cancel') => {
  const dialog = await vi.waitFor(() => document.querySelector('[role="dialog"]') ?? Promise.reject());
  expect(dialog.getAttribute('aria-label')).toBe('Sign in with Apple');
  const buttons = [...dialog.querySelectorAll('button')];
  const target = buttons.find((b) =>
    name === 'Cancel' ? b.textContent === 'Cancel' : name.test(b.textContent ?? ''),
  );
  target?.click();
};

describe('Apple JS stand-in in jsdom', () => {
  it('signs in by popup with our nonce and state, with the name on first consent only', async () => {
    standIns = installJsdomStandIns(window, { apple });
    const auth = await loadAppleJs();
    const events: string[] = [];
    document.addEventListener('AppleIDSignInOnSuccess', () => events.push('success'));
    auth.init({
      clientId: apple.clientId,
      scope: 'name email',
      redirectURI: 'https://app.example.com/cb',
      state: 'st',
      nonce: 'server-nonce',
      usePopup: true,
    });

    const first = auth.signIn();
    await chooseAccount(/Grace Hopper/);
    const result = await first;
    expect(result.authorization.state).toBe('st');
    expect(result.user).toEqual({
      name: { firstName: 'Grace', lastName: 'Hopper' },
      email: 'x7q2kd9p4m@privaterelay.appleid.com',
    });
    const { payload } = await jwtVerify(
      result.authorization.id_token,
      createRemoteJWKSet(new URL(apple.options.jwksUri)),
      {
        issuer: 'https://appleid.apple.com',
        audience: apple.clientId,
      },
    );
    expect(payload).toMatchObject({ nonce: 'server-nonce', is_private_email: 'true' });
    expect(events).toEqual(['success']);

    const second = auth.signIn();
    await chooseAccount(/Grace Hopper/);
    expect((await second).user).toBeUndefined();
  });

  it('rejects with popup_closed_by_user when the chooser is cancelled', async () => {
    standIns = installJsdomStandIns(window, { apple });
    const auth = await loadAppleJs();
    auth.init({
      clientId: apple.clientId,
      scope: 'email',
      redirectURI: 'https://app.example.com/cb',
      usePopup: true,
    });
    const attempt = auth.signIn();
    await chooseAccount('Cancel');
    await expect(attempt).rejects.toEqual({ error: 'popup_closed_by_user' });
  });

  it('auto-selects without a chooser, and uninstall removes AppleID', async () => {
    standIns = installJsdomStandIns(window, { apple, autoSelect: 'ada@example.com' });
    const auth = await loadAppleJs();
    auth.init({ clientId: apple.clientId, redirectURI: 'https://app.example.com/cb', usePopup: true });
    const { authorization, user } = await auth.signIn();
    expect(user).toBeUndefined();
    expect(authorization.code).toMatch(/^c/);
    standIns.uninstall();
    expect((window as unknown as { AppleID?: unknown }).AppleID).toBeUndefined();
  });
});

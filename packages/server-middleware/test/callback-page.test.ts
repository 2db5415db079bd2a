import { runInNewContext } from 'node:vm';
import { BroadcastChannel } from 'node:worker_threads';
import { CALLBACK_CHANNEL, type CallbackMessage } from '@socialkit/contract';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

/** The page's data block and inline script, as a browser would find them. */
function parsePage(html: string) {
  const data = /<script type="application\/json" id="socialkit-callback">([^<]*)<\/script>/.exec(html)?.[1];
  const script = /<script nonce="([^"]+)">([\s\S]*?)<\/script>/.exec(html);
  if (data === undefined || !script) throw new Error('callback page without its data or script');
  return { data, nonce: script[1] as string, script: script[2] as string };
}

/** Runs the page's script against a stand-in window; returns what it posted where. */
async function runPage(html: string, origin: string) {
  const { data, script } = parsePage(html);
  const toOpener: { message: unknown; targetOrigin: string }[] = [];
  let closed = false;
  const listener = new BroadcastChannel(CALLBACK_CHANNEL);
  const broadcast = new Promise<unknown>((resolve) => {
    listener.onmessage = (event) => resolve((event as { data: unknown }).data);
  });
  const window = {
    location: { origin },
    opener: {
      postMessage: (message: unknown, targetOrigin: string) => toOpener.push({ message, targetOrigin }),
    },
    close: () => {
      closed = true;
    },
  };
  runInNewContext(script, {
    window,
    document: {
      getElementById: (id: string) => (id === 'socialkit-callback' ? { textContent: data } : null),
    },
    BroadcastChannel,
    JSON,
  });
  const broadcasted = await broadcast;
  listener.close();
  return { toOpener, broadcasted, closed };
}

describe('GET/POST /callback/:provider', () => {
  it('hands {code, state} to the opener of its own origin and to the same-origin channel, then closes', async () => {
    const { app } = h.app();
    const res = await request(app)
      .get('/auth/callback/google?code=4%2F0abc&state=s-123&scope=email')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const expected: CallbackMessage = {
      type: 'socialkit:callback',
      provider: 'google',
      state: 's-123',
      code: '4/0abc',
    };
    const { toOpener, broadcasted, closed } = await runPage(res.text, 'https://app.example.com');
    expect(toOpener).toEqual([{ message: expected, targetOrigin: 'https://app.example.com' }]);
    expect(broadcasted).toEqual(expected);
    expect(closed).toBe(true);
  });

  it('sends a strict CSP whose nonce is the inline script’s, no-store and no-referrer', async () => {
    const { app } = h.app();
    const first = await request(app).get('/auth/callback/google?code=x&state=y').expect(200);
    const csp = first.headers['content-security-policy'] as string;
    const { nonce } = parsePage(first.text);
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const second = await request(app).get('/auth/callback/google?code=x&state=y').expect(200);
    expect(parsePage(second.text).nonce).not.toBe(nonce);
  });

  it('embeds hostile values as inert data and hands them over unchanged', async () => {
    const { app } = h.app();
    const state = '</script><script>alert(1)</script><!--\u2028&amp;"\'';
    const res = await request(app)
      .get('/auth/callback/google')
      .query({ state, error: 'access_denied' })
      .expect(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text.match(/<script/g)).toHaveLength(2);
    const { broadcasted } = await runPage(res.text, 'http://127.0.0.1');
    expect(broadcasted).toEqual({
      type: 'socialkit:callback',
      provider: 'google',
      state,
      error: 'access_denied',
    });
  });

  it("passes on Apple's form_post (id_token, user) and ignores anything but strings", async () => {
    const { app } = h.app();
    const user = JSON.stringify({ name: { firstName: 'Ada', lastName: 'Lovelace' } });
    const res = await request(app)
      .post('/auth/callback/facebook')
      .type('form')
      .send({ state: 'st', code: 'c1', id_token: 'eyJ.payload.sig', user, extra: 'ignored' })
      .expect(200);
    expect((await runPage(res.text, 'http://127.0.0.1')).broadcasted).toEqual({
      type: 'socialkit:callback',
      provider: 'facebook',
      state: 'st',
      code: 'c1',
      idToken: 'eyJ.payload.sig',
      user,
    });
    const repeated = await request(app).get('/auth/callback/google?code=a&code=b&state=s').expect(200);
    expect((await runPage(repeated.text, 'http://127.0.0.1')).broadcasted).toEqual({
      type: 'socialkit:callback',
      provider: 'google',
      state: 's',
    });
  });

  it.each(['github', '__proto__', 'constructor'])('answers 404 unknown_provider for %s', async (id) => {
    const { app } = h.app();
    for (const res of [
      await request(app).get(`/auth/callback/${id}?code=x&state=y`),
      await request(app).post(`/auth/callback/${id}`).type('form').send({ code: 'x' }),
    ]) {
      expect({ status: res.status, body: res.body }).toEqual({
        status: 404,
        body: { error: { code: 'unknown_provider', message: expect.any(String) } },
      });
    }
  });
});

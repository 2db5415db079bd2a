import { randomBytes } from 'node:crypto';
import { CALLBACK_CHANNEL, type CallbackMessage } from '@socialkit/contract';
import type { Request, Response } from 'express';

const MAX_VALUE_LENGTH = 8192;
/** Redirect parameters the page passes on, by the name the provider uses. */
const PARAMS = { state: 'state', code: 'code', id_token: 'idToken', user: 'user', error: 'error' } as const;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_VALUE_LENGTH ? value : undefined;

/** What the provider's redirect carried, strings only; anything else is dropped. */
export function callbackMessage(provider: string, params: Record<string, unknown>): CallbackMessage {
  const message: CallbackMessage = { type: 'socialkit:callback', provider, state: text(params.state) ?? '' };
  for (const [param, field] of Object.entries(PARAMS)) {
    const value = text(params[param]);
    if (value !== undefined && field !== 'state') message[field] = value;
  }
  return message;
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&` and the line
 * separators are escaped, so no value can close the element or start markup.
 */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// Posts only to a window of our own origin and to our own channel, then closes.
const SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('socialkit-callback').textContent);
  try { if (window.opener) window.opener.postMessage(data.message, window.location.origin); } catch (e) {}
  try { var channel = new BroadcastChannel(data.channel); channel.postMessage(data.message); channel.close(); } catch (e) {}
  window.close();
})();`;

/**
 * Answers a provider's redirect with a tiny page that hands `{code, state}` (or an ID token, or
 * the provider's error) to the waiting tab of the same origin and closes. Strict CSP with a
 * per-response nonce: nothing but this one script runs, nothing is loaded.
 */
export function sendCallbackPage(res: Response, message: CallbackMessage): void {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Signing in…</title></head>
<body><p>Signing in… You can close this window.</p>
<script type="application/json" id="socialkit-callback">${embeddedJson({ channel: CALLBACK_CHANNEL, message })}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`);
}

/** The redirect's parameters: the query for `GET`, the form body for `POST` (`response_mode=form_post`). */
export function callbackParams(req: Request): Record<string, unknown> {
  const source = req.method === 'POST' ? req.body : req.query;
  return typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
}

import { findAccount, type SandboxAccount } from './accounts';
import { type FakeRequest, type FakeResponse, formFields } from './route';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );

const html = (status: number, body: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${body.match(/<h1>(.*?)<\/h1>/)?.[1] ?? 'Sandbox'}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:380px;margin:40px auto;padding:0 16px">${body}</body></html>`,
});

/** The query and form fields of an authorization request, form fields winning. */
export function authorizeParams(req: FakeRequest): Record<string, string> {
  return { ...req.query, ...(req.method === 'POST' ? formFields(req) : {}) };
}

export interface ChooserPage {
  /** Heading and page title, e.g. "Sign in with Apple". */
  title: string;
  accounts: readonly SandboxAccount[];
  /** The authorization request's parameters, posted back with the chosen account. */
  params: Record<string, string>;
}

/**
 * The sandbox account chooser a popup shows instead of the provider's login page: one submit button
 * per account (named by name and email, so tests click it like a user) and a "Cancel" button. Each
 * posts the request's parameters back to the same URL with `account` (or `cancel`).
 */
export function chooserPage(page: ChooserPage): FakeResponse {
  const hidden = Object.entries(page.params)
    .filter(([name]) => name !== 'account' && name !== 'cancel')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const buttons = page.accounts
    .map(
      (account) =>
        `<button type="submit" name="account" value="${escapeHtml(account.id)}" data-account-id="${escapeHtml(account.id)}"` +
        ` style="display:block;width:100%;padding:10px;margin:6px 0;text-align:left;border:1px solid #ccc;border-radius:8px;background:#fff;cursor:pointer">` +
        `${escapeHtml(account.name)}${account.email ? ` ${escapeHtml(account.email)}` : ''}</button>`,
    )
    .join('');
  return html(
    200,
    `<h1>${escapeHtml(page.title)}</h1><p style="font-size:13px;color:#555">Sandbox: no real account is used.</p>` +
      `<form method="post" action="">${hidden}${buttons}` +
      `<button type="submit" name="cancel" value="1" style="margin-top:8px;border:0;background:none;color:#1a56db;cursor:pointer">Cancel</button></form>`,
  );
}

/** An error page for a request the provider would not redirect back (unknown client, bad redirect URI). */
export function authorizeErrorPage(title: string, message: string): FakeResponse {
  return html(400, `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p>`);
}

/** The account an authorization request picked: its `account` field, else the fake's auto-select. */
export function chosenAccount<A extends SandboxAccount>(
  accounts: readonly A[],
  params: Record<string, string>,
  autoSelect: string | undefined,
): A | undefined {
  const key = params.account ?? autoSelect;
  return key === undefined ? undefined : (findAccount(accounts, key) as A | undefined);
}

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Sends the authorization response to `redirectUri`: a 302 (query or fragment) or an auto-posting form. */
export function authorizationResponse(
  redirectUri: string,
  fields: Record<string, string | undefined>,
  mode: ResponseMode = 'query',
): FakeResponse {
  const defined = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (mode === 'form_post') {
    const inputs = defined
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    // OAuth 2.0 Form Post Response Mode §2: an auto-submitting form, with a button when scripts are off.
    return html(
      200,
      `<h1>Continue</h1><form method="post" action="${escapeHtml(redirectUri)}">${inputs}` +
        `<noscript><button type="submit">Continue</button></noscript></form>` +
        '<script>document.forms[0].submit()</script>',
    );
  }
  const url = new URL(redirectUri);
  const encoded = new URLSearchParams(defined);
  if (mode === 'fragment') url.hash = encoded.toString();
  else for (const [name, value] of encoded) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } };
}

/** Whether `value` parses as an absolute http(s) URL (what every provider demands of `redirect_uri`). */
export function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

import { expect } from 'vitest';

const decodeEntities = (value: string) =>
  value.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '',
  );

/** The hidden fields of the first form of an HTML page, and where it posts. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = decodeEntities(/<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeEntities(match[1] ?? '')] = decodeEntities(match[2] ?? '');
  }
  return { action, fields };
}

/** The account buttons of a sandbox chooser page, as their visible labels. */
export function chooserButtons(html: string): string[] {
  return [...html.matchAll(/<button type="submit" name="account"[^>]*>([^<]*)<\/button>/g)].map((m) =>
    decodeEntities(m[1] ?? ''),
  );
}

/** POSTs form fields (form-encoded) without following redirects. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
}

/** The query parameters of a 302's `Location`, after checking it goes to `redirectUri`. */
export function redirectParams(res: Response, redirectUri: string): Record<string, string> {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return Object.fromEntries(location.searchParams);
}

export async function jsonOf(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

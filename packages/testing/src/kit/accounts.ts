import type { FakeResponse } from './route';

/** A person the sandbox sign-in can pick, on either fake provider. */
export interface SandboxAccount {
  /** The provider's subject: Google `sub` or Facebook user id. */
  id: string;
  name: string;
  /** Absent for Facebook users who did not share an email. */
  email?: string;
  /** Google's `email_verified`. @default true */
  emailVerified?: boolean;
  /** Picture URL. @default an SVG avatar served by the fake */
  picture?: string;
}

/** Ada, Grace and Alan as Google accounts; Alan's email is not verified. */
export const DEFAULT_GOOGLE_ACCOUNTS: readonly SandboxAccount[] = [
  { id: '1234567890', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true },
  { id: '1234567891', name: 'Grace Hopper', email: 'grace@example.com', emailVerified: true },
  { id: '1234567892', name: 'Alan Turing', email: 'alan@example.com', emailVerified: false },
];

/** Ada, Grace and Alan as Facebook users, with the same emails as on Google. */
export const DEFAULT_FACEBOOK_ACCOUNTS: readonly SandboxAccount[] = [
  { id: '10000000001', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: '10000000002', name: 'Grace Hopper', email: 'grace@example.com' },
  { id: '10000000003', name: 'Alan Turing', email: 'alan@example.com' },
];

/** Finds an account by id or email (case-insensitive), so callers may name either. */
export function findAccount(accounts: readonly SandboxAccount[], key: string): SandboxAccount | undefined {
  const lower = key.toLowerCase();
  return accounts.find((account) => account.id === key || account.email?.toLowerCase() === lower);
}

export function avatarUrl(baseUrl: string, account: SandboxAccount): string {
  return account.picture ?? `${baseUrl}/sandbox/avatars/${encodeURIComponent(account.id)}.svg`;
}

const PALETTE = ['#4f46e5', '#0f766e', '#b45309', '#be123c', '#1d4ed8'];

/** Answers `/sandbox/avatars/<id>.svg` with initials on a coloured disc, so the demo works offline. */
export function avatarResponse(accounts: readonly SandboxAccount[], path: string): FakeResponse {
  const id = decodeURIComponent(path.replace(/^\/sandbox\/avatars\//, '').replace(/\.svg$/, ''));
  const index = accounts.findIndex((account) => account.id === id);
  const account = accounts[index];
  if (!account) return { status: 404, body: 'Not found', headers: { 'content-type': 'text/plain' } };
  const initials = account.name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const colour = PALETTE[index % PALETTE.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
    `<circle cx="48" cy="48" r="48" fill="${colour}"/>` +
    `<text x="48" y="60" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return {
    status: 200,
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' },
    body: svg,
  };
}

/** The account list the stand-ins' chooser shows (no server-only fields). */
export function publicAccounts(baseUrl: string, accounts: readonly SandboxAccount[]) {
  return accounts.map((account) => ({
    id: account.id,
    name: account.name,
    email: account.email ?? null,
    emailVerified: account.emailVerified ?? true,
    picture: avatarUrl(baseUrl, account),
  }));
}

import { REFRESH_COOKIE, REFRESH_MODE_HEADER } from '@socialkit/contract';
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';
import { ForbiddenOriginError } from '../errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

const isLoopback = (hostname: string) =>
  LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Cookie mode (DESIGN.md "Cookie mode (v2)"): asked for, and authorized, only by the
 * `SocialKit-Refresh: cookie` header, which a cross-site form or image cannot send.
 */
export function wantsCookieMode(req: Request): boolean {
  return req.get(REFRESH_MODE_HEADER)?.trim().toLowerCase() === 'cookie';
}

/**
 * A cookie-mode request must come from the API's own origin (scheme + `Host`) or an allowed one;
 * a request without `Origin` is not a browser's cross-origin request.
 */
export function checkOrigin(req: Request, allowedOrigins: readonly string[]): void {
  const origin = req.get('origin');
  if (origin === undefined) return;
  const own = `${req.protocol}://${req.get('host')}`.toLowerCase();
  const sent = origin.toLowerCase();
  if (sent !== own && !allowedOrigins.includes(sent)) throw new ForbiddenOriginError();
}

/** `HttpOnly` keeps it from page script, `SameSite=Strict` from cross-site requests, `Path` to this router. */
function attributes(req: Request) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: req.baseUrl || '/',
    // Browsers drop Secure cookies over plain http, which only local development uses.
    secure: !(req.protocol === 'http' && isLoopback(req.hostname)),
  };
}

export function setRefreshCookie(
  req: Request,
  res: Response,
  refreshToken: string,
  maxAgeSeconds: number,
): void {
  res.append(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, refreshToken, { ...attributes(req), maxAge: maxAgeSeconds }),
  );
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.append(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, '', { ...attributes(req), maxAge: 0, expires: new Date(0) }),
  );
}

export function readRefreshCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[REFRESH_COOKIE];
  return value || undefined;
}

import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';

/** ID tokens are 1–2 KB; nothing we accept needs more. */
export const BODY_LIMIT_BYTES = 8 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function requireJsonType(req: Request, _res: Response, next: NextFunction): void {
  const [type = '', ...params] = (req.headers['content-type'] ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  const charset = params
    .find((param) => param.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (type !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    next(new UnsupportedMediaTypeError());
    return;
  }
  next();
}

/** Parses strictly: UTF-8 without BOM, an object at the top level, prototype-polluting keys dropped. */
export function parseJsonObject(raw: Buffer | string): Record<string, unknown> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    throw new InvalidRequestError('The JSON body must not start with a BOM.');
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes), (key, item) => (FORBIDDEN_KEYS.has(key) ? undefined : item));
  } catch (err) {
    throw new InvalidRequestError('The request body is not valid JSON.', { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** An app-level `express.json()` may have parsed the body already; copy it without dangerous keys. */
function sanitize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitize);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !FORBIDDEN_KEYS.has(key))
      .map(([key, item]) => [key, sanitize(item)]),
  );
}

function toObject(req: Request, _res: Response, next: NextFunction): void {
  try {
    const body: unknown = req.body;
    if (Buffer.isBuffer(body)) req.body = parseJsonObject(body);
    else if (typeof body === 'object' && body !== null && !Array.isArray(body)) req.body = sanitize(body);
    else throw new InvalidRequestError('The request body must be a JSON object.');
    next();
  } catch (err) {
    next(err);
  }
}

/** Maps body-parser failures (too large, aborted, bad encoding) onto our error codes. */
export function bodyParserError(err: unknown): Error | undefined {
  const status = (err as { status?: unknown; type?: unknown } | null)?.status;
  if (typeof (err as { type?: unknown })?.type !== 'string' || typeof status !== 'number') return undefined;
  if (status === 413) return new PayloadTooLargeError({ cause: err });
  if (status === 415) return new UnsupportedMediaTypeError();
  return new InvalidRequestError('The request body could not be read.', { cause: err });
}

/** JSON-only body handling for auth routes: 415 for other types, 413 over 8 KB, 400 for bad JSON. */
export function jsonBody(): RequestHandler[] {
  return [requireJsonType, express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }), toObject];
}

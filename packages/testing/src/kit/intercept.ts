import type { FakeRequest } from './route';
import { answer, type FakeServerParts, serialize } from './server';

/** Undo handle of nock mode. */
export interface Interception {
  /** Removes the interceptors this call registered. */
  restore(): void;
}

const METHODS = ['GET', 'POST', 'OPTIONS'];

/**
 * Registers persistent nock interceptors on `origins` answered by the fake's own logic, so code that
 * calls the real provider URLs gets the fake without any configuration. nock is an optional peer,
 * loaded only here.
 */
export async function interceptWithNock(origins: string[], parts: FakeServerParts): Promise<Interception> {
  const { default: nock } = await import('nock');
  const interceptors: ReturnType<ReturnType<typeof nock>['intercept']>[] = [];
  for (const origin of origins) {
    const scope = nock(origin).persist();
    for (const method of METHODS) {
      const interceptor = scope.intercept(() => true, method);
      interceptors.push(interceptor);
      interceptor.reply(async function reply(uri, body) {
        const url = new URL(uri, origin);
        const req: FakeRequest = {
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: lowerCased(this.req.headers),
          body: typeof body === 'string' ? body : JSON.stringify(body),
        };
        const response = await answer(parts, req);
        // A hanging fault: the promise never settles, so the client's own timeout has to fire.
        if (!response) return new Promise<never>(() => {});
        const { body: text, headers } = serialize(response);
        return [response.status, text, headers] as const;
      });
    }
  }
  return {
    restore() {
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
    },
  };
}

function lowerCased(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

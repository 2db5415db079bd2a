import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultController, type FaultController } from './faults';
import { type Interception, interceptWithNock } from './intercept';
import type { FakeRoute, RecordedRequest } from './route';
import { createFakeServer, type FakeServerParts, type RateLimitAnswer } from './server';

/** What every fake provider has: a server of its own or a handler to mount, faults and a request log. */
export interface FakeServer {
  /** Starts a node:http server on 127.0.0.1 and resolves to its base URL. */
  listen(port?: number): Promise<string>;
  /** Stops that server; hanging fault answers and keep-alive sockets are cut. */
  close(): Promise<void>;
  /** The same endpoints as a request handler, to mount inside another server (needs `baseUrl`). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Throws until `listen()` resolved or a `baseUrl` option was given. */
  readonly baseUrl: string;
  /** Same as `baseUrl`. */
  readonly url: string;
  readonly faults: FaultController;
  /** Every request seen, oldest first. */
  readonly requests: RecordedRequest[];
  /** Nock mode: answers the real provider origins in this process with this fake. */
  intercept(): Promise<Interception>;
}

export interface FakeBaseSpec {
  /** Provider name for error messages, e.g. `'Apple'`. */
  name: string;
  /** Public origin when mounted with `handle()` inside another server. */
  baseUrl?: string | undefined;
  /** The provider's endpoints. Called per request, so it may be defined after the base. */
  route: FakeRoute;
  /** The provider's own 429 answer, for `faults.set({ rateLimit: true })`. */
  rateLimited: RateLimitAnswer;
  /** Origins `intercept()` answers for. */
  realOrigins: readonly string[];
  /** Paths a fault spares unless its `only` names them: the pages a browser shows while signing in. */
  browserPath?: (path: string) => boolean;
  /** Work `listen()` waits for, such as making signing keys off the event loop. */
  prepare?: () => Promise<void>;
}

/** The shared part of a fake provider, plus what its own members need to build on it. */
export interface FakeBase {
  server: FakeServer;
  /** `listen()` without waiting for `prepare`. */
  listenUnprepared(port?: number): Promise<string>;
  requireBaseUrl(): string;
  /** Clears faults and the request log. */
  reset(): void;
}

/** Builds the listen/close/handle/faults/requests/intercept part every fake provider shares. */
export function createFakeBase(spec: FakeBaseSpec): FakeBase {
  let baseUrl = spec.baseUrl?.replace(/\/$/, '');
  const faults = createFaultController(spec.browserPath);
  const requests: RecordedRequest[] = [];
  const parts: FakeServerParts = { route: spec.route, faults, requests, rateLimited: spec.rateLimited };
  const http = createFakeServer(parts);
  const requireBaseUrl = () => {
    if (baseUrl === undefined) {
      throw new Error(
        `The fake ${spec.name} has no base URL yet: await listen() first, or pass { baseUrl }.`,
      );
    }
    return baseUrl;
  };
  const server: FakeServer = {
    async listen(port) {
      // A listening fake answers its first sign-in as fast as any other: its keys already exist.
      const [url] = await Promise.all([http.listen(port), spec.prepare?.()]);
      baseUrl = url;
      return url;
    },
    close: http.close,
    handle: http.handle,
    get baseUrl() {
      return requireBaseUrl();
    },
    get url() {
      return requireBaseUrl();
    },
    faults,
    requests,
    intercept: () => interceptWithNock([...spec.realOrigins], parts),
  };
  return {
    server,
    async listenUnprepared(port) {
      baseUrl = await http.listen(port);
      return baseUrl;
    },
    requireBaseUrl,
    reset() {
      faults.clear();
      requests.length = 0;
    },
  };
}

const unprepared = new WeakMap<object, (port?: number) => Promise<string>>();

/** A fake's own members, with the shared members of `base` added (getters kept as getters). */
export function withFakeServer<F extends FakeServer>(base: FakeBase, own: Omit<F, keyof FakeServer>): F {
  const fake = Object.defineProperties(own, Object.getOwnPropertyDescriptors(base.server)) as F;
  unprepared.set(fake, base.listenUnprepared);
  return fake;
}

/**
 * Listens without making the fake's keys first: they are made on first use, off the event loop.
 * For starting many fakes of which a test uses few, where key generation would cost a busy machine.
 */
export function listenUnprepared(fake: FakeServer, port?: number): Promise<string> {
  return (unprepared.get(fake) ?? fake.listen)(port);
}

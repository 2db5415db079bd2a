/** A failure mode the fakes play instead of (or before) their normal answer. */
export interface Fault {
  /** Wait this long before answering (the normal answer, or the faulty one). */
  latencyMs?: number;
  /** Answer with this status instead of the normal answer (with `body`, default an empty body). */
  status?: number;
  /** Body of the faulty answer, e.g. `'<html>oops</html>'` or `'{}'`. */
  body?: string;
  /** Content type of the faulty answer. @default 'application/json' when `body` parses as JSON, else 'text/html' */
  contentType?: string;
  /** Answer 429 with `Retry-After` and a provider-style rate-limit error. */
  rateLimit?: boolean;
  /** Never answer; the request stays open until the client gives up or the fake closes. */
  hang?: boolean;
  /** Apply only to requests whose path contains this substring. */
  only?: string;
}

/** Switches a fake provider between healthy and faulty behaviour. */
export interface FaultController {
  /** Replace the current fault (faults do not stack). */
  set(fault: Fault): void;
  /** Back to healthy answers. */
  clear(): void;
  /** The fault that applies to `path`, if any. Sandbox paths are spared unless `only` names them. */
  current(path: string): Fault | undefined;
}

const isSandboxPath = (path: string) => path.startsWith('/sandbox/');

/**
 * Creates a fault controller; the fakes consult it on every request. `browserPath` names the pages
 * a browser shows while signing in (default: `/sandbox/*`), which faults spare unless `only` names them.
 */
export function createFaultController(
  browserPath: (path: string) => boolean = isSandboxPath,
): FaultController {
  let fault: Fault | undefined;
  return {
    set(next) {
      fault = { ...next };
    },
    clear() {
      fault = undefined;
    },
    current(path) {
      if (!fault) return undefined;
      if (fault.only !== undefined) return path.includes(fault.only) ? fault : undefined;
      // The browser-side sign-in of the sandbox keeps working while the provider's APIs fail,
      // which is what a real outage of the verification endpoints looks like to an app.
      return browserPath(path) ? undefined : fault;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function guessContentType(body: string): string {
  try {
    JSON.parse(body);
    return 'application/json; charset=utf-8';
  } catch {
    return 'text/html; charset=utf-8';
  }
}

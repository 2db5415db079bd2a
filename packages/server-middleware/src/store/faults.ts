import { StoreUnavailableError } from '../errors';

const FAULT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoExpiredSessionError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/** Driver and mongoose errors that mean "the database cannot be reached", not "the query is wrong". */
export function isStoreFault(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (FAULT_NAMES.has(err.name)) return true;
  const labels = (err as { errorLabels?: unknown; errorLabelSet?: Set<string> }).errorLabelSet;
  if (labels?.has('RetryableWriteError') || labels?.has('ResetPool')) return true;
  return /buffering timed out|before initial connection is complete|Client must be connected|connection .* closed/i.test(
    err.message,
  );
}

/**
 * Runs a store operation bounded in time; faults and timeouts become `StoreUnavailableError`,
 * because a down MongoDB must answer 503 within seconds instead of hanging a login.
 */
export async function withStore<T>(timeoutMs: number, operation: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new StoreUnavailableError({ cause: new Error(`store operation exceeded ${timeoutMs} ms`) })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([operation(), timeout]);
  } catch (err) {
    throw isStoreFault(err) ? new StoreUnavailableError({ cause: err }) : err;
  } finally {
    clearTimeout(timer);
  }
}

/** MongoDB duplicate-key error (E11000), the signal of a lost creation race. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

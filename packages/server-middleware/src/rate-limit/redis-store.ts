import { createHash } from 'node:crypto';
import { fail, positiveInt } from '../config/check';
import { type RateLimitStore, type StoreErrorPolicy, storeErrorPolicy, withinMs } from './store';

/** An ioredis client (`call`) or a node-redis v4+ client (`sendCommand`): the app's own. */
export type RedisClientLike =
  | { call(command: string, ...args: (string | number)[]): Promise<unknown> }
  | { sendCommand(args: string[]): Promise<unknown> };

export interface RedisRateLimitStoreOptions {
  /** The app's connected ioredis or node-redis client; the store never connects or quits it. */
  client: RedisClientLike;
  /** Prepended to every key. @default 'socialkit:rl:' */
  prefix?: string;
  /** Bound on one counted request. @default 1000 */
  timeoutMs?: number;
  /**
   * `'open'` lets requests through while Redis cannot count (the failure goes to `onError`);
   * `'closed'` answers 503 `store_unavailable` instead. @default 'open'
   */
  onStoreError?: StoreErrorPolicy;
}

// INCR and the expiry in one script: a crash between the two can never leave a counter without
// a TTL (which would limit that key forever), and it is one round trip.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;
const HIT_SHA = createHash('sha1').update(HIT_SCRIPT).digest('hex');

function commandRunner(client: RedisClientLike): (args: string[]) => Promise<unknown> {
  if (typeof (client as { call?: unknown }).call === 'function') {
    const ioredis = client as { call(command: string, ...args: string[]): Promise<unknown> };
    return ([command = '', ...args]) => ioredis.call(command, ...args);
  }
  if (typeof (client as { sendCommand?: unknown }).sendCommand === 'function') {
    const nodeRedis = client as { sendCommand(args: string[]): Promise<unknown> };
    return (args) => nodeRedis.sendCommand(args);
  }
  return fail('`redisRateLimitStore` needs `client`, an ioredis or node-redis (v4+) client.');
}

/**
 * Counters in the app's Redis, shared by every instance: a window opens on a key's first hit
 * and lasts `windowMs`; each hit is one `EVALSHA` of a script doing `INCR` and `PEXPIRE`.
 *
 * @example
 * import Redis from 'ioredis';
 * const store = redisRateLimitStore({ client: new Redis(process.env.REDIS_URL) });
 * socialAuth({ rateLimit: { store }, ... });
 */
export function redisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const run = commandRunner(options?.client);
  const prefix = options.prefix ?? 'socialkit:rl:';
  if (typeof prefix !== 'string') fail('`prefix` must be a string.');
  const timeoutMs = positiveInt(options.timeoutMs, 'timeoutMs', 1000, 60_000);
  const onStoreError = storeErrorPolicy(options.onStoreError, 'onStoreError');

  async function evaluate(key: string, windowMs: number): Promise<unknown> {
    const args = ['1', key, String(windowMs)];
    try {
      return await run(['EVALSHA', HIT_SHA, ...args]);
    } catch (err) {
      // The server's script cache is empty after a restart or SCRIPT FLUSH: send the script once.
      if (!/NOSCRIPT/.test(String((err as Error)?.message))) throw err;
      return run(['EVAL', HIT_SCRIPT, ...args]);
    }
  }

  return {
    onStoreError,
    async hit(key, windowMs) {
      const reply = await withinMs(timeoutMs, evaluate(`${prefix}${key}`, windowMs), 'rate-limit count');
      const [count, ttl] = Array.isArray(reply) ? reply.map(Number) : [];
      if (!Number.isInteger(count) || !Number.isFinite(ttl)) throw new Error('unexpected Redis reply');
      return { count: count as number, resetAt: Date.now() + (ttl as number) };
    },
  };
}

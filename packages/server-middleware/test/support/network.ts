import net from 'node:net';

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|::1|\[::1\]|::ffff:127(?:\.\d+){3})$/i;

type Connect = typeof net.Socket.prototype.connect;

/** Where a `socket.connect(...)` call is going, from any of its call shapes. */
function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return options.path !== undefined ? 'localhost' : (options.host ?? 'localhost');
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return 'localhost'; // a Unix socket path
  return typeof second === 'string' ? second : 'localhost';
}

/**
 * Refuses every outbound connection that is not to a loopback address, so a request that escapes
 * the local fakes fails the test at once instead of reaching the internet (or hanging on a machine
 * without it). `allowedHosts` lets the test database through (a `MONGODB_URI` service in CI).
 * Returns the refused hosts and a function that restores `connect`.
 */
export function blockOutboundNetwork(allowedHosts: readonly string[] = []): {
  refused: string[];
  restore(): void;
} {
  const original: Connect = net.Socket.prototype.connect;
  const refused: string[] = [];
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host) && !allowedHosts.includes(host)) {
      refused.push(host);
      process.nextTick(() => this.destroy(new Error(`outbound network is blocked in tests (${host})`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as Connect;
  return {
    refused,
    restore() {
      net.Socket.prototype.connect = original;
    },
  };
}

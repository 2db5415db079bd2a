import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export { launchChromium } from '../../src/browser/index';

/** Serves fixed bodies by path on 127.0.0.1; answers 404 otherwise. */
export async function servePages(
  pages: Record<string, { type: string; body: () => string }>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': page.type }).end(page.body());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

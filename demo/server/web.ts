import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

/** What the web app learns about the server before it starts. */
export interface PublicDemoConfig {
  /** By provider route id: which providers are simulated locally instead of talking to the real one. */
  sandbox: Record<string, boolean>;
  /** The offered providers in page order: route id, which kind of provider, and its name. */
  providers: { id: string; key: string; name: string }[];
}

export interface WebAppOptions {
  distDir: string;
  config: PublicDemoConfig;
  /** Inline script that must run before the app's bundle (the sandbox's script rewriter). */
  bootScript?: string;
}

/** JSON that is safe inside an inline `<script>`: no `</script>` or `<!--` can appear. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function renderIndex(html: string, options: WebAppOptions): string {
  const config = `<script>window.__SOCIALKIT_DEMO__=${inlineJson(options.config)};</script>`;
  const boot = options.bootScript
    ? `<script>${options.bootScript.replace(/<\/script/gi, '<\\/script')}</script>`
    : '';
  // Classic inline scripts run before the deferred module bundle, so the rewriter is in place first.
  return html.replace(/<head>/i, `<head>${config}${boot}`);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>socialkit demo</title>
<p>The demo web app is not built yet. Run <code>pnpm --filter socialkit-demo build</code> (or <code>pnpm demo</code>).</p>`;

/**
 * Serves the built web app: hashed assets with long caching, `index.html` (with the demo config
 * inlined) for every other GET that accepts HTML, so client-side routes survive a reload.
 *
 * @example
 * app.use(webApp({ distDir: 'demo/web/dist', config: { sandbox: { google: true }, providers: [{ id: 'google', key: 'google', name: 'Google' }] } }));
 */
export function webApp(options: WebAppOptions): Router {
  const router = express.Router();
  const indexPath = join(options.distDir, 'index.html');
  const index = existsSync(indexPath) ? renderIndex(readFileSync(indexPath, 'utf8'), options) : undefined;

  router.get('/demo-config.json', (_req, res) => {
    res.json(options.config);
  });
  router.use(
    '/assets',
    express.static(join(options.distDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.use(express.static(options.distDir, { index: false }));
  router.get('/{*path}', (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    if (index) res.type('html').send(index);
    else res.status(503).type('html').send(NOT_BUILT);
  });
  return router;
}

import { ensureWebBuild } from './support/web-build';

/** Builds the web app once if it is missing or stale; the test MongoDB comes from the root global setup. */
export default async function setup(): Promise<void> {
  await ensureWebBuild();
}

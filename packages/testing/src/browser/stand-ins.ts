import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The browser stand-ins, each a linted `.js` file in `stand-ins/` (copied next to the build's chunks). */
export type StandInName = 'gis' | 'fb' | 'apple';

// Resolved without `new URL(literal, import.meta.url)`, which bundlers would turn into an asset URL.
const folder = join(dirname(fileURLToPath(import.meta.url)), 'stand-ins');
const sources = new Map<string, string>();

/** A stand-in file as an expression (`(function … { … })`), read once. */
export function standInSource(name: StandInName | 'chooser'): string {
  let source = sources.get(name);
  if (source === undefined) {
    source = readFileSync(join(folder, `${name}.js`), 'utf8')
      .trim()
      .replace(/;$/, '');
    sources.set(name, source);
  }
  return source;
}

/** `function (window, document, config) { … }` that installs the stand-in: for jsdom and for scripts. */
export function standInFactorySource(name: StandInName): string {
  return `function (window, document, config) {\n'use strict';\nvar sandbox = (${standInSource('chooser')})(window, document, config);\n(${standInSource(name)})(window, document, config, sandbox);\n}`;
}

/** A classic script that installs the stand-in with `config` on the page's `window`. */
export function standInScript(name: StandInName, config: object): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `(${standInFactorySource(name)})(window, document, ${json});\n`;
}

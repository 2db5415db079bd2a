import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The fenced code block that follows `<!-- readme-test: <name> -->` in a README, with the list
 * indentation it may sit under removed. Throws when the marker or its block is missing, so deleting
 * an example from a README fails its test instead of passing silently.
 *
 * @example
 * const code = readmeExample('packages/testing/README.md', 'express-google');
 */
export function readmeExample(readmePath: string, name: string): string {
  const readme = readFileSync(readmePath, 'utf8');
  const marker = `<!-- readme-test: ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`${readmePath} has no "${marker}" marker`);
  const block = /^([ \t]*)(`{3,})[\w-]*[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/m.exec(
    readme.slice(at + marker.length),
  );
  if (!block) throw new Error(`${readmePath}: no fenced code block after "${marker}"`);
  const indent = block[1] ?? '';
  return (block[3] ?? '')
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

/** README examples written to disk; `remove()` deletes their folder again. */
export interface WrittenExamples {
  /** Absolute path of each written file, by file name. */
  files: Record<string, string>;
  remove(): Promise<void>;
}

/**
 * Writes README examples into `dir` (created, and removed by `remove()`), so they resolve their
 * imports exactly like the package's own tests and can import one another (`./App`).
 *
 * @example
 * const written = await writeReadmeExamples(join(import.meta.dirname, 'gen'), { 'app.ts': code });
 * await import(written.files['app.ts']);
 */
export async function writeReadmeExamples(
  dir: string,
  files: Record<string, string>,
): Promise<WrittenExamples> {
  await mkdir(dir, { recursive: true });
  const written: Record<string, string> = {};
  for (const [name, code] of Object.entries(files)) {
    written[name] = join(dir, name);
    await writeFile(
      written[name],
      `// Generated from a README example while its test runs; edit the README.\n${code}`,
    );
  }
  return { files: written, remove: () => rm(dir, { recursive: true, force: true }) };
}

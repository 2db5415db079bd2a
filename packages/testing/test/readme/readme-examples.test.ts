import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { readmeExample, writeReadmeExamples } from '../../../../scripts/readme-examples';

// The README's Express example runs as a test of this file: its hooks and `it`s register here while
// the file is collected, so a README edit that breaks the example fails CI.
const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
const example = await writeReadmeExamples(join(import.meta.dirname, 'gen'), {
  'app-test.ts': readmeExample(readme, 'express-google'),
});
afterAll(() => example.remove());
await import(example.files['app-test.ts'] as string);

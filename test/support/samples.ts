import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a sample from the shared reference (beside the repo) or the copy under test/fixtures/samples. */
export function sample<T = unknown>(name: string): T {
  const candidates = [new URL(`../fixtures/samples/${name}`, import.meta.url)];
  for (const url of candidates) {
    try {
      return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
    } catch {
      /* try the next */
    }
  }
  throw new Error(`sample ${name} not found`);
}

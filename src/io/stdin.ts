import type { ReadableLike } from '../context.js';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

/** Reads all of standard input as text (for --page-token-stdin and friends). */
export async function readAllStdin(stdin: ReadableLike, what: string): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(t('cli.stdin.terminal', { what }), t('cli.stdin.terminalHint'));
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Splits piped secrets: one value reads the whole input; several read one non-empty line each,
 * in the order given (page token first, then app secret, then the test password).
 */
export function splitStdinValues(text: string, count: number): Array<string | undefined> {
  if (count <= 1) return [text];
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return Array.from({ length: count }, (_, index) => lines[index]);
}

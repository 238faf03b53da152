import type { Output } from './output.js';
import { terminalColumns } from '../core/text.js';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const silent: Spinner = { update() {}, stop() {} };

/**
 * A spinner on stderr, only for people at a terminal: never in --json mode, never in CI, never
 * when stderr is not a TTY, and never on a terminal that reports no width (0 columns: ora
 * would count a line as infinitely many rows and erase them forever). ora is loaded only when
 * a spinner is really shown. It stops by itself when the run is interrupted.
 */
export async function startSpinner(out: Output, env: NodeJS.ProcessEnv, text: string, signal?: AbortSignal): Promise<Spinner> {
  if (out.json || !out.stderrIsTTY || env.CI || terminalColumns(out.stderr.columns) === undefined || signal?.aborted) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({
    text,
    stream: out.stderr as NodeJS.WritableStream,
    color: 'cyan',
    // ora's discardStdin puts the terminal in raw mode, so Ctrl-C no longer raises SIGINT, and
    // reads the key only if stdin flows, which it does not here: Ctrl-C would do nothing.
    discardStdin: false,
  }).start();
  const stop = () => spinner.stop();
  signal?.addEventListener('abort', stop, { once: true });
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => {
      signal?.removeEventListener('abort', stop);
      spinner.stop();
    },
  };
}

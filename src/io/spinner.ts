import type { Output } from './output.js';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const silent: Spinner = { update() {}, stop() {} };

/**
 * A spinner on stderr, only for people at a terminal: never in --json mode, never in CI, never
 * when stderr is not a TTY. ora is loaded only when a spinner is really shown.
 */
export async function startSpinner(out: Output, env: NodeJS.ProcessEnv, text: string): Promise<Spinner> {
  if (out.json || !out.stderrIsTTY || env.CI) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: out.stderr as NodeJS.WritableStream, color: 'cyan' }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => {
      spinner.stop();
    },
  };
}

import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import { tempDir } from './run-cli.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The whole CLI in this process (commander, context, session), with captured output, a private
 * config folder and the Graph API pointed at a closed port unless the test says otherwise.
 */
export async function runMain(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<InProcessResult> {
  const output = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => 
    Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          output[key] += chunk.toString();
          done();
        },
      }),
      { isTTY: false },
    );
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', FB3CX_CONFIG_DIR: tempDir(), FB3CX_GRAPH_URL: 'http://127.0.0.1:9', ...options.env };
  const stdin = Object.assign(Readable.from(options.input === undefined ? [] : [options.input]), { isTTY: false });
  const code = await main(args, { env, stdin, stdout: sink('stdout'), stderr: sink('stderr'), handleSignals: false });
  return { code, ...output };
}

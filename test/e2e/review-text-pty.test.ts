import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../support/run-cli.js';

/**
 * The prompts, driven through a real pseudo-terminal: util-linux `script` allocates one and runs
 * the command in it, while we talk to `script` over pipes. Every step waits for the prompt text
 * to appear (never a fixed sleep).
 */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

interface PtySession {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Waits until the output after the last mark contains the text. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(text: string): void;
  exit: Promise<number | null>;
}

const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) if (session.child.exitCode === null) session.child.kill('SIGKILL');
});

function startPty(args: string[], env: Record<string, string> = {}): PtySession {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('FB3CX_') && key !== 'CI' && key !== 'FORCE_COLOR') childEnv[key] = value;
  }
  Object.assign(childEnv, { NO_COLOR: '1', TERM: 'xterm', FB3CX_CONFIG_DIR: tempDir(), FB3CX_GRAPH_URL: 'http://127.0.0.1:9', COLUMNS: '200' }, env);
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let mark = 0;
  const session: PtySession = {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 15_000) {
      const matches = () => {
        const rest = text.slice(mark);
        const found = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
        if (found === -1) return false;
        mark += found + 1;
        return true;
      };
      return new Promise<void>((resolve, reject) => {
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(pattern)}; output so far:\n${text}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      });
    },
    type(input) {
      child.stdin.write(input);
    },
    exit,
  };
  sessions.push(session);
  return session;
}

/** Terminal output without escape sequences, for assertions on what a person sees. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

describe.skipIf(!hasScript)('fb3cx review-text at a terminal', () => {
  it('asks for each missing value, re-asks on wrong input, masks the password', async () => {
    const session = startPty(['review-text', '--company', 'Contoso Ltd', '--piece', 'test-instructions']);
    await session.waitFor('Facebook Page name:');
    session.type('Contoso Support\r');
    await session.waitFor('web client URL:');
    session.type('ftp://pbx.contoso.net\r');
    await session.waitFor('must start with https://');
    // Ctrl-U clears the rejected answer before typing the right one.
    session.type('\u0015pbx.contoso.net\r');
    await session.waitFor('test extension for the reviewer:');
    session.type('ext 5\r');
    await session.waitFor('digits only');
    session.type('\u0015905\r');
    await session.waitFor('password (not stored):');
    session.type('Pty-Pass-1234\r');
    const code = await session.exit;
    const seen = plain(session.output());
    expect(code, seen).toBe(0);
    expect(seen).toContain('✔ Test extension\'s password (not stored): *************');
    expect(seen).toContain('Web client: https://pbx.contoso.net:5001/webclient');
    expect(seen).toContain('Extension: 905');
    // Once, in the instructions themselves; the prompt showed only stars.
    expect(seen.split('Pty-Pass-1234').length - 1).toBe(1);
    expect(seen).toContain('Password: Pty-Pass-1234');
    expect(seen).toContain('delete the temporary test extension 905');
  });

  it('exits 130 on Ctrl-C at a prompt, without a stack trace', async () => {
    const session = startPty(['review-text', '--company', 'Contoso Ltd']);
    await session.waitFor('Facebook Page name:');
    session.type('Contoso');
    await session.waitFor('Contoso');
    session.type('\u0003');
    const code = await session.exit;
    expect(code).toBe(130);
    expect(plain(session.output())).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('exits 130 on Ctrl-C at the masked password prompt', async () => {
    const session = startPty(['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1']);
    await session.waitFor('password (not stored):');
    session.type('secret');
    await session.waitFor('******');
    session.type('\u0003');
    expect(await session.exit).toBe(130);
    expect(plain(session.output())).not.toContain('secret');
  });

  it('asks nothing when every value is given', async () => {
    const session = startPty(['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1', '--piece', 'screencast'], { FB3CX_TEST_PASSWORD: 'Env-Pass-1' });
    const code = await session.exit;
    const seen = plain(session.output());
    expect(code, seen).toBe(0);
    expect(seen).not.toMatch(/^[?✔] /m);
    expect(seen).toContain('Shot list for the screen recording (A, Page "B")');
  });
});

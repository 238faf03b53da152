import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/http.js';
import { hasScript, KEYS, spawnFb3cxPty, type PtySession } from '../support/pty.js';

/**
 * verify at a real terminal: Ctrl-C must end every network wait with 130 within a second, with
 * the spinner on screen or without it, and a terminal that reports 0 columns must not make the
 * spinner erase lines forever.
 */

const sessions: PtySession[] = [];
let silent: TestServer | undefined;
afterEach(async () => {
  for (const session of sessions.splice(0)) session.kill();
  await silent?.close();
  silent = undefined;
});

function run(args: string[], options: Parameters<typeof spawnFb3cxPty>[1] = {}): PtySession {
  const pty = spawnFb3cxPty(args, { overallTimeoutMs: 30_000, ...options });
  sessions.push(pty);
  return pty;
}

/** Presses Ctrl-C and resolves with the exit code and how long the exit took. */
async function interrupt(pty: PtySession): Promise<{ code: number | null; ms: number }> {
  const sent = performance.now();
  pty.send(KEYS.ctrlC);
  const code = await pty.exit(10_000);
  return { code, ms: performance.now() - sent };
}

const page = { FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42' };

describe.skipIf(!hasScript)('Ctrl-C during verify at a terminal', () => {
  it('with the spinner on screen (slow sandbox): exit 130 within 1 s', async () => {
    const pty = run(['verify', '--sandbox'], { env: { FB3CX_SANDBOX_LATENCY_MS: '4000' } });
    await pty.expect(/Running \d+ checks/);
    const { code, ms } = await interrupt(pty);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
    expect(pty.output()).toMatch(/Interrupted/);
    expect(pty.output()).not.toMatch(/passed,/);
  });

  it('with the spinner on screen (a Graph API that never answers): exit 130 within 1 s', async () => {
    silent = await startTestServer(() => {
      /* never answers */
    });
    const pty = run(['verify'], { env: { ...page, FB3CX_GRAPH_URL: silent.url } });
    await pty.expect(/Running \d+ checks/);
    const { code, ms } = await interrupt(pty);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
    expect(pty.output()).toMatch(/Interrupted/);
  });

  it('without a spinner (CI set): exit 130 within 1 s', async () => {
    const pty = run(['verify', '--sandbox'], { env: { FB3CX_SANDBOX_LATENCY_MS: '4000', CI: '1' } });
    await pty.expect('Sandbox: scenario');
    const { code, ms } = await interrupt(pty);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
    expect(pty.output()).not.toMatch(/Running \d+ checks/);
  });
});

describe.skipIf(!hasScript)('a terminal 0 columns wide (stty cols 0)', () => {
  it('verify finishes with its report, without endless erase sequences', async () => {
    const pty = run(['verify', '--sandbox'], { columns: 0 });
    const code = await pty.exit(15_000);
    expect(code).toBe(0);
    expect(pty.output()).toMatch(/✔ OK {2}\d+ passed/);
    // The report is a few kilobytes; the runaway spinner wrote megabytes a second.
    expect(pty.output().length).toBeLessThan(20_000);
  });

  it('Ctrl-C still ends a slow verify with 130 within 1 s', async () => {
    const pty = run(['verify', '--sandbox'], { columns: 0, env: { FB3CX_SANDBOX_LATENCY_MS: '4000' } });
    await pty.expect('Sandbox: scenario');
    const { code, ms } = await interrupt(pty);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
  });
});

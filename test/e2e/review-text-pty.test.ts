import { afterEach, describe, expect, it } from 'vitest';
import { hasScript, KEYS, spawnFb3cxPty, type PtySession } from '../support/pty.js';

/** The prompts, driven through a real pseudo-terminal (test/support/pty.ts); never a fixed sleep. */
const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function startPty(args: string[], env: Record<string, string> = {}): PtySession {
  const session = spawnFb3cxPty(args, { env, columns: 200 });
  sessions.push(session);
  return session;
}

describe.skipIf(!hasScript)('fb3cx review-text at a terminal', () => {
  it('asks for each missing value, re-asks on wrong input, masks the password', async () => {
    const session = startPty(['review-text', '--company', 'Contoso Ltd', '--piece', 'test-instructions']);
    await session.expect('Facebook Page name:');
    session.send('Contoso Support\r');
    await session.expect('web client URL:');
    session.send('ftp://pbx.contoso.net\r');
    await session.expect('must start with https://');
    // Ctrl-U clears the rejected answer before typing the right one.
    session.send('\u0015pbx.contoso.net\r');
    await session.expect('test extension for the reviewer:');
    session.send('ext 5\r');
    await session.expect('digits only');
    session.send('\u0015905\r');
    await session.expect('password (not stored):');
    session.send('Pty-Pass-1234\r');
    const code = await session.exit();
    const seen = session.output();
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
    await session.expect('Facebook Page name:');
    session.send('Contoso');
    await session.expect('Contoso');
    session.send(KEYS.ctrlC);
    const code = await session.exit();
    expect(code).toBe(130);
    expect(session.output()).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('exits 130 on Ctrl-C at the masked password prompt', async () => {
    const session = startPty(['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1']);
    await session.expect('password (not stored):');
    session.send('secret');
    await session.expect('******');
    session.send(KEYS.ctrlC);
    expect(await session.exit()).toBe(130);
    expect(session.output()).not.toContain('secret');
  });

  it('asks nothing when every value is given', async () => {
    const session = startPty(['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1', '--piece', 'screencast'], { FB3CX_TEST_PASSWORD: 'Env-Pass-1' });
    const code = await session.exit();
    const seen = session.output();
    expect(code, seen).toBe(0);
    expect(seen).not.toMatch(/^[?✔] /m);
    expect(seen).toContain('Shot list for the screen recording (A, Page "B")');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

const running: ListenProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

// The sandbox's fictional people: Maria wrote a minute ago, Jonas three days ago, Kim blocked the page.
const MARIA = '2222222222222222';
const JONAS = '2222222222222223';
const KIM = '2222222222222224';

describe('fb3cx listen --sandbox --lookup-profile --reply', () => {
  it('names senders and answers through the Send API, explaining 10/2018278 and 551/1545041', async () => {
    const listener = startListen(['--sandbox', '--json', '--port', '0', '--lookup-profile', '--reply', 'Danke!']);
    running.push(listener);
    const url = await readyUrl(listener);
    for (const sender of [MARIA, JONAS, KIM]) {
      const result = await runCli(['trigger', 'message', '--sandbox', '--url', url, '--sender', sender, '--text', `from ${sender}`]);
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const maria = await listener.waitFor((l) => l.kind === 'event' && l.senderId === MARIA);
    expect(maria).toMatchObject({ verified: true, profile: { name: 'Maria Muster', firstName: 'Maria', lastName: 'Muster' } });
    expect(await listener.waitFor((l) => l.kind === 'reply' && l.recipientId === MARIA)).toMatchObject({ ok: true });
    expect(await listener.waitFor((l) => l.kind === 'reply' && l.recipientId === JONAS)).toMatchObject({ ok: false, code: '10/2018278' });
    const kim = await listener.waitFor((l) => l.kind === 'reply' && l.recipientId === KIM);
    expect(kim).toMatchObject({ ok: false, code: '551/1545041' });
    expect(String(kim.error)).toMatch(/not available/);
    const all = `${listener.stdout()}${listener.stderr()}`;
    expect(all).not.toContain('EAASandboxPageToken');
    expect(all).not.toContain('sandbox0app0secret');
  });

  it('says once that Business Asset User Profile Access is missing (100/2018247)', async () => {
    const listener = startListen(['--sandbox', 'dev-mode', '--json', '--port', '0', '--lookup-profile']);
    running.push(listener);
    const url = await readyUrl(listener);
    await runCli(['trigger', 'message', '--sandbox', '--url', url, '--sender', MARIA, '--batch', '3']);
    await runCli(['trigger', 'message', '--sandbox', '--url', url, '--sender', JONAS]);
    await listener.waitFor(() => listener.lines.filter((l) => l.kind === 'event').length === 4);
    expect(listener.stderr().match(/Business Asset User Profile Access/g)?.length).toBeGreaterThanOrEqual(1);
    expect(listener.stderr().match(/Sender lookup refused/g)).toHaveLength(1);
    expect(listener.lines.filter((l) => l.kind === 'event').every((l) => l.profile === undefined)).toBe(true);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

const SECRET = 'e2e0app0secret0000000000000000ab';
const running: ListenProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

describe('fb3cx listen --json | head -1', () => {
  it('a reader that goes away ends the listener cleanly, not with a crash', async () => {
    const listener = startListen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    running.push(listener);
    const url = await readyUrl(listener);
    listener.child.stdout.destroy();
    const body = Buffer.from('{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m","text":"x"}}]}]}');
    // The answer comes first; the line written after it meets the closed pipe.
    for (let i = 0; i < 3 && listener.child.exitCode === null; i++) {
      const response = await fetch(url, { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET) } }).catch(() => undefined);
      if (response) expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { exitCode } = await listener.exited;
    expect(exitCode).toBe(0);
    expect(listener.stderr()).not.toMatch(/Error|at .*\.js:\d+/);
  });
});

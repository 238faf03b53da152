import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

/** What Meta changed in 2026, through the spawned commands: stickers in two forms, the delivery's API version. */
const running: ListenProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

const STICKER = { type: 'sticker', url: 'https://scontent.xx.fbcdn.example/v/fb3cx_trigger_sticker.png', stickerId: '369239263222822' };

describe('fb3cx trigger sticker into fb3cx listen', () => {
  it('both forms arrive as the same sticker; the old one says it came as an image', async () => {
    const listener = startListen(['--sandbox', '--json', '--port', '0']);
    running.push(listener);
    const url = await readyUrl(listener);
    for (const form of ['sticker', 'image']) {
      const sent = await runCli(['trigger', 'sticker', '--sandbox', '--url', url, '--sticker-form', form, '--json']);
      expect(sent.exitCode, sent.stderr).toBe(0);
      const doc = JSON.parse(sent.stdout) as { type: string; events: number; payload: { entry: Array<{ messaging: Array<{ message: { attachments: Array<{ type: string }> } }> }> } };
      expect(doc).toMatchObject({ type: 'sticker', events: 1 });
      expect(doc.payload.entry[0]?.messaging[0]?.message.attachments[0]?.type).toBe(form);
    }
    await listener.waitFor(() => listener.lines.filter((line) => line.kind === 'event').length === 2);
    const events = listener.lines.filter((line) => line.kind === 'event');
    expect(events.map((line) => [line.type, line.attachments])).toEqual([
      ['message', [STICKER]],
      ['message', [{ ...STICKER, sentAs: 'image' }]],
    ]);
    expect(events.every((line) => line.verified === true && line.apiVersion === 'v27.0')).toBe(true);
  });

  it('the sticker scenario rehearses the change: one event of each form, drawn on the human line', async () => {
    const listener = startListen(['--sandbox', 'sticker', '--port', '0', '--exit-after', '2']);
    running.push(listener);
    await listener.waitForStderr(/Ready!/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\/webhook/.exec(listener.stderr())?.[1];
    expect(port).toBeDefined();
    const sent = await runCli(['trigger', 'sticker', '--sandbox', 'sticker', '--url', `http://127.0.0.1:${port}/webhook`]);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/✔ Sent 2 sticker events in 2 entries \(signed sha256\)/);
    expect((await listener.exited).exitCode).toBe(0);
    expect(listener.stdout()).toMatch(/message +2222222222222222 +\[sticker\] 369239263222822\n/);
    expect(listener.stdout()).toMatch(/message +2222222222222222 +\[sticker\] 369239263222822 \(sent as image\)\n/);
  });

  it('sticker is offered as a type, with a did-you-mean, and --sticker-form is refused for other types', async () => {
    const typo = await runCli(['trigger', 'stiker']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean "sticker"\?/);
    expect(typo.stderr).toMatch(/Types: message, sticker, echo/);
    const wrong = await runCli(['trigger', 'message', '--sticker-form', 'image', '--dry-run']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(/--sticker-form is for fb3cx trigger sticker, not message/);
    const badForm = await runCli(['trigger', 'sticker', '--sticker-form', 'gif', '--dry-run']);
    expect(badForm.exitCode).toBe(2);
    expect(badForm.stderr).toMatch(/--sticker-form takes sticker, image or both, got "gif"/);
  });
});

describe("fb3cx listen and the delivery's Facebook-API-Version", () => {
  it('--json carries apiVersion on each event and warns once, on stderr and as a notice line, when it is not the pinned version', async () => {
    const listener = startListen(['--sandbox', '--json', '--port', '0']);
    running.push(listener);
    const url = await readyUrl(listener);
    // trigger sends the version it pins, as Meta sends the webhook field's version.
    for (const version of ['v26.0', 'v25.0', 'v27.0']) {
      const sent = await runCli(['trigger', 'message', '--sandbox', '--url', url, '--graph-version', version, '--text', version]);
      expect(sent.exitCode, sent.stderr).toBe(0);
    }
    await listener.waitFor(() => listener.lines.filter((line) => line.kind === 'event').length === 3);
    expect(listener.lines.filter((line) => line.kind === 'event').map((line) => [line.text, line.apiVersion])).toEqual([
      ['v26.0', 'v26.0'],
      ['v25.0', 'v25.0'],
      ['v27.0', 'v27.0'],
    ]);
    const notices = listener.lines.filter((line) => line.kind === 'notice');
    expect(notices).toEqual([{ kind: 'notice', code: 'api_version_mismatch', message: 'Meta delivered with Graph API v26.0 (the Facebook-API-Version header), but fb3cx pins v27.0.', fix: expect.stringMatching(/--graph-version/) }]);
    expect(listener.stderr().match(/Facebook-API-Version/g)).toHaveLength(1);
  });

  it('--verbose shows the version on the human line', async () => {
    const listener = startListen(['--sandbox', '--port', '0', '--verbose', '--exit-after', '1']);
    running.push(listener);
    await listener.waitForStderr(/Ready!/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)\/webhook/.exec(listener.stderr())?.[1];
    const sent = await runCli(['trigger', 'message', '--sandbox', '--url', `http://127.0.0.1:${port}/webhook`, '--text', 'hi']);
    expect(sent.exitCode, sent.stderr).toBe(0);
    expect((await listener.exited).exitCode).toBe(0);
    expect(listener.stdout()).toMatch(/message +2222222222222222 +"hi" +API v27\.0\n/);
    expect(listener.stderr()).not.toMatch(/but fb3cx pins/);
  });
});

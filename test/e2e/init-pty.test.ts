import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/run-cli.js';
import { hasScript, KEYS, spawnFb3cxPty, type PtySession } from '../support/pty.js';
import type { Profile } from '../../src/core/profile.js';

/**
 * The whole wizard through a real pseudo-terminal against the sandbox, as a newcomer would
 * rehearse it: every step waits for the prompt it answers.
 */

const SANDBOX_PAGE_TOKEN = 'EAASandboxPageToken0contoso0000000000000000000000000000ZZ';
const SANDBOX_APP_SECRET = 'sandbox0app0secret0000000000abcd';

const sessions: PtySession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function wizard(args: string[], configDir?: string): { pty: PtySession; cwd: string } {
  const cwd = tempDir('fb3cx-init-cwd-');
  const pty = spawnFb3cxPty(['init', ...args], { cwd, ...(configDir ? { configDir } : {}) });
  sessions.push(pty);
  return { pty, cwd };
}

type StoredProfile = Profile;

function storedProfile(configDir: string, name = 'sandbox'): StoredProfile | undefined {
  const path = join(configDir, 'config.json');
  if (!existsSync(path)) return undefined;
  const store = JSON.parse(readFileSync(path, 'utf8')) as { profiles?: Record<string, StoredProfile> };
  return store.profiles?.[name];
}

/** Stage 1 with every sandbox default accepted; ends at the stage 2 heading. */
async function acceptStage1(pty: PtySession): Promise<void> {
  await pty.expect('Stage 1 of 4 · Meta app and page token');
  await pty.expect('? Which screen does Meta show after My Apps > Create App?');
  pty.send(KEYS.enter);
  await pty.expect('choose the use case "Engage with customers on Messenger from Meta"');
  await pty.expect('? App ID');
  pty.send(KEYS.enter);
  await pty.expect('? Page ID');
  pty.send(KEYS.enter);
  await pty.expect('? Page access token');
  pty.send(KEYS.enter);
  await pty.expect('? App secret');
  pty.send(KEYS.enter);
  await pty.expect('? Is "Contoso Support"');
  pty.send(KEYS.enter);
  await pty.expect('? Save the page token and app secret in profile "sandbox" (file mode 0600)?');
  pty.send(KEYS.enter);
  await pty.expect('Stage 1 saved in profile "sandbox"');
}

async function acceptStage2(pty: PtySession): Promise<void> {
  await pty.expect('Stage 2 of 4 · 3CX');
  await pty.expect('Admin > Voice & Chat > Add Facebook');
  await pty.expect('? 3CX webhook URL');
  pty.send(KEYS.enter);
  await pty.expect('? 3CX web client URL');
  pty.send(KEYS.enter);
  await pty.expect(/✔ 3CX webhook: valid HTTPS certificate, answers the handshake/);
  await pty.expect('route Facebook messages to it');
  await pty.expect('? Set up 3CX API access');
  pty.send(KEYS.enter);
  await pty.expect('Stage 2 saved in profile "sandbox"');
}

async function acceptStage4(pty: PtySession): Promise<void> {
  await pty.expect('Stage 4 of 4 · App Review and Live');
  await pty.expect('? Company name');
  pty.send(KEYS.enter);
  await pty.expect('? Temporary test extension');
  pty.send(KEYS.enter);
  await pty.expect("? Test extension's password");
  pty.send(KEYS.enter);
  await pty.expect('App Review pack written to ./fb3cx-review-pack/');
  await pty.expect('Switch App Mode from Development to Live');
  await pty.expect(/from a Facebook account that has NO role on the app/);
  await pty.expect('Stage 4 saved in profile "sandbox"');
}

describe.skipIf(!hasScript)('fb3cx init through a pseudo-terminal (sandbox)', () => {
  it('healthy path: Enter through every stage, saves the profile and the review pack, ends with the verify report', async () => {
    const { pty, cwd } = wizard(['--sandbox']);
    await acceptStage1(pty);
    await acceptStage2(pty);
    await pty.expect('Stage 3 of 4 · Webhook');
    await pty.expect('✔ all six fields are subscribed; nothing to change');
    await pty.expect('✔ points at the 3CX webhook URL, active, all six fields; nothing to change');
    await pty.expect('Stage 3 saved');
    await acceptStage4(pty);
    await pty.expect('Final check: fb3cx verify');
    await pty.expect(/✔ OK\s+20 passed, 0 warnings, 0 failed, 0 skipped, 1 to check by hand/);
    await pty.expect('Setup done');
    expect(await pty.exit()).toBe(0);

    const output = pty.output();
    expect(output).not.toContain(SANDBOX_PAGE_TOKEN);
    expect(output).not.toContain(SANDBOX_APP_SECRET);
    const profile = storedProfile(pty.configDir);
    expect(profile).toMatchObject({ pageId: '111111111111111', appId: '1234567890123456', webClientUrl: 'https://contoso.3cx.example:5001/webclient', company: 'Contoso Ltd', extension: '901', pageToken: SANDBOX_PAGE_TOKEN });
    expect(profile?.init?.completedStage).toBe(4);
    expect(statSync(join(pty.configDir, 'config.json')).mode & 0o777).toBe(0o600);
    const instructions = join(cwd, 'fb3cx-review-pack', 'test-instructions.txt');
    expect(readFileSync(instructions, 'utf8')).toContain('Contoso Support');
    expect(statSync(instructions).mode & 0o777).toBe(0o600);
    expect(existsSync(join(cwd, 'fb3cx-review-pack', 'index.txt'))).toBe(true);
  });

  it('a bad token is explained and asked again; the stage only passes with the right one', async () => {
    const { pty } = wizard(['--sandbox']);
    // The older "Other" > "Business" screens: one step down in the list.
    await pty.expect('? Which screen does Meta show');
    pty.send(`${KEYS.down}${KEYS.enter}`);
    await pty.expect('My Apps > Create App > Other > Business');
    await pty.expect('? App ID');
    pty.send(KEYS.enter);
    await pty.expect('? Page ID');
    pty.send(KEYS.enter);
    await pty.expect('? Page access token');
    pty.line('EAAwrong');
    await pty.expect('? App secret');
    pty.send(KEYS.enter);
    await pty.expect('✖ Page token is accepted: The access token is invalid');
    await pty.expect('Fix: Generate a new page token');
    await pty.expect('Paste it again');
    await pty.expect('? Page access token');
    expect(pty.pending()).not.toContain('Stage 1 saved');
    pty.line(SANDBOX_PAGE_TOKEN);
    await pty.expect('✔ Page token: accepted, a PAGE token, for this page, from this app');
    await pty.expect('? Is "Contoso Support"');
    pty.send(KEYS.enter);
    await pty.expect('? Save the page token');
    // Decline: the secrets must then stay out of the profile.
    pty.line('n');
    await pty.expect('Stage 1 saved');
    await pty.expect('? 3CX webhook URL');
    pty.send(KEYS.ctrlC);
    expect(await pty.exit()).toBe(130);
    expect(pty.output()).not.toContain(SANDBOX_PAGE_TOKEN);
    const profile = storedProfile(pty.configDir);
    expect(profile?.init?.completedStage).toBe(1);
    expect(profile?.pageToken).toBeUndefined();
    expect(profile?.appSecret).toBeUndefined();
  });

  it('missing fields: shows before and after, asks, subscribes, and the final report passes page.fields', async () => {
    const { pty } = wizard(['--sandbox', 'missing-fields', '--stage', '3']);
    await pty.expect('Checking the saved page token');
    await pty.expect('Stage 3 of 4 · Webhook');
    await pty.expect('now    messages, message_echoes, message_reads, message_deliveries');
    await pty.expect('after  messages, message_echoes, message_reads, message_deliveries, messaging_pre_checkouts, messaging_customer_information');
    await pty.expect('adds messaging_pre_checkouts, messaging_customer_information; removes nothing');
    await pty.expect('? Subscribe the page to these fields now?');
    pty.send(KEYS.enter);
    await pty.expect('✔ subscribed, confirmed by reading it back');
    await pty.expect(/✔ Checked: app installed on the page, page has the six fields/);
    await acceptStage4(pty);
    await pty.expect(/✔ page\.fields\s+all 6/);
    expect(await pty.exit()).toBe(0);
  });

  it('a callback pointing elsewhere is shown and set by API after confirmation', async () => {
    const { pty } = wizard(['--sandbox', 'callback-elsewhere', '--stage', '3']);
    await pty.expect('Stage 3 of 4 · Webhook');
    await pty.expect('callback  https://4f2a-198-51-100-23.ngrok-free.app/webhook');
    await pty.expect(/→\s+https:\/\/contoso\.3cx\.example:\d+\/facebook\/webhook\//);
    await pty.expect('error 2200');
    await pty.expect('? Set the app webhook?');
    pty.send(KEYS.enter);
    await pty.expect('✔ set: callback is the 3CX webhook URL, six fields, active (read back)');
    // The line is wrapped to the terminal (160 columns), so the words may be on the next line.
    await pty.expect(/✔ Checked: [^\n]*app webhook\s+points at 3CX/);
    await acceptStage4(pty);
    await pty.expect(/✔ app\.callback\s+https:\/\/contoso\.3cx\.example/);
    expect(await pty.exit()).toBe(0);
  });

  it('Ctrl-C half-way exits 130 keeping the finished stages; the next run continues at stage 4', async () => {
    const configDir = tempDir('fb3cx-init-config-');
    const first = wizard(['--sandbox'], configDir).pty;
    await acceptStage1(first);
    await acceptStage2(first);
    await first.expect('Stage 3 saved');
    await first.expect('? Company name');
    first.send(KEYS.ctrlC);
    expect(await first.exit()).toBe(130);
    const saved = storedProfile(configDir);
    expect(saved?.init?.completedStage).toBe(3);
    expect(saved?.company).toBeUndefined();

    const second = wizard(['--sandbox'], configDir).pty;
    await second.expect('This profile has stages 1-3 done');
    await second.expect('❯ Continue with Stage 4 of 4 · App Review and Live');
    second.send(KEYS.enter);
    await second.expect('Checking the saved page token');
    await acceptStage4(second);
    await second.expect('Setup done');
    expect(await second.exit()).toBe(0);
    expect(second.output()).not.toContain('Stage 1 of 4 · Meta app');
    expect(storedProfile(configDir)?.init?.completedStage).toBe(4);
  });

  it('Ctrl-C at the very first question leaves no profile behind', async () => {
    const { pty } = wizard(['--sandbox']);
    await pty.expect('? Which screen does Meta show');
    pty.send(KEYS.ctrlC);
    expect(await pty.exit()).toBe(130);
    expect(storedProfile(pty.configDir)).toBeUndefined();
  });

  it('a 3CX URL Meta cannot verify: error 2200 is explained and nothing changes until fixed', async () => {
    const { pty } = wizard(['--sandbox', '--stage', '3', '--webhook-url', 'https://127.0.0.1:9/facebook/webhook/x']);
    await pty.expect('? Set the app webhook?');
    pty.send(KEYS.enter);
    await pty.expect('Meta could not verify the 3CX webhook URL (error 2200), so nothing changed.');
    await pty.expect('Meta said: (#2200) Callback verification failed');
    await pty.expect('? Set the app webhook?');
    pty.send(`${KEYS.down}${KEYS.down}${KEYS.enter}`);
    // Left pointing elsewhere, 3CX receives nothing: a failure, not a warning.
    await pty.expect(/✖ App webhook points at 3CX: the callback is https:\/\/contoso\.3cx\.example/);
    await pty.expect('? Company name');
    pty.send(KEYS.ctrlC);
    expect(await pty.exit()).toBe(130);
  });
});

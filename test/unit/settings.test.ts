import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { commanderOutput } from '../../src/help-texts.js';
import { openConfigStore } from '../../src/io/config.js';
import { resolveSettings } from '../../src/settings/resolve.js';
import { configKeysHelp, environmentNames, howToGive, settingProblem, SETTINGS, STORED_KEYS, type SettingKey } from '../../src/settings/schema.js';
import type { Session } from '../../src/session.js';
import { fakeContext, scriptedPrompter } from '../support/context.js';
import { runMain } from '../support/main.js';

const sessions: Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

describe('the settings table', () => {
  it('names each env var and flag once', () => {
    const envs = SETTINGS.map((row) => row.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const env of envs) expect(env).toMatch(/^FB3CX_[A-Z_]+$/);
    const flags = SETTINGS.flatMap((row): string[] => [...('flag' in row ? [row.flag.split(' ')[0] ?? ''] : []), ...('stdinFlag' in row ? [row.stdinFlag] : [])]);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it('gives secrets no plain flag except the verify token, and a --x-stdin form for the pasted ones', () => {
    for (const row of SETTINGS) {
      if (!row.secret) continue;
      if (row.key === 'verifyToken') continue;
      expect('flag' in row, row.key).toBe(false);
      expect('stdinFlag' in row && row.stdinFlag.endsWith('-stdin'), row.key).toBe(true);
    }
  });

  it('never stores the test password; config keys are the stored rows', () => {
    expect(STORED_KEYS).not.toContain('password');
    expect(configKeysHelp(80).replace(/\s+/g, ' ')).toBe(`Keys: ${SETTINGS.filter((row) => row.stored).map((row) => `${row.key}${row.secret ? ' (secret)' : ''}`).join(', ')}.`);
  });

  it('lists every env var of the table (and FB3CX_VERIFY_TOKEN) in the top-level help', async () => {
    const { stdout } = await commanderOutput(['--help']);
    const section = stdout.slice(stdout.indexOf('Environment:')).replace(/\s+/g, ' ');
    for (const name of environmentNames()) expect(section).toContain(name);
    expect(section).toContain('FB3CX_VERIFY_TOKEN');
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('says how to give a value by its flag and env var', () => {
    expect(howToGive('pageId')).toBe('--page-id or FB3CX_PAGE_ID');
    expect(howToGive('pageToken')).toBe('--page-token-stdin or FB3CX_PAGE_TOKEN');
    expect(howToGive('graphUrl')).toBe('FB3CX_GRAPH_URL');
  });
});

describe('validators by purpose', () => {
  it.each<[SettingKey, string, string | undefined]>([
    ['pageId', '12345', undefined],
    ['pageId', 'facebook.com/x', "must be 5 to 25 digits, as shown in Meta's dashboard"],
    ['webhookUrl', 'https://pbx.example.com/wh', undefined],
    ['webhookUrl', 'http://pbx.example.com/wh', 'must start with https:// (Meta only talks to HTTPS)'],
    ['webhookUrl', 'https://user:pw@pbx.example.com/wh', 'must not contain a user name or password'],
    ['graphUrl', 'http://127.0.0.1:9', undefined],
    ['graphUrl', 'ftp://x', 'must start with https:// or http://'],
    ['pageToken', 'EAA abc', 'contains spaces or line breaks inside it'],
    ['verifyToken', 'a b', 'contains spaces or line breaks inside it'],
    ['extension', '901', undefined],
    ['extension', 'abc', 'must be the extension number (digits only)'],
    ['graphVersion', 'v25.0', undefined],
    ['graphVersion', '25', 'must look like v25.0'],
    ['company', 'A {{b}}', 'must not contain "{{" or "}}"'],
    ['pbxHost', 'https://pbx.example.com', 'must be a bare host name'],
  ])('%s %j', (key, value, reason) => {
    const problem = settingProblem(key, value, 'flag');
    if (reason === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(reason);
  });

  it('never repeats a secret in the sentence', () => {
    expect(settingProblem('pageToken', 'EAAsecret secret', 'env')).toBe('The page access token from FB3CX_PAGE_TOKEN contains spaces or line breaks inside it; paste it again as one piece.');
  });
});

describe('the resolver', () => {
  it('takes flags, then stdin, then env, then the profile, then the default', () => {
    const resolved = resolveSettings({
      flag: { pageId: '11111' },
      stdin: { pageId: '22222', pageToken: 'EAAstdin' },
      env: { FB3CX_PAGE_ID: '33333', FB3CX_PAGE_TOKEN: 'EAAenv', FB3CX_APP_ID: '44444' },
      profile: { pageId: '55555', appId: '66666', webhookUrl: 'https://pbx.example/wh' },
    });
    expect(resolved.values).toMatchObject({ pageId: '11111', pageToken: 'EAAstdin', appId: '44444', webhookUrl: 'https://pbx.example/wh', graphVersion: 'v27.0' });
    expect(resolved.sources).toMatchObject({ pageId: 'flag', pageToken: 'stdin', appId: 'env', webhookUrl: 'profile', graphVersion: 'default' });
    expect(resolved.problems).toEqual([]);
  });

  it('asks at a terminal only for what no layer gave, with the same rule', async () => {
    const { prompter, asked } = scriptedPrompter(['not-an-id', '1234567']);
    const fake = fakeContext({ prompter, env: { FB3CX_PAGE_TOKEN: 'EAAfromenv00000' } });
    const session = await fake.ctx.session({ options: {}, askFor: ['pageId', 'pageToken'] });
    sessions.push(session);
    expect(asked.map((entry) => entry.message)).toEqual(['Page ID (Messenger API Settings, under the page name):']);
    expect(asked[0]?.rejected).toEqual([`The Page ID must be 5 to 25 digits, as shown in Meta's dashboard, got "not-an-id".`]);
    expect(session.settings.sources).toMatchObject({ pageId: 'prompt', pageToken: 'env' });
  });

  it('makes the sandbox a layer that replaces env and profile; flags and stdin still win', async () => {
    const fake = fakeContext({ globals: { sandbox: true }, env: { FB3CX_APP_ID: '99999999', FB3CX_WEBHOOK_URL: 'https://env.example/wh' }, stdin: 'EAAfromstdin0000' });
    const store = await openConfigStore(fake.env);
    store.saveProfile('default', { webClientUrl: 'https://profile.example/wc' });
    const session = await fake.ctx.session({ options: { pageId: '1234567', pageTokenStdin: true } });
    sessions.push(session);
    const { values, sources } = session.settings;
    expect(sources).toMatchObject({ pageId: 'flag', pageToken: 'stdin', appId: 'sandbox', webhookUrl: 'sandbox', webClientUrl: 'sandbox', graphUrl: 'sandbox' });
    expect(values.pageToken).toBe('EAAfromstdin0000');
    expect(values.appId).toBe(session.sandbox?.identity.appId);
    expect(values.graphUrl).toBe(session.sandbox?.graphUrl);
    expect(session.profile).toBeUndefined();
  });

  it('creates the config store and each Graph client once', async () => {
    const fake = fakeContext({ env: { FB3CX_PAGE_ID: '1234567', FB3CX_PAGE_TOKEN: 'EAAtoken000000' } });
    const session = await fake.ctx.session({ options: {} });
    sessions.push(session);
    expect(await session.configStore()).toBe(await fake.ctx.configStore());
    expect(await session.graph()).toBe(await session.graph());
    expect(await session.graph({ appSecret: 'othersecret0' })).not.toBe(await session.graph());
  });
});

/** The refusal sentence without the words that say where the value came from. */
function refusal(stderr: string): string {
  const line = stderr.split('\n').find((text) => text.startsWith('✖ ')) ?? '';
  return line.replace(/^✖ /, '').replace(/ from (the command line|standard input|FB3CX_[A-Z_]+|--[a-z-]+) /, ' ');
}

describe('one value, one verdict in every command', () => {
  const PASSWORD = { FB3CX_TEST_PASSWORD: 'Review-Pass-1' };
  const review = ['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1', '--piece', 'screencast'];
  const init = ['init', '--yes'];

  it('an http:// webhook URL', async () => {
    const expected = 'The 3CX webhook URL must start with https:// (Meta only talks to HTTPS), got "http://pbx.example.com/wh".';
    const config = await runMain(['config', 'set', 'webhookUrl', 'http://pbx.example.com/wh']);
    expect(config.stderr).toContain('The 3CX webhook URL from the command line must start with https://');
    const env = { FB3CX_WEBHOOK_URL: 'http://pbx.example.com/wh', FB3CX_PAGE_ID: '1234567', FB3CX_PAGE_TOKEN: 'EAAtoken000000', ...PASSWORD };
    const results = [config, await runMain(init, { env }), await runMain(['verify'], { env }), await runMain(review, { env })];
    for (const result of results.slice(1)) expect(result.stderr).toContain('The 3CX webhook URL from FB3CX_WEBHOOK_URL must start with https://');
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(refusal(result.stderr)).toBe(expected);
    }
  });

  it('a token with a space inside, never repeated', async () => {
    const expected = 'The page access token contains spaces or line breaks inside it; paste it again as one piece.';
    const env = { FB3CX_PAGE_TOKEN: 'EAAsecret secret0000', FB3CX_PAGE_ID: '1234567', ...PASSWORD };
    const results = [await runMain(['config', 'set', 'pageToken'], { input: 'EAAsecret secret0000\n' }), await runMain(init, { env }), await runMain(['verify'], { env }), await runMain(review, { env })];
    expect(results[0]?.stderr).toContain('from standard input');
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(refusal(result.stderr)).toBe(expected);
      expect(result.stderr).not.toContain('secret0000');
    }
  });

  it('an extension that is not digits (verify does not read it)', async () => {
    const expected = 'The test extension must be the extension number (digits only), got "abc".';
    const env = { FB3CX_TEST_EXTENSION: 'abc', ...PASSWORD };
    const results = [
      await runMain(['config', 'set', 'extension', 'abc']),
      await runMain(init, { env }),
      await runMain(['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--piece', 'screencast'], { env }),
    ];
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(refusal(result.stderr)).toBe(expected);
    }
  });
});

describe('one Graph client factory', () => {
  const sockets = new Set<Socket>();

  it('init honours FB3CX_GRAPH_TIMEOUT_MS against a Graph API that never answers', async () => {
    const server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const started = Date.now();
      const result = await runMain(['init', '--yes', '--app-id', '1234567', '--page-id', '7654321', '--webhook-url', 'https://pbx.example.com/wh', '--web-client-url', 'https://pbx.example.com:5001/webclient', '--company', 'A', '--extension', '1'], {
        env: { FB3CX_GRAPH_URL: `http://127.0.0.1:${port}`, FB3CX_GRAPH_TIMEOUT_MS: '150', FB3CX_PAGE_TOKEN: 'EAAtoken000000', FB3CX_TEST_PASSWORD: 'Review-Pass-1' },
      });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain('did not answer within 150 ms');
      // Without the setting one attempt alone waits 10 s.
      expect(Date.now() - started).toBeLessThan(9000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 20_000);
});

describe('command options for settings', () => {
  it('come from the settings table, never written by hand in a command definition', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../src/commands/definitions/', import.meta.url);
    const flags = SETTINGS.flatMap((row) => ('flag' in row ? [row.flag.split(' ')[0]] : []).concat('stdinFlag' in row ? [row.stdinFlag] : []));
    const handWritten: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const flag of flags) if (text.includes(`.option('${flag}`) || text.includes(`new Option('${flag}`)) handWritten.push(`${file}: ${flag}`);
    }
    // The global --graph-version is defined with the program in cli.ts, outside this folder.
    expect(handWritten).toEqual([]);
    expect(flags.length).toBeGreaterThan(10);
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../support/run-cli.js';

/**
 * Hostile and mistaken input across every command, through the spawned bin as a person would
 * type it. Each answer is one sentence on stderr (its first line, after the banner a command may
 * print as it starts), the documented exit code, no stack trace, no "This is a bug", no secret
 * anywhere in the output, and nothing that acts on a terminal.
 */
const TOKEN = 'EAABsbCS1iHgBO7ZCZBqZBadInputTokenValue0123456789abcdef';
const APP_SECRET = 'f00dfacecafe4b1d9e8c7a6b5c4d3e2f';
const PASSWORD = 'hunter2-Password';
const SECRETS = [TOKEN, APP_SECRET, PASSWORD, 'BadInputTokenValue', '4b1d9e8c7a6b5c4d', 'hunter2'];
const PAGE_ID = '123456789012345';

/** Exit codes the README documents. */
const USAGE = 2;

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
  /** The config file's content before the run. */
  configFile?: string;
  exitCode: number;
  /** What the first line of stderr says, at least. */
  first: RegExp;
}

const cases: Case[] = [
  // Wrong values for a setting.
  { name: 'a page ID that is not digits', args: ['verify', '--page-id', 'facebook.com/contoso'], env: { FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /The Page ID from --page-id must be 5 to 25 digits/ },
  { name: 'a page ID too short', args: ['subscribe', '--page-id', '12'], env: { FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /The Page ID from --page-id/ },
  { name: 'a token pasted as the page ID', args: ['verify', '--page-id', TOKEN], exitCode: USAGE, first: /not repeated here/ },
  { name: 'an app secret pasted as the App ID', args: ['verify', '--app-id', APP_SECRET], env: { FB3CX_PAGE_ID: PAGE_ID, FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /The App ID from --app-id/ },
  { name: 'a token with a stray line break inside (env)', args: ['verify', '--page-id', PAGE_ID], env: { FB3CX_PAGE_TOKEN: `EAABsbCS1iHgBO7\nZCZBqZBadInputTokenValue` }, exitCode: USAGE, first: /page access token from FB3CX_PAGE_TOKEN contains spaces or line breaks/ },
  { name: 'a token with a space inside (stdin)', args: ['verify', '--page-id', PAGE_ID, '--page-token-stdin'], input: `EAABsbCS1iHgBO7 ZCZBqZBadInputTokenValue\n`, exitCode: USAGE, first: /page access token from standard input contains spaces/ },
  { name: 'an app secret with a space inside (env)', args: ['listen', '--port', '0'], env: { FB3CX_APP_SECRET: 'f00dface cafe4b1d9e8c7a6b5c4d3e2f' }, exitCode: USAGE, first: /app secret from FB3CX_APP_SECRET contains spaces/ },
  { name: 'a webhook URL that is not a URL', args: ['verify', '--webhook-url', 'pbx.example.com/webhook'], env: { FB3CX_PAGE_ID: PAGE_ID, FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /The 3CX webhook URL from --webhook-url is not a valid URL/ },
  { name: 'an http:// webhook URL', args: ['init', '--yes', '--webhook-url', 'http://pbx.example.com/x'], exitCode: USAGE, first: /must start with https:\/\// },
  { name: 'a web client URL with a password in it', args: ['review-text', '--web-client-url', 'https://admin:pw@pbx.example.com/webclient'], exitCode: USAGE, first: /must not contain a user name or password/ },
  { name: 'a 3CX host that is a URL with a space', args: ['review-text', '--pbx-host', 'http://x y'], exitCode: USAGE, first: /The 3CX host name from --pbx-host must be a bare host name/ },
  { name: 'an extension that is not digits', args: ['review-text', '--extension', 'abc'], exitCode: USAGE, first: /The test extension from --extension must be the extension number/ },
  { name: 'a company name over two lines', args: ['review-text', '--company', 'Acme\nEvil ✔ saved'], exitCode: USAGE, first: /The company name from --company must be a single line, got "Acme\\nEvil/ },
  { name: 'a Graph version that is not one', args: ['verify', '--graph-version', '25'], env: { FB3CX_PAGE_ID: PAGE_ID, FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /Graph API version/ },
  { name: 'a Graph timeout that is not a number', args: ['verify', '--sandbox'], env: { FB3CX_GRAPH_TIMEOUT_MS: 'soon' }, exitCode: USAGE, first: /FB3CX_GRAPH_TIMEOUT_MS must be a whole number/ },
  { name: 'a profile name with spaces', args: ['verify', '--profile', 'my profile!'], exitCode: USAGE, first: /Profile names use letters, digits/ },

  // Secrets where they do not belong.
  { name: 'the page token as --page-token=', args: ['verify', `--page-token=${TOKEN}`], exitCode: USAGE, first: /fb3cx verify does not take the page access token on the command line/ },
  { name: 'the page token as --page-token= under --json', args: ['verify', '--json', `--page-token=${TOKEN}`], exitCode: USAGE, first: /does not take the page access token/ },
  { name: 'the app secret as --app-secret=', args: ['subscribe', `--app-secret=${APP_SECRET}`], exitCode: USAGE, first: /fb3cx subscribe does not take the app secret on the command line/ },
  { name: 'a token as --token=', args: ['listen', `--token=${TOKEN}`], exitCode: USAGE, first: /does not take the page access token/ },
  { name: 'a token as --access_token=', args: ['trigger', 'message', `--access_token=${TOKEN}`], exitCode: USAGE, first: /does not take the page access token/ },
  { name: 'the page token as --page-token <value>', args: ['init', '--page-token', TOKEN], exitCode: USAGE, first: /fb3cx init does not take the page access token/ },
  { name: 'a password as --password=', args: ['init', `--password=${PASSWORD}`], exitCode: USAGE, first: /does not take the test extension's password/ },
  { name: 'a password as --password <value>', args: ['review-text', '--password', PASSWORD], exitCode: USAGE, first: /fb3cx review-text does not take the test extension's password/ },
  { name: 'the verify token where it is not taken', args: ['verify', `--verify-token=${APP_SECRET}`], exitCode: USAGE, first: /does not take the verify token/ },
  { name: 'a secret as a config argument', args: ['config', 'set', 'pageToken', TOKEN], exitCode: USAGE, first: /Secrets are not accepted as arguments/ },
  { name: 'a token typed as the command', args: [TOKEN], exitCode: USAGE, first: /Unknown command: a value that looks like a token/ },
  { name: 'an unknown option with a value', args: ['verify', `--pageid=${TOKEN}`], exitCode: USAGE, first: /^✖ Unknown option '--pageid' \(its value is not repeated here\)\.$/ },

  // Control characters and bidi overrides in what is echoed.
  { name: 'a terminal title sequence as the page ID', args: ['verify', '--page-id', '\u001b]0;pwned\u0007'], env: { FB3CX_PAGE_TOKEN: TOKEN }, exitCode: USAGE, first: /got "\\u001b\]0;pwned\\u0007"/ },
  { name: 'a cursor move and a C1 CSI in a company name', args: ['review-text', '--company', 'Acme\u001b[2J\u009b2J{{x}}'], exitCode: USAGE, first: /\\u001b\[2J\\u009b2J/ },
  { name: 'a right-to-left override in a trigger type', args: ['trigger', 'mess\u202eegas'], exitCode: USAGE, first: /event type "mess\\u202eegas"/ },
  { name: 'a bell in an unknown option', args: ['verify', '--bogus\u0007'], exitCode: USAGE, first: /Unknown option '--bogus\\u0007'/ },
  { name: 'an escape in an unknown scenario', args: ['verify', '--sandbox=\u001b[8mhidden'], exitCode: USAGE, first: /Unknown sandbox scenario "\\u001b\[8mhidden"/ },

  // Unknown names, with the closest known one.
  { name: 'an unknown flag', args: ['verify', '--bogus'], exitCode: USAGE, first: /^✖ Unknown option '--bogus'\.$/ },
  { name: 'a global unknown flag', args: ['--bogus'], exitCode: USAGE, first: /Unknown option '--bogus'/ },
  { name: 'an unknown command', args: ['verfy'], exitCode: USAGE, first: /Unknown command: "verfy"/ },
  { name: 'help on an unknown command', args: ['help', 'nope'], exitCode: USAGE, first: /^✖ fb3cx has no command "nope"\.$/ },
  { name: 'an extra word', args: ['verify', 'now'], exitCode: USAGE, first: /^✖ fb3cx verify takes no arguments, got 1\.$/ },
  { name: 'a misspelt scenario', args: ['verify', '--sandbox', 'expird-token'], exitCode: USAGE, first: /Unknown sandbox scenario "expird-token"/ },
  { name: 'a misspelt scenario before the command', args: ['--sandbox', 'healhty', 'verify'], exitCode: USAGE, first: /Unknown sandbox scenario "healhty"/ },
  { name: 'an unknown check id', args: ['verify', '--sandbox', '--only', 'tokn'], exitCode: USAGE, first: /Unknown check id: tokn\./ },
  { name: 'an unknown check id to skip', args: ['verify', '--sandbox', '--skip', 'token.vaild'], exitCode: USAGE, first: /Unknown check id: token\.vaild\./ },
  { name: 'an unknown trigger type', args: ['trigger', 'mesage'], exitCode: USAGE, first: /fb3cx trigger does not know the event type "mesage"/ },
  { name: 'no trigger type', args: ['trigger'], exitCode: USAGE, first: /^✖ fb3cx trigger needs an event type, or --replay <file>\.$/ },
  { name: 'a trigger type taken as the sandbox scenario', args: ['trigger', '--sandbox', 'sticker'], exitCode: USAGE, first: /^✖ "sticker" was taken as the sandbox scenario, so fb3cx trigger has no event type: put the type first, fb3cx trigger sticker --sandbox \(/ },
  { name: 'a bad --since', args: ['trigger', '--replay', 'events.jsonl', '--url', 'http://127.0.0.1:9/hook', '--since', 'yesterday'], exitCode: USAGE, first: /^✖ --since takes a time like 2026-05-01T14:00 .* got "yesterday"\.$/ },
  { name: 'a type with --replay', args: ['trigger', 'message', '--replay', 'events.jsonl'], exitCode: USAGE, first: /^✖ --replay sends the events saved in a file, so it takes no event type/ },
  { name: 'an unknown signature kind', args: ['trigger', 'message', '--signature', 'md5'], exitCode: USAGE, first: /^✖ --signature takes sha256, sha1, both or none, got "md5"\.$/ },
  { name: 'an unknown review piece', args: ['review-text', '--sandbox', '--piece', 'everything'], exitCode: USAGE, first: /--piece: there is no piece "everything"/ },
  { name: 'an unknown listen event type', args: ['listen', '--events', 'mesage'], exitCode: USAGE, first: /--events does not know the type "mesage"/ },
  { name: 'an unknown webhook field', args: ['subscribe', '--sandbox', '--fields', 'Messages!'], exitCode: USAGE, first: /is not a webhook field name/ },
  { name: 'an unknown config key', args: ['config', 'get', 'pageid2'], exitCode: USAGE, first: /Unknown key "pageid2"/ },
  { name: 'an unknown profile to use', args: ['config', 'use', 'nobody'], exitCode: USAGE, first: /There is no profile named "nobody"/ },

  // Numbers and URLs for options.
  { name: 'a port that is not a number', args: ['listen', '--port', 'abc'], exitCode: USAGE, first: /^✖ --port takes a whole number from 0 to 65535, got "abc"\.$/ },
  { name: 'a port too large', args: ['listen', '--port', '70000'], exitCode: USAGE, first: /--port takes a whole number/ },
  { name: 'a body limit that is not a size', args: ['listen', '--max-body', 'huge'], exitCode: USAGE, first: /--max-body takes a size/ },
  { name: 'a listen path without a slash', args: ['listen', '--path', 'webhook'], exitCode: USAGE, first: /--path must start with "\/"/ },
  { name: 'a forward URL that is not http', args: ['listen', '--forward-to', 'ftp://example.com/'], exitCode: USAGE, first: /--forward-to needs an http\(s\) URL/ },
  { name: 'a trigger URL that is not http', args: ['trigger', 'message', '--url', 'file:///etc/passwd'], exitCode: USAGE, first: /--url needs an http\(s\) URL/ },
  { name: 'a sender that is not an ID', args: ['trigger', 'message', '--sender', 'bob'], exitCode: USAGE, first: /--sender takes a numeric page-scoped ID/ },
  { name: 'a batch of zero', args: ['trigger', 'message', '--batch', '0'], exitCode: USAGE, first: /--batch takes a whole number from 1 to 1000/ },
  { name: 'a stage that does not exist', args: ['init', '--stage', '9'], exitCode: USAGE, first: /--stage takes a whole number from 1 to 4/ },

  // Missing values where nothing may be asked.
  { name: 'verify without page ID and token under CI', args: ['verify'], env: { CI: '1' }, exitCode: USAGE, first: /fb3cx verify needs the Page ID and the page token/ },
  { name: 'subscribe without a token under CI', args: ['subscribe', '--page-id', PAGE_ID], env: { CI: '1' }, exitCode: USAGE, first: /fb3cx subscribe needs --page-token-stdin or FB3CX_PAGE_TOKEN/ },
  { name: 'review-text without values under CI', args: ['review-text'], env: { CI: '1' }, exitCode: USAGE, first: /^✖ Missing \d+ values for the App Review texts:$/ },
  { name: 'init --yes without answers', args: ['init', '--yes'], env: { CI: '1' }, exitCode: USAGE, first: /^✖ fb3cx init --yes needs \d+ more answers for stages 1-4:$/ },
  { name: 'an empty standard input for the token', args: ['verify', '--page-id', PAGE_ID, '--page-token-stdin'], input: '', exitCode: USAGE, first: /Standard input held no page access token/ },

  // A config file that is not what fb3cx wrote.
  { name: 'a corrupt config file (verify)', args: ['verify', '--page-id', PAGE_ID], env: { FB3CX_PAGE_TOKEN: TOKEN }, configFile: '{"profiles": {', exitCode: USAGE, first: /config/i },
  { name: 'a corrupt config file (config list)', args: ['config', 'list'], configFile: 'not json at all', exitCode: USAGE, first: /config/i },
];

/** Every byte that would act on a terminal rather than show. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertOneSentenceAnswer(result: CliResult, expected: Case): void {
  const all = `${result.stdout}\n${result.stderr}`;
  expect(result.exitCode, all).toBe(expected.exitCode);
  // The error's line: the first on stderr but for a banner a command prints as it starts
  // ("Sandbox: ...", "fb3cx init · profile ...").
  const lines = result.stderr.split('\n');
  const at = lines.findIndex((line) => line.startsWith('✖ '));
  expect(lines.slice(0, Math.max(0, at)).every((line) => /^(Sandbox: scenario|fb3cx init · profile)/.test(line)), result.stderr).toBe(true);
  const first = lines[at] ?? '';
  expect(first, result.stderr).toMatch(expected.first);
  // One sentence: the error mark, then text ending in a full stop (or a colon before a list),
  // with no second sentence on the line.
  expect(first).toMatch(/^✖ \S.*[.:]$/);
  expect(first.slice(2, -1)).not.toMatch(/[.!?] [A-Z]/);
  expect(all).not.toMatch(/\n\s+at /);
  expect(all).not.toContain('This is a bug');
  expect(all).not.toMatch(TERMINAL_CONTROL);
  for (const secret of SECRETS) expect(all.includes(secret), `output shows a secret: ${all}`).toBe(false);
}

describe('bad input, across every command', () => {
  it('the table covers at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: one sentence, the documented exit code, no trace, no secret', async (_name, badInput) => {
    const configDir = tempDir('fb3cx-bad-input-');
    if (badInput.configFile !== undefined) writeFileSync(join(configDir, 'config.json'), badInput.configFile);
    const result = await runCli(badInput.args, { configDir, env: badInput.env ?? {}, ...(badInput.input !== undefined ? { input: badInput.input } : {}) });
    assertOneSentenceAnswer(result, badInput);
    if (badInput.args.includes('--json')) {
      const document = JSON.parse(result.stdout) as { ok: boolean; error: { code: string } };
      expect(document).toMatchObject({ ok: false, error: { code: 'usage' } });
    }
  });
});

describe('config set refuses what every other path refuses, and saves nothing', () => {
  const refused: Array<{ name: string; args: string[]; input?: string; first: RegExp }> = [
    { name: 'an extension that is not digits', args: ['extension', 'abc'], first: /The test extension from the command line must be the extension number/ },
    { name: 'a 3CX host that is a URL with a space', args: ['pbxHost', 'http://x y'], first: /The 3CX host name from the command line must be a bare host name/ },
    { name: 'a 3CX host with a space', args: ['pbxHost', 'x y'], first: /The 3CX host name from the command line is not a valid host name/ },
    { name: 'a page token with a space inside', args: ['pageToken'], input: 'EAABsbCS1iHgBO7 ZCZBqZBadInputTokenValue', first: /The page access token from standard input contains spaces or line breaks inside it/ },
    { name: 'a page token with a line break inside', args: ['pageToken'], input: 'EAABsbCS1iHgBO7\nZCZBqZBadInputTokenValue\n', first: /The page access token from standard input contains spaces or line breaks inside it/ },
    { name: 'an app secret with a space inside', args: ['appSecret'], input: 'f00dface cafe4b1d9e8c7a6b5c4d3e2f', first: /The app secret from standard input contains spaces/ },
    { name: 'a verify token with a space inside', args: ['verifyToken'], input: 'my verify token', first: /The verify token from standard input contains spaces/ },
    { name: 'an http:// webhook URL', args: ['webhookUrl', 'http://pbx.example.com/facebook/webhook'], first: /The 3CX webhook URL from the command line must start with https:\/\// },
    { name: 'a page ID that is not digits', args: ['pageId', '12ab'], first: /The Page ID from the command line must be 5 to 25 digits, as shown in Meta's dashboard, got "12ab"\./ },
    { name: 'a company name over two lines', args: ['company', 'Acme\nLtd'], first: /The company name from the command line must be a single line, got "Acme\\nLtd"\./ },
  ];

  it.each(refused.map((c) => [c.name, c] as const))('%s', async (_name, refusal) => {
    const configDir = tempDir('fb3cx-config-set-');
    mkdirSync(configDir, { recursive: true });
    const before = '{\n\t"profiles": {\n\t\t"default": {\n\t\t\t"company": "Contoso"\n\t\t}\n\t}\n}';
    writeFileSync(join(configDir, 'config.json'), before);
    const result = await runCli(['config', 'set', ...refusal.args], { configDir, ...(refusal.input !== undefined ? { input: refusal.input } : {}) });
    assertOneSentenceAnswer(result, { name: refusal.name, args: refusal.args, exitCode: USAGE, first: refusal.first });
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe(before);
  });
});

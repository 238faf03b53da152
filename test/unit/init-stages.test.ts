import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { init, INIT_KEYS } from '../../src/commands/init.js';
import type { InitOptions, WizardContext } from '../../src/commands/init/context.js';
import { stage3cx } from '../../src/commands/init/stage-3cx.js';
import { stageReview } from '../../src/commands/init/stage-review.js';
import { stageToken } from '../../src/commands/init/stage-token.js';
import { stageWebhook } from '../../src/commands/init/stage-webhook.js';
import { createWizardContext } from '../../src/commands/init/wizard-context.js';
import type { AnswerKey } from '../../src/core/init/stages.js';
import { buildReport, reachOf, reportExitCode } from '../../src/core/verify/runner.js';
import type { CheckResult } from '../../src/core/verify/types.js';
import { CliError, NetworkError } from '../../src/errors.js';
import { openConfigStore } from '../../src/io/config.js';
import type { Prompter } from '../../src/io/prompts.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import type { Session } from '../../src/session.js';
import { fakeContext, scriptedPrompter, type FakeContext } from '../support/context.js';

/**
 * The stages of `fb3cx init` run in-process against the sandbox emulator, with a scripted
 * prompter instead of a terminal: what each stage asks, says, sends to Meta and saves.
 */

const sessions: Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

/**
 * The scripted prompter of test/support, made to behave like inquirer on Enter: an empty answer
 * takes the offered default. Confirms say yes; selects take the scripted choices, else the first.
 */
function terminal(answers: string[], choices: string[] = []) {
  const { prompter: base, asked } = scriptedPrompter(answers);
  const confirms: string[] = [];
  const selects: string[] = [];
  const prompter: Prompter = {
    interactive: true,
    async input(options) {
      const withDefault = (value: string) => (value === '' && options.default !== undefined ? options.default : value);
      const typed = await base.input({ message: options.message, validate: (value) => options.validate?.(withDefault(value)) ?? true });
      return withDefault(typed);
    },
    password: (options) => base.password(options),
    async confirm(options) {
      confirms.push(options.message);
      return true;
    },
    async select(options) {
      selects.push(options.message);
      const wanted = choices.shift();
      const choice = options.choices.find((c) => c.value === wanted) ?? options.choices[0];
      if (!choice) throw new Error('no choices');
      return choice.value;
    },
  };
  return { prompter, asked, confirms, selects };
}

interface Rehearsal {
  fake: FakeContext;
  wiz: WizardContext;
  sandbox: RunningSandbox;
}

async function rehearse(scenario: string, prompter: Prompter | undefined, options: InitOptions = {}): Promise<Rehearsal> {
  const fake = fakeContext({ ...(prompter ? { prompter } : {}), randomBytes: (size) => new Uint8Array(size).fill(7) });
  const all = { sandbox: scenario, ...options };
  const session = await fake.ctx.session({ options: all, keys: INIT_KEYS, profile: 'own' });
  sessions.push(session);
  const wiz = await createWizardContext(fake.ctx, all, session, options.yes === true);
  if (!session.sandbox) throw new Error('no sandbox');
  return { fake, wiz, sandbox: session.sandbox };
}

/** What stages 1 and 2 leave behind, taken from the sandbox's customer (a stage-3-or-later start). */
function settle(wiz: WizardContext, keys: AnswerKey[], validated = true): void {
  for (const key of keys) {
    const answer = wiz.defaults[key];
    if (answer) wiz.answers[key] = answer;
  }
  if (validated) wiz.validatedSecret = wiz.current('appSecret');
}

async function savedProfile(fake: FakeContext, name = 'sandbox') {
  return (await openConfigStore(fake.env)).getProfile(name);
}

describe('stage 1: app, page, token', () => {
  it('explains a bad token and asks for it again; the stage passes with the right one', async () => {
    const { prompter, asked, confirms, selects } = terminal(['', '', 'EAAwrong', '', '']);
    const { fake, wiz, sandbox } = await rehearse('healthy', prompter);
    await stageToken(wiz);

    expect(selects).toEqual(['Which screen does Meta show after My Apps > Create App?']);
    expect(asked.map((a) => `${a.kind} ${a.message}`)).toEqual([
      'input App ID (App Settings > Basic):',
      'input Page ID (Messenger API Settings, under the page name):',
      "password Page access token (Messenger API Settings > Generate token) (Enter: the sandbox's):",
      "password App secret (App Settings > Basic > Show) (Enter: the sandbox's):",
      "password Page access token (Messenger API Settings > Generate token) (Enter: the sandbox's):",
    ]);
    const said = fake.stderr();
    expect(said).toContain('✔ App "3CX Messenger Connector" accepts the app secret');
    expect(said).toContain('✖ Page token is accepted: The access token is invalid');
    expect(said).toContain('Paste it again (nothing is saved until this stage passes; Ctrl-C to stop).');
    expect(said).toContain('✔ Page token: accepted, a PAGE token, for this page, from this app');
    expect(confirms).toEqual(['Is "Contoso Support" https://www.facebook.com/111111111111111 the page to connect?', 'Save the page token and app secret in profile "sandbox" (file mode 0600)?']);
    expect(wiz.current('pageToken')).toBe(sandbox.identity.pageToken);
    expect(wiz.validatedSecret).toBe(sandbox.identity.appSecret);
    expect(wiz.pageName).toBe('Contoso Support');
    expect(said).not.toContain(sandbox.identity.pageToken);
    expect(said).not.toContain(sandbox.identity.appSecret);

    // The stage itself writes nothing; the wizard saves once it is done.
    expect(await savedProfile(fake)).toBeUndefined();
    wiz.save(1);
    expect(await savedProfile(fake)).toMatchObject({ appId: sandbox.identity.appId, pageId: sandbox.identity.pageId, pageToken: sandbox.identity.pageToken, pageName: 'Contoso Support', init: { completedStage: 1 } });
    expect(sandbox.unmatched).toEqual([]);
  });

  it.each([
    ['use-case', ['choose the use case "Engage with customers on Messenger from Meta"'], ['Other > Business', '"Other" > "Business"']],
    ['business', ['My Apps > Create App > Other > Business', 'Add the Messenger product'], ['Engage with customers']],
    ['not-sure', ['choose "Engage with customers on Messenger from Meta"', '"Other" > "Business"', 'add the Messenger product'], []],
  ])('asks which app-creation screens Meta shows (%s) and gives the clicks for those', async (flow, shown, hidden) => {
    const { prompter, selects } = terminal(['', '', '', ''], [flow]);
    const { fake, wiz, sandbox } = await rehearse('healthy', prompter);
    await stageToken(wiz);
    expect(selects[0]).toBe('Which screen does Meta show after My Apps > Create App?');
    const said = fake.stderr();
    // The clicks come before the first question about the app.
    expect(said.indexOf('In the Meta developer portal:')).toBeLessThan(said.indexOf('Access Tokens: Connect your page, then Generate token'));
    for (const text of shown) expect(said).toContain(text);
    for (const text of hidden) expect(said).not.toContain(text);
    expect(wiz.current('appId')).toBe(sandbox.identity.appId);
  });

  it('under --yes asks nothing and names both app-creation screens briefly', async () => {
    const { fake, wiz } = await rehearse('healthy', undefined, { yes: true });
    await stageToken(wiz);
    const said = fake.stderr();
    expect(said).toContain('Meta shows one of two screens');
    expect(said).toContain('choose "Engage with customers on Messenger from Meta"');
    expect(said).toContain('"Other" > "Business" (the screens in 3CX\'s manual)');
    expect(said).not.toContain('Which screen does Meta show');
  });

  it('under --yes a refused token stops the stage with exit 1, asking nothing', async () => {
    const { fake, wiz } = await rehearse('expired-token', undefined, { yes: true });
    const error = await stageToken(wiz).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ code: 'init.token', exitCode: 1 });
    expect((error as CliError).message).toMatch(/^Stage 1 cannot finish: /);
    expect(fake.stderr()).not.toContain('?');
  });
});

describe('stage 2: 3CX', () => {
  it('asks for both URLs, probes the webhook with Meta\'s handshake and reminds about the test extension', async () => {
    const { prompter, asked } = terminal(['', '']);
    const { fake, wiz, sandbox } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret']);
    await stage3cx(wiz);
    expect(asked.map((a) => a.message)).toEqual(['3CX webhook URL (3CX Admin > Voice & Chat > your Facebook trunk):', '3CX web client URL (for example https://pbx.example.com:5001/webclient):']);
    expect(wiz.current('webhookUrl')).toBe(sandbox.identity.webhookUrl);
    expect(wiz.current('webClientUrl')).toBe(sandbox.identity.webClientUrl);
    expect(sandbox.webhookRequests.some((r) => r.method === 'GET' && r.path.startsWith('/facebook/webhook/'))).toBe(true);
    expect(fake.stderr()).toMatch(/✔ 3CX webhook: valid HTTPS certificate, answers the handshake/);
    expect(fake.stderr()).toContain('route Facebook messages to it');
  });

  it('a webhook that fails the handshake is offered again, then left for the final report', async () => {
    const { prompter, asked, selects } = terminal(['', '', ''], ['again', 'continue']);
    const { fake, wiz } = await rehearse('webhook-broken', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret']);
    await stage3cx(wiz);
    // Then the optional 3CX API access is offered (and declined: the first choice, "Not now").
    expect(selects).toEqual(['The webhook URL does not work yet. What now?', 'The webhook URL does not work yet. What now?', expect.stringMatching(/^Set up 3CX API access/)]);
    // The web client URL is asked once; the webhook URL again after "again".
    expect(asked.map((a) => a.message.split(' (')[0])).toEqual(['3CX webhook URL', '3CX web client URL', '3CX webhook URL']);
    expect(fake.stderr()).toMatch(/✖ .*handshake/i);
  });
});

describe('stage 3: webhook', () => {
  it('subscribes the page to the missing fields after showing now and after, and reads it back', async () => {
    const { prompter, confirms } = terminal([]);
    const { fake, wiz, sandbox } = await rehearse('missing-fields', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageWebhook(wiz);
    const said = fake.stderr();
    expect(said).toContain('adds messaging_pre_checkouts, messaging_customer_information; removes nothing');
    expect(confirms).toEqual(['Subscribe the page to these fields now?']);
    const posts = sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${sandbox.identity.pageId}/subscribed_apps`));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.params.subscribed_fields?.split(',')).toEqual(expect.arrayContaining(['messages', 'messaging_pre_checkouts', 'messaging_customer_information']));
    expect(said).toContain('✔ subscribed, confirmed by reading it back');
    expect(said).toContain('✔ points at the 3CX webhook URL, active, all six fields; nothing to change');
    expect(said).toMatch(/✔ Checked: app installed on the page, page has the six fields/);
    expect(sandbox.requests.some((r) => r.method === 'POST' && r.path.endsWith('/subscriptions'))).toBe(false);
  });

  it('points an app webhook that goes elsewhere at 3CX by API, with a verify token it then saves', async () => {
    const { prompter, selects } = terminal([], ['api']);
    const { fake, wiz, sandbox } = await rehearse('callback-elsewhere', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    wiz.saveSecrets = true;
    await stageWebhook(wiz);
    expect(selects).toEqual(['Set the app webhook?']);
    const set = sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${sandbox.identity.appId}/subscriptions`));
    expect(set).toHaveLength(1);
    expect(set[0]?.params).toMatchObject({ object: 'page', callback_url: sandbox.identity.webhookUrl, verify_token: '***' });
    expect(fake.stderr()).toContain('✔ set: callback is the 3CX webhook URL, six fields, active (read back)');
    expect(wiz.verifyToken).toMatch(/^[A-Za-z0-9]{32}$/);
    wiz.save(3);
    expect((await savedProfile(fake))?.verifyToken).toBe(wiz.verifyToken);
  });

  it('without the app secret it shows the dashboard steps instead of calling the app endpoints', async () => {
    const { prompter, confirms } = terminal([]);
    const { fake, wiz, sandbox } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'webhookUrl', 'webClientUrl'], false);
    await stageWebhook(wiz);
    expect(fake.stderr()).toContain('Without the app secret fb3cx cannot read or set it. In the dashboard:');
    expect(confirms).toEqual(['Done in the dashboard? (fb3cx cannot check it without the app secret)']);
    expect(sandbox.requests.some((r) => r.path.endsWith('/subscriptions'))).toBe(false);
  });

  it('Meta out of reach stops the stage with exit 3 (the rule verify and the exit code share)', async () => {
    const { wiz } = await rehearse('graph-down', terminal([]).prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl'], false);
    const error = await wiz.check(['page.subscription']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ exitCode: 3 });
    expect((error as NetworkError).message).toMatch(/^fb3cx init cannot go on: /);
  });
});

describe('stage 4: App Review', () => {
  it('asks for the review details, writes the pack (password file 0600) and asks before replacing it', async () => {
    const { prompter, asked, confirms } = terminal(['', '', '']);
    const { fake, wiz, sandbox } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageReview(wiz);
    expect(asked.map((a) => `${a.kind} ${a.message}`)).toEqual([
      'input Company name (as the reviewer should read it):',
      'input Temporary test extension for the reviewer:',
      "password Test extension's password (not stored) (Enter: the sandbox's):",
    ]);
    const dir = join(wiz.cwd, 'fb3cx-review-pack');
    const instructions = readFileSync(join(dir, 'test-instructions.txt'), 'utf8');
    expect(instructions).toContain(sandbox.identity.testPassword);
    expect(statSync(join(dir, 'test-instructions.txt')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'index.txt'))).toBe(true);
    const said = fake.stderr();
    expect(said).toContain('✔ App Review pack written to ./fb3cx-review-pack/');
    expect(said).toContain('Switch App Mode from Development to Live');
    expect(said).toContain('Prove it works for everyone: message the page from a Facebook account that has NO role on the app');
    expect(said).toContain('cannot tell whether a sender has a role on the app');
    expect(said).not.toContain(sandbox.identity.testPassword);
    expect(confirms).toEqual([]);
    // The sandbox's app has a privacy policy URL, so it is not asked for and is kept.
    expect(wiz.privacyUrl).toBe('https://contoso.example/privacy');

    const again = terminal(['', '', '']);
    const second = await rehearse('healthy', again.prompter);
    settle(second.wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageReview({ ...second.wiz, cwd: wiz.cwd });
    expect(again.confirms).toEqual(['./fb3cx-review-pack already holds an App Review pack. Replace it?']);
  });
});

describe('stage 4 with Standard Access only', () => {
  it('shows why customers are not reached in the app checks, then how to prove Live', async () => {
    const { prompter } = terminal(['', '', '']);
    const { fake, wiz } = await rehearse('standard-access-only', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageReview(wiz);
    const said = fake.stderr();
    expect(said).toMatch(/✖ pages_messaging is approved: pages_messaging: unapproved, so Standard Access only/);
    expect(said).toContain('Meta delivers webhooks only for people who have a role on the app');
    expect(said.indexOf('Standard Access only')).toBeLessThan(said.indexOf('Prove it works for everyone'));
  });
});

describe('the wizard from its list of stages', () => {
  it('init --yes --json runs every stage in-process and prints one JSON document with the final report', async () => {
    const fake = fakeContext();
    const code = await init.run(fake.ctx, { sandbox: 'missing-fields', yes: true, json: true }, []);
    expect(code).toBe(0);
    const document = JSON.parse(fake.stdout()) as { ok: boolean; profile: string; completedStage: number; report: { checks: Array<{ id: string; status: string }> } };
    expect(document).toMatchObject({ ok: true, profile: 'sandbox', completedStage: 4 });
    expect(document.report.checks.find((c) => c.id === 'page.fields')?.status).toBe('pass');
    for (const n of [1, 2, 3, 4]) expect(fake.stderr()).toContain(`Stage ${n} saved in profile "sandbox".`);
    expect((await savedProfile(fake))?.init?.completedStage).toBe(4);
  });
});

describe('the unreachable rule init, verify and the exit code share', () => {
  const result = (id: string, status: CheckResult['status'], unreachable = false): CheckResult => ({ id, title: id, status, detail: id, durationMs: 0, ...(unreachable ? { unreachable } : {}) });

  it('tells Meta out of reach from the 3CX host out of reach; either one is exit 3', () => {
    const pbxDown = [result('token.valid', 'pass'), result('webhook.https', 'fail', true)];
    expect(reachOf(pbxDown)).toMatchObject({ meta: undefined, pbx: { id: 'webhook.https' }, metaAnsweredNothing: false });
    expect(reportExitCode(buildReport(pbxDown, false), pbxDown)).toBe(3);

    const metaDown = [result('token.valid', 'fail', true), result('page.info', 'skip'), result('webhook.https', 'pass')];
    expect(reachOf(metaDown)).toMatchObject({ meta: { id: 'token.valid' }, pbx: undefined, metaAnsweredNothing: true });
    expect(reportExitCode(buildReport(metaDown, false), metaDown)).toBe(3);
  });

  it('Meta answering some checks is a report of findings, not "could not run"', () => {
    const partly = [result('token.valid', 'pass'), result('app.webhook', 'fail', true)];
    expect(reachOf(partly)).toMatchObject({ meta: { id: 'app.webhook' }, metaAnsweredNothing: false });
    const refused = [result('token.valid', 'fail'), result('webhook.https', 'pass')];
    expect(reachOf(refused)).toMatchObject({ meta: undefined, pbx: undefined, metaAnsweredNothing: false });
    expect(reportExitCode(buildReport(refused, false), refused)).toBe(1);
  });
});

describe('stage 2: the optional 3CX API access', () => {
  it('is offered after the webhook; the key is asked masked and saved in the profile (0600), never shown', async () => {
    const { prompter, asked, selects } = terminal(['', '', '900777', 'Typed0Pbx0Key0000000000000'], ['now']);
    const { fake, wiz } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret']);
    await stage3cx(wiz);
    expect(selects).toEqual([expect.stringMatching(/^Set up 3CX API access/)]);
    expect(asked.slice(2).map((a) => [a.kind, a.message])).toEqual([
      ['input', '3CX API client ID (Admin > Integrations > API):'],
      ['password', '3CX API key (shown once when the API client is added):'],
    ]);
    expect(fake.stderr()).toMatch(/Admin > Integrations > API, press "Add", tick "3CX Configuration API access"/);
    expect(fake.stderr()).toMatch(/shown only once/);
    expect(fake.stderr()).not.toContain('Typed0Pbx0Key0000000000000');
    const saved = await savedProfile(fake);
    expect(saved).toMatchObject({ pbxClientId: '900777', pbxClientSecret: 'Typed0Pbx0Key0000000000000' });
    expect(saved?.pbxUrl).toBeUndefined();
    // The stage's own save keeps what the offer saved, without calling it another run's change.
    wiz.save(2);
    expect(await savedProfile(fake)).toMatchObject({ pbxClientId: '900777', pbxClientSecret: 'Typed0Pbx0Key0000000000000' });
    expect(fake.stderr()).not.toMatch(/changed by another fb3cx run/);
  });

  it('is not set up by default: "Not now" at a terminal, and nothing asked under --yes', async () => {
    const { prompter, asked } = terminal(['', '']);
    const { fake, wiz } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret']);
    await stage3cx(wiz);
    expect(asked).toHaveLength(2);
    expect((await savedProfile(fake))?.pbxClientId).toBeUndefined();

    const quiet = await rehearse('healthy', undefined, { yes: true });
    settle(quiet.wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stage3cx(quiet.wiz);
    expect(quiet.fake.stderr()).toMatch(/3CX API access is not set up/);
    expect((await savedProfile(quiet.fake))?.pbxClientId).toBeUndefined();
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { init, INIT_KEYS } from '../../src/commands/init.js';
import type { InitOptions, WizardContext } from '../../src/commands/init/context.js';
import { stage3cx } from '../../src/commands/init/stage-3cx.js';
import { stageReview } from '../../src/commands/init/stage-review.js';
import { stageToken } from '../../src/commands/init/stage-token.js';
import { stageWebhook } from '../../src/commands/init/stage-webhook.js';
import { createWizardContext } from '../../src/commands/init/wizard-context.js';
import { runWizard } from '../../src/commands/init/wizard.js';
import { describeAge, resumeChoices } from '../../src/core/init/stages.js';
import type { AnswerKey } from '../../src/core/init/stages.js';
import { openConfigStore } from '../../src/io/config.js';
import type { Prompter } from '../../src/io/prompts.js';
import { useLanguage } from '../../src/i18n/index.js';
import type { Session } from '../../src/session.js';
import { fakeContext, scriptedPrompter, type FakeContext } from '../support/context.js';

/**
 * The wizard's stages in zh-CN, in-process against the sandbox with a scripted prompter: what
 * each stage says (stderr) and asks, kept as golden files a reader can review as Chinese.
 */
beforeAll(async () => {
  await useLanguage('zh-CN');
});
afterAll(async () => {
  await useLanguage('en');
});

const sessions: Session[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

/** A terminal that answers Enter (the offered default) unless scripted, and records every question. */
function terminal(answers: string[], choices: string[] = []) {
  const { prompter: base, asked } = scriptedPrompter(answers);
  const questions: string[] = [];
  const prompter: Prompter = {
    interactive: true,
    async input(options) {
      questions.push(`? ${options.message}`);
      const withDefault = (value: string) => (value === '' && options.default !== undefined ? options.default : value);
      const typed = await base.input({ message: options.message, validate: (value) => options.validate?.(withDefault(value)) ?? true });
      return withDefault(typed);
    },
    async password(options) {
      questions.push(`? ${options.message}`);
      return base.password(options);
    },
    async confirm(options) {
      questions.push(`? ${options.message}`);
      return true;
    },
    async select(options) {
      questions.push(`? ${options.message}`, ...options.choices.map((choice) => `  - ${choice.name}`));
      const wanted = choices.shift();
      const choice = options.choices.find((c) => c.value === wanted) ?? options.choices[0];
      if (!choice) throw new Error('no choices');
      return choice.value;
    },
  };
  return { prompter, asked, questions };
}

async function rehearse(scenario: string, prompter: Prompter | undefined, options: InitOptions = {}, clock?: () => number): Promise<{ fake: FakeContext; wiz: WizardContext }> {
  const fake = fakeContext({ ...(prompter ? { prompter } : {}), randomBytes: (size) => new Uint8Array(size).fill(7), ...(clock ? { clock: { now: clock, sleep: async () => undefined } } : {}) });
  const all = { sandbox: scenario, ...options };
  const session = await fake.ctx.session({ options: all, keys: INIT_KEYS, profile: 'own' });
  sessions.push(session);
  return { fake, wiz: await createWizardContext(fake.ctx, all, session, options.yes === true) };
}

function settle(wiz: WizardContext, keys: AnswerKey[]): void {
  for (const key of keys) {
    const answer = wiz.defaults[key];
    if (answer) wiz.answers[key] = answer;
  }
  wiz.validatedSecret = wiz.current('appSecret');
}

/** The sandbox's 3CX host listens on a new port every run. */
function stable(text: string): string {
  return text.replace(/(127\.0\.0\.1|contoso\.3cx\.example):\d{4,5}\//g, '$1:<port>/');
}

function transcript(fake: FakeContext, questions: string[]): string {
  return stable(`── stderr\n${fake.stderr()}\n── questions\n${questions.join('\n')}\n`);
}

const GOLDEN = '../e2e/__golden__/zh-CN/';

describe('init in Chinese, stage by stage', () => {
  it('stage 1: the app-creation question, a refused token asked again, the page confirmed', async () => {
    const { prompter, questions } = terminal(['', '', 'EAAwrong', '', ''], ['not-sure']);
    const { fake, wiz } = await rehearse('healthy', prompter);
    await stageToken(wiz);
    const said = fake.stderr();
    expect(said).toContain('请重新粘贴');
    expect(said).not.toMatch(/Paste it again|Page token:/);
    await expect(transcript(fake, questions)).toMatchFileSnapshot(`${GOLDEN}init-stage1.txt`);
  });

  it('stage 2: where 3CX shows the webhook URL, and the test extension for the reviewer', async () => {
    const { prompter, questions } = terminal(['', '']);
    const { fake, wiz } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret']);
    await stage3cx(wiz);
    expect(fake.stderr()).toContain('管理员 > 语音和聊天 > 添加 Facebook');
    await expect(transcript(fake, questions)).toMatchFileSnapshot(`${GOLDEN}init-stage2.txt`);
  });

  it('stage 3: the page subscription shown as now and after, then the app webhook set by API', async () => {
    const { prompter, questions } = terminal([]);
    const { fake, wiz } = await rehearse('missing-fields', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageWebhook(wiz);
    expect(fake.stderr()).toContain('不删除任何字段');
    await expect(transcript(fake, questions)).toMatchFileSnapshot(`${GOLDEN}init-stage3.txt`);
  });

  it('stage 3 without the app secret: the dashboard steps, Meta\'s labels in English', async () => {
    const { prompter, questions } = terminal([]);
    const { fake, wiz } = await rehearse('callback-elsewhere', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'webhookUrl', 'webClientUrl']);
    wiz.validatedSecret = undefined;
    await stageWebhook(wiz);
    expect(fake.stderr()).toContain('点击 "Verify and save"');
    await expect(transcript(fake, questions)).toMatchFileSnapshot(`${GOLDEN}init-stage3-dashboard.txt`);
  });

  it('stage 4: the pack, each file\'s place and a gloss not to paste, the go-live steps', async () => {
    const { prompter, questions } = terminal(['', '', '']);
    const { fake, wiz } = await rehearse('healthy', prompter);
    settle(wiz, ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl']);
    await stageReview(wiz);
    const said = fake.stderr();
    expect(said.match(/仅供参考，请勿粘贴/g)).toHaveLength(6);
    // The glosses are for the person at the terminal only: never on stdout.
    expect(fake.stdout()).toBe('');
    await expect(transcript(fake, questions)).toMatchFileSnapshot(`${GOLDEN}init-stage4.txt`);
  });

  it('a saved profile: where to start, with the age in Chinese', async () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    const { prompter, questions } = terminal(['', '', '', '', '', '', '', ''], ['stage-4']);
    const { fake, wiz } = await rehearse('healthy', prompter, {}, () => now);
    (await openConfigStore(fake.env)).saveProfile('sandbox', { init: { completedStage: 2, updatedAt: '2026-03-02T09:00:00Z' } });
    wiz.profile = (await openConfigStore(fake.env)).getProfile('sandbox');
    const code = await runWizard(wiz);
    expect(code).toBe(0);
    const said = fake.stderr();
    expect(said).toContain('这个配置档案已完成第 1-2 阶段（3小时前保存）。');
    const start = stable(said.slice(0, said.indexOf('━━')));
    await expect(`── stderr\n${start}\n── questions\n${questions.slice(0, 5).join('\n')}\n`).toMatchFileSnapshot(`${GOLDEN}init-resume.txt`);
  });

  it('ages, choices and the --yes list of missing answers read as Chinese', async () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    expect(describeAge('2026-03-02T11:59:50Z', now)).toBe('刚刚');
    expect(describeAge('2026-03-02T11:55:00Z', now)).toBe('5分钟前');
    expect(describeAge('2026-02-27T12:00:00Z', now)).toBe('3天前');
    expect(describeAge('not a date', now)).toBe('之前');
    expect(resumeChoices(3).map((choice) => choice.name)).toEqual(['继续：第 3 阶段（共 4 阶段）· Webhook', '从第 1 阶段重新开始（已保存的回答会作为默认值）', '转到第 2 阶段（共 4 阶段）· 3CX', '转到第 4 阶段（共 4 阶段）· 应用审核与上线']);
    const fake = fakeContext({ env: { FB3CX_SANDBOX: undefined } });
    const error = await init.run(fake.ctx, { yes: true }, []).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/^fb3cx init --yes 还缺少第 1-4 阶段需要的 \d+ 个回答：/);
  });
});

import { relative, resolve } from 'node:path';
import type { AppContext, GlobalOptions } from '../context.js';
import { CliError, ExitCode, isExitCode, NetworkError, UsageError, type ExitCodeValue } from '../errors.js';
import type { StreamingCommand } from './types.js';
import type { Profile } from '../core/profile.js';
import { maskSecret, SecretRegistry } from '../core/secrets.js';
import { applySubscription, planSubscription, readPageFields } from '../core/subscribe.js';
import { Facts } from '../core/verify/facts.js';
import { REQUIRED_FIELDS } from '../core/verify/fields.js';
import { renderReport } from '../core/verify/render.js';
import { ALL_CHECKS, buildReport, reportExitCode, runChecks, selectChecks } from '../core/verify/runner.js';
import type { CheckResult, VerifyInputs, VerifyReport, WebhookProber } from '../core/verify/types.js';
import {
  answerLabel,
  answerProblem,
  answersFromProfile,
  isGiven,
  isSecretKey,
  mergeAnswers,
  missingAnswers,
  missingMessage,
  webClientUrlGuess,
  type Answer,
  type Answers,
} from '../core/init/answers.js';
import {
  appWebhookRequest,
  dashboardSteps,
  describeAppWebhookChange,
  isUsableVerifyToken,
  messengerSettingsUrl,
  planAppWebhook,
  verifyTokenFrom,
} from '../core/init/app-webhook.js';
import { profileAfterStage } from '../core/init/progress.js';
import { failures, fieldList, renderCheckLines, renderCompact } from '../core/init/render.js';
import { decideStart, describeAge, isStageNumber, resumeChoices, stageFromChoice, stageHeading, stageInfo, type AnswerKey, type ResumeChoice, type StageNumber } from '../core/init/stages.js';
import {
  APP_SECRET_NOTE,
  APP_WEBHOOK_2200_NOTE,
  appReviewPageUrl,
  APPS_URL,
  browserLikely,
  goLiveSteps,
  screenRecordingNote,
  stage1Intro,
  stage2Intro,
  stage3Intro,
  stage4Intro,
  TEST_EXTENSION_REMINDER,
} from '../core/init/texts.js';
import { readAppSettings } from '../core/review/lookups.js';
import { buildReviewPack, compileTemplates, formatProblem, reviewValues } from '../core/review/pack.js';
import { evaluateSettings, type AppSettingsEvidence } from '../core/review/settings-check.js';
import { GraphApiError } from '../graph/errors.js';
import { readApp, readAppSubscriptions, setAppSubscription } from '../graph/messenger.js';
import type { GraphApi } from '../graph/types.js';
import type { ConfigStore } from '../io/config.js';
import { SANDBOX_PROFILE, type Session } from '../session.js';
import { setting, settingProblem, type SettingKey } from '../settings/schema.js';
import { existingPackFiles, writeReviewPackFiles } from '../io/review-pack-files.js';
import { readBuiltinTemplates } from '../io/templates.js';
import type { SandboxIdentity } from '../sandbox/types.js';
export interface InitOptions {
  pageId?: string;
  appId?: string;
  webhookUrl?: string;
  webClientUrl?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
  stage?: number;
  restart?: boolean;
  yes?: boolean;
  company?: string;
  extension?: string;
  passwordStdin?: boolean;
  privacyUrl?: string;
  saveSecrets?: boolean;
  manualWebhook?: boolean;
  out?: string;
  force?: boolean;
}

export { SANDBOX_PROFILE };
export const DEFAULT_PACK_DIR = 'fb3cx-review-pack';

/** The fictional reviewer account review-text uses under --sandbox (kept in step with it). */

const SOURCE_WORDS: Record<Answer['source'], string> = {
  flag: 'command line',
  stdin: 'standard input',
  env: 'environment',
  profile: 'saved profile',
  sandbox: 'sandbox',
  prompt: 'typed',
  graph: 'Graph API',
  default: 'default',
};

/** Every setting init reads; the profile is init's own, not a layer (it offers it as defaults). */
const INIT_KEYS: readonly SettingKey[] = ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password', 'privacyUrl', 'graphUrl', 'graphVersion'];

/**
 * The wizard prints its stages on stderr as it goes and its final report on stdout at the end
 * (one pretty document under --json); it returns its exit code.
 */
export const init: StreamingCommand<InitOptions> = { kind: 'streaming', json: 'document', run };

async function run(ctx: AppContext, options: InitOptions & GlobalOptions): Promise<ExitCodeValue> {
  const yes = options.yes === true;
  if (!yes && !ctx.prompt.interactive) {
    throw new UsageError(
      options.json ? 'fb3cx init --json needs --yes: the wizard cannot ask questions while printing JSON.' : 'fb3cx init is a guided wizard and needs a terminal to ask its questions.',
      'Give --yes to take every answer from flags and environment variables (fb3cx init --help lists them), or rehearse at a terminal with fb3cx init --sandbox.',
    );
  }
  if (options.stage !== undefined && !isStageNumber(options.stage)) throw new UsageError(`--stage takes 1, 2, 3 or 4, got ${options.stage}.`);
  // init reads and writes the profile itself: --profile may name one that does not exist yet.
  const prepared = await ctx.session({ options, keys: INIT_KEYS, profile: 'own' });
  const wizard = new InitWizard(ctx, options, prepared, yes);
  try {
    const code = await wizard.run();
    return isExitCode(code) ? code : ExitCode.cannotRun;
  } finally {
    await wizard.close();
  }
}

class InitWizard {
  private store!: ConfigStore;
  private profileName = SANDBOX_PROFILE;
  private profile: Profile | undefined;
  /** Answers given on the command line, stdin or env: used without asking. */
  private given: Answers = {};
  /** Offered as defaults: the saved profile, then the sandbox's fictional customer. */
  private defaults: Answers = {};
  /** What this run has settled on so far. */
  private answers: Answers = {};
  private privacyUrl: string | undefined;
  private validatedSecret: string | undefined;
  private pageName: string | undefined;
  private saveSecrets = false;
  private verifyToken: string | undefined;
  private openBrowser: boolean | undefined;
  private readonly prober: WebhookProber;
  private readonly identity: SandboxIdentity | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: InitOptions & GlobalOptions,
    private readonly prepared: Session,
    private readonly yes: boolean,
  ) {
    this.identity = prepared.sandbox?.identity;
    this.prober = createProber(prepared);
  }

  // ---------------------------------------------------------------- flow

  async run(): Promise<number> {
    await this.loadProfile();
    this.collectAnswers();
    const start = await this.chooseStart();

    if (this.yes) {
      const all = mergeAnswers(this.given, this.defaults);
      const missing = missingAnswers(all, start);
      if (missing.length > 0) {
        const { message, hint } = missingMessage(missing, start);
        throw new UsageError(message, hint);
      }
    }

    if (start > 1) await this.resumeEarlierAnswers(start);
    for (let stage = start; stage <= 4; stage++) {
      const n = stage as StageNumber;
      this.heading(n);
      if (n === 1) await this.stage1();
      if (n === 2) await this.stage2();
      if (n === 3) await this.stage3();
      if (n === 4) await this.stage4();
      this.save(n);
    }
    return this.finish();
  }

  async close(): Promise<void> {
    await this.prepared.close();
  }

  private async loadProfile(): Promise<void> {
    this.store = await this.prepared.configStore();
    this.profileName = this.prepared.profileName;
    this.profile = this.prepared.profile;
    this.saveSecrets = this.profile?.pageToken !== undefined;
    if (isUsableVerifyToken(this.profile?.verifyToken)) this.verifyToken = this.profile.verifyToken;
  }

  private collectAnswers(): void {
    const { values, sources } = this.prepared.settings;
    // Checked by the session already, with the same sentence every command uses.
    const given: Answers = {};
    for (const key of ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password'] as const) {
      const source = sources[key];
      const value = values[key];
      if (value === undefined || source === undefined) continue;
      if (source === 'flag' || source === 'stdin' || source === 'env') given[key] = { value, source };
    }
    this.given = given;
    this.registerSecrets(given);

    const fromProfile = answersFromProfile(this.profile);
    const id = this.identity;
    if (id && fromProfile.webhookUrl && hostOf(fromProfile.webhookUrl.value) === id.pbxHost) {
      // The sandbox's 3CX host listens on a new port every run.
      fromProfile.webhookUrl = { value: id.webhookUrl, source: 'profile' };
    }
    const fromSandbox: Answers = id
      ? {
          appId: { value: id.appId, source: 'sandbox' },
          pageId: { value: id.pageId, source: 'sandbox' },
          pageToken: { value: id.pageToken, source: 'sandbox' },
          appSecret: { value: id.appSecret, source: 'sandbox' },
          webhookUrl: { value: id.webhookUrl, source: 'sandbox' },
          webClientUrl: { value: id.webClientUrl, source: 'sandbox' },
          company: { value: id.company, source: 'sandbox' },
          extension: { value: id.testExtension, source: 'sandbox' },
          password: { value: id.testPassword, source: 'sandbox' },
        }
      : {};
    this.defaults = mergeAnswers(fromProfile, fromSandbox);
    this.registerSecrets(this.defaults);
    this.privacyUrl = values.privacyUrl;
    if (!this.privacyUrl && this.profile?.privacyUrl) {
      this.privacyUrl = this.profile.privacyUrl;
      const problem = settingProblem('privacyUrl', this.privacyUrl, 'profile');
      if (problem) throw new UsageError(problem);
    }
  }

  private async chooseStart(): Promise<StageNumber> {
    const decision = decideStart({
      progress: this.profile?.init,
      stage: this.options.stage as StageNumber | undefined,
      restart: this.options.restart,
      interactive: !this.yes,
    });
    const s = this.ctx.out.errStyle;
    this.say(s.bold(`fb3cx init · profile "${this.profileName}"${this.identity ? ' (sandbox rehearsal)' : ''}`));
    if (decision.kind === 'start') {
      if (decision.reason === 'continue') this.say(`Continuing after stage ${decision.stage - 1}, saved earlier in this profile.`);
      if (decision.reason === 'all-done') this.say('All four stages were finished before; checking everything again.');
      return decision.stage;
    }
    const age = describeAge(decision.updatedAt, this.ctx.clock.now());
    this.say(`This profile has stages 1-${decision.completed} done (saved ${age}).`);
    const choice = await this.ctx.prompt.select<ResumeChoice>({ message: 'What now?', choices: resumeChoices(decision.next) });
    return stageFromChoice(choice, decision.next);
  }

  /** Starting at stage 2 or later: earlier answers come from the profile; a missing secret is asked. */
  private async resumeEarlierAnswers(start: StageNumber): Promise<void> {
    const earlier: AnswerKey[] = ['appId', 'pageId', 'pageToken', 'appSecret'];
    if (start > 2) earlier.push('webhookUrl', 'webClientUrl');
    for (const key of earlier) {
      const known = this.given[key] ?? this.defaults[key];
      if (known) this.answers[key] = known;
    }
    const missing = earlier.filter((key) => key !== 'appSecret' && this.answers[key] === undefined);
    if (missing.length > 0 || !this.answers.pageToken) this.say('', `Stage ${start} needs a few answers from the earlier stages:`);
    for (const key of missing) await this.ask(key);
    this.say(this.ctx.out.errStyle.dim('Checking the saved page token…'));
    await this.validateToken(false);
    if (start > 2 && this.answers.webhookUrl === undefined) await this.ask('webhookUrl');
  }

  // ---------------------------------------------------------------- stage 1

  private async stage1(): Promise<void> {
    const s = this.ctx.out.errStyle;
    const appId = this.current('appId');
    this.say(...stage1Intro(appId));
    await this.offerToOpen([APPS_URL], 'Open the Meta developer portal in your browser?');
    this.say('');
    await this.ask('appId');
    if (!appId && !this.yes) {
      const settingsUrl = messengerSettingsUrl(this.current('appId'));
      this.say(this.ctx.out.errStyle.dim(`  Messenger API Settings of this app: ${settingsUrl}`));
      if (this.openBrowser && !(await this.ctx.openUrl(settingsUrl))) this.ctx.out.warn(`Could not start a browser; open ${settingsUrl} yourself.`);
    }
    await this.ask('pageId');
    await this.ask('pageToken');
    if (!isGiven(this.given.appSecret) && !this.yes) this.say(...APP_SECRET_NOTE.map((line) => this.ctx.out.errStyle.dim(line)));
    await this.ask('appSecret', { optional: true });
    await this.validateToken();

    if (this.yes || this.options.saveSecrets) {
      this.saveSecrets = this.options.saveSecrets === true;
    } else {
      this.say(s.dim('If not, fb3cx asks for them again next time (or reads FB3CX_PAGE_TOKEN and FB3CX_APP_SECRET).'));
      this.saveSecrets = await this.ctx.prompt.confirm({
        message: `Save the page token${this.answers.appSecret ? ' and app secret' : ''} in profile "${this.profileName}" (file mode 0600)?`,
        default: true,
      });
    }
  }

  /** Checks the token (and app secret) until they pass; never moves on with a broken token. */
  private async validateToken(confirmPage = true): Promise<void> {
    const s = this.ctx.out.errStyle;
    for (;;) {
      if (this.answers.appSecret && !(await this.checkAppSecret())) {
        if (this.yes) throw new CliError('The App ID and app secret were not accepted, so fb3cx init stops at stage 1.', { code: 'init.app-secret', exitCode: ExitCode.checkFailed, hint: 'Copy the app secret again from App Settings > Basic, or leave it out.' });
        await this.ask('appSecret', { optional: true, again: true });
        continue;
      }
      if (!this.answers.appSecret) this.validatedSecret = undefined;
      const { results, facts } = await this.check(['token', 'page.info']);
      const failed = failures(results);
      const tokenResults = results.filter((r) => r.id !== 'page.info');
      this.say(...renderCompact(tokenResults, s, 'Page token'));
      if (failed.length === 0 && !this.validatedSecret) this.say(s.dim(`  (${tokenResults.filter((r) => r.status === 'skip').length} more token checks need the app secret)`));
      const pageInfo = results.find((r) => r.id === 'page.info');
      if (pageInfo && pageInfo.status !== 'pass' && !(pageInfo.status === 'fail' && failed.some((r) => r.id === 'token.valid'))) this.say(...renderCheckLines([pageInfo], s));
      if (failed.length === 0) {
        const page = await facts.page();
        this.pageName = page.ok ? page.value.name : undefined;
        const link = page.ok && page.value.link ? ` ${page.value.link}` : '';
        if (this.yes || !confirmPage || (await this.ctx.prompt.confirm({ message: `Is "${this.pageName ?? this.answers.pageId?.value}"${link} the page to connect?`, default: true }))) return;
        await this.ask('pageId', { again: true });
        await this.ask('pageToken', { again: true });
        continue;
      }
      if (this.yes) {
        const first = failed[0] as CheckResult;
        throw new CliError(`Stage 1 cannot finish: ${first.title.toLowerCase()}: ${first.detail}`, { code: 'init.token', exitCode: ExitCode.checkFailed, hint: first.fix });
      }
      this.say(s.yellow('Paste it again (nothing is saved until this stage passes; Ctrl-C to stop).'));
      const tokenAccepted = !failed.some((r) => r.id === 'token.valid');
      if (tokenAccepted && failed.some((r) => r.id === 'token.page' || r.id === 'page.info')) await this.ask('pageId', { again: true });
      if (failed.some((r) => r.id === 'token.app')) await this.ask('appId', { again: true });
      await this.ask('pageToken', { again: true });
    }
  }

  /** GET /{app-id} with the app token: proves App ID and secret belong together. */
  private async checkAppSecret(): Promise<boolean> {
    const appId = this.current('appId') as string;
    const secret = this.current('appSecret') as string;
    if (this.validatedSecret === secret) return true;
    const s = this.ctx.out.errStyle;
    try {
      const graph = await this.graphWith(secret);
      const app = await readApp(graph, { appId, appSecret: secret, fields: ['id', 'name'], operation: 'Checking the App ID and app secret' });
      this.validatedSecret = secret;
      this.say(`  ${s.green('✔')} App "${app.name ?? appId}" accepts the app secret`);
      return true;
    } catch (error) {
      if (error instanceof GraphApiError && !error.isTransient) {
        this.say(`  ${s.red('✖')} The App ID ${appId} and this app secret were not accepted: ${error.explanation}`, `    ${s.cyan('Fix:')} App Settings > Basic > App secret > Show, copy it again (and check the App ID at the top of that page).`);
        return false;
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------- stage 2

  private async stage2(): Promise<void> {
    const s = this.ctx.out.errStyle;
    this.say(...stage2Intro(this.current('pageId') as string, this.pageName ?? this.profile?.pageName), '');
    for (;;) {
      await this.ask('webhookUrl', { again: this.answers.webhookUrl !== undefined });
      if (!this.answers.webClientUrl) await this.ask('webClientUrl', { fallback: webClientUrlGuess(this.current('webhookUrl')) });
      const { results } = await this.check(['webhook']);
      this.say(...renderCompact(results, s, '3CX webhook'));
      const failed = failures(results);
      if (failed.length === 0) break;
      if (this.yes) {
        this.ctx.out.warn('The 3CX webhook check failed; fb3cx init carries on and the final report shows it.');
        break;
      }
      const next = await this.ctx.prompt.select<'again' | 'continue'>({
        message: 'The webhook URL does not work yet. What now?',
        choices: [
          { value: 'again', name: 'Paste the webhook URL again' },
          { value: 'continue', name: 'Continue anyway (fix it in 3CX later; the final report will show it)' },
        ],
      });
      if (next === 'continue') break;
    }
    this.say('', ...TEST_EXTENSION_REMINDER);
  }

  // ---------------------------------------------------------------- stage 3

  private async stage3(): Promise<void> {
    const s = this.ctx.out.errStyle;
    const pageId = this.current('pageId') as string;
    const pageToken = this.current('pageToken') as string;
    const appId = this.current('appId');
    this.say(...stage3Intro(), '');

    this.say(s.bold('Page subscription') + s.dim(` (POST /${pageId}/subscribed_apps)`));
    const graph = await this.graph();
    const before = await this.graphStep(() => readPageFields(graph, pageId, pageToken, appId));
    const plan = planSubscription(pageId, before);
    if (!plan.changes) {
      this.say(`  ${s.green('✔')} all six fields are subscribed; nothing to change`);
    } else {
      this.say(`  now    ${fieldList(before, s)}`, `  after  ${fieldList(plan.after, s)}`, `  ${s.dim(before === undefined || before.length === 0 ? 'installs your app on the page with the six fields' : `adds ${plan.added.join(', ')}; removes nothing`)}`);
      const go = this.yes || (await this.ctx.prompt.confirm({ message: 'Subscribe the page to these fields now?', default: true }));
      if (go) {
        const result = await this.graphStep(() => applySubscription(graph, plan, pageToken, appId, REQUIRED_FIELDS));
        if (result.missingAfter.length === 0) this.say(`  ${s.green('✔')} subscribed, confirmed by reading it back`);
        else this.say(`  read back ${fieldList(result.confirmed, s)}`, `  ${s.red('✖')} Meta accepted the change but these are missing on read-back: ${result.missingAfter.join(', ')}`);
      } else {
        this.say(s.dim('  Left as it is; "fb3cx subscribe" does it later.'));
      }
    }

    this.say('', s.bold('App webhook') + s.dim(' (Messenger API Settings > Webhooks)'));
    await this.appWebhook();

    const { results } = await this.check(['page.subscription', 'page.fields', 'page.other-apps', 'app.webhook', 'app.fields', 'app.callback']);
    this.say('', ...renderCompact(results, s, 'Checked'));
  }

  private async appWebhook(): Promise<void> {
    const s = this.ctx.out.errStyle;
    const appId = this.current('appId') as string;
    const webhookUrl = this.current('webhookUrl') as string;
    const verifyToken = this.ensureVerifyToken();
    if (!this.validatedSecret) {
      this.say('  Without the app secret fb3cx cannot read or set it. In the dashboard:', ...dashboardSteps(appId, webhookUrl, verifyToken).map((line) => `  ${line}`));
      if (!this.yes) await this.ctx.prompt.confirm({ message: 'Done in the dashboard? (fb3cx cannot check it without the app secret)', default: true });
      return;
    }
    const secret = this.validatedSecret;
    const graph = await this.graph();
    const read = async () =>
      this.graphStep(async () => planAppWebhook(await readAppSubscriptions(graph, { appId, appSecret: secret, operation: "Reading the app's webhook" }), webhookUrl));
    let plan = await read();
    if (!plan.changes) {
      this.say(`  ${s.green('✔')} points at the 3CX webhook URL, active, all six fields; nothing to change`);
      return;
    }
    this.say('  It differs from what 3CX needs. Setting it would change:', ...describeAppWebhookChange(plan).map((line) => `    ${line}`), s.dim(`  ${APP_WEBHOOK_2200_NOTE}`));
    for (;;) {
      const choice: 'api' | 'dashboard' | 'leave' = this.yes
        ? this.options.manualWebhook
          ? 'dashboard'
          : 'api'
        : this.options.manualWebhook
          ? 'dashboard'
          : await this.ctx.prompt.select<'api' | 'dashboard' | 'leave'>({
              message: 'Set the app webhook?',
              choices: [
                { value: 'api', name: 'Yes, set it by API now (fb3cx keeps every field that is there)' },
                { value: 'dashboard', name: 'No, show me the dashboard steps' },
                { value: 'leave', name: 'Leave it as it is' },
              ],
            });
      if (choice === 'leave') return;
      if (choice === 'dashboard') {
        this.say(...dashboardSteps(appId, webhookUrl, verifyToken).map((line) => `  ${line}`));
        if (this.yes) return;
        await this.ctx.prompt.confirm({ message: 'Done in the dashboard? fb3cx will read it back.', default: true });
        plan = await read();
        this.say(plan.changes ? `  ${s.yellow('!')} still differs: ${describeAppWebhookChange(plan).join('; ')}` : `  ${s.green('✔')} the app webhook now points at 3CX with all six fields`);
        return;
      }
      try {
        await setAppSubscription(graph, { appId, appSecret: secret, subscription: appWebhookRequest(plan, verifyToken) });
        plan = await read();
        this.say(plan.changes ? `  ${s.yellow('!')} Meta accepted it but it still differs: ${describeAppWebhookChange(plan).join('; ')}` : `  ${s.green('✔')} set: callback is the 3CX webhook URL, six fields, active (read back)`);
        return;
      } catch (error) {
        if (!(error instanceof GraphApiError) || error.isTransient) throw error;
        const is2200 = error.graphCode === 2200;
        this.say(
          `  ${s.red('✖')} ${is2200 ? 'Meta could not verify the 3CX webhook URL (error 2200), so nothing changed.' : `Meta refused: ${error.explanation}`}`,
          `    Meta said: ${error.graphMessage}`,
          `    ${s.cyan('Fix:')} ${is2200 ? 'Check in 3CX that the Facebook entry is saved and copy its webhook URL again; 3CX must be reachable from the internet on port 443 with a valid certificate. Then try again.' : error.fix}`,
        );
        if (this.yes) {
          this.ctx.out.warn('The app webhook was not set; the final report shows it.');
          return;
        }
      }
    }
  }

  private ensureVerifyToken(): string {
    if (!this.verifyToken) this.verifyToken = verifyTokenFrom(this.ctx.randomBytes(32));
    return this.verifyToken;
  }

  // ---------------------------------------------------------------- stage 4

  private async stage4(): Promise<void> {
    const s = this.ctx.out.errStyle;
    const appId = this.current('appId');
    this.say(...stage4Intro(), '');
    await this.ask('company');
    await this.ask('extension');
    await this.ask('password');
    const pageName = this.pageName ?? (await this.readPageName());
    const outDir = resolve(this.ctx.cwd, this.options.out ?? DEFAULT_PACK_DIR);
    const shownDir = relative(this.ctx.cwd, outDir).startsWith('..') ? outDir : `./${relative(this.ctx.cwd, outDir) || '.'}`;

    // The review pack, written with review-text's own templates and rules.
    let evidence: AppSettingsEvidence = { kind: 'no-credentials' };
    if (appId && this.validatedSecret) {
      const lookup = await readAppSettings(await this.graph(), appId, this.validatedSecret);
      evidence = lookup.ok ? lookup.value : { kind: 'failed' };
      if (lookup.ok && lookup.value.kind === 'read' && !this.privacyUrl && lookup.value.app.privacy_policy_url) this.privacyUrl = lookup.value.app.privacy_policy_url;
    }
    if (!this.privacyUrl && !this.yes) {
      const typed = (await this.ctx.prompt.input({ message: `${setting('privacyUrl').prompt} (optional, Enter to skip):`, validate: (v) => (v.trim() === '' ? true : (settingProblem('privacyUrl', v.trim(), 'prompt') ?? true)) })).trim();
      if (typed) this.privacyUrl = typed;
    }
    const inputs = {
      company: this.current('company') as string,
      pageName: pageName ?? (this.current('pageId') as string),
      webClientUrl: this.current('webClientUrl') as string,
      extension: this.current('extension') as string,
      password: this.current('password') as string,
      pageId: this.current('pageId'),
      appId,
      privacyUrl: this.privacyUrl,
    };
    const { templates, problems } = compileTemplates(readBuiltinTemplates());
    if (problems.length > 0) throw new UsageError(`The App Review templates have problems:\n${problems.map(formatProblem).join('\n')}`);
    const pack = buildReviewPack(templates, reviewValues(inputs, evaluateSettings(evidence, inputs)));
    if (pack.problems.length > 0) throw new UsageError(pack.problems.join('\n'));
    const existing = existingPackFiles(outDir, pack.pieces);
    let write = true;
    if (existing.length > 0) {
      write = this.yes ? this.options.force === true : await this.ctx.prompt.confirm({ message: `${shownDir} already holds an App Review pack. Replace it?`, default: true });
    }
    if (write) {
      const scrubber = new SecretRegistry();
      scrubber.add(this.current('pageToken'));
      scrubber.add(this.validatedSecret);
      writeReviewPackFiles(outDir, pack.pieces, inputs, (text) => scrubber.scrub(text));
      this.say(`${s.green('✔')} App Review pack written to ${shownDir}/ (index.txt says which text goes where; test-instructions.txt holds the password, mode 0600)`);
    } else {
      this.ctx.out.warn(`${shownDir} already holds an App Review pack; left as it is (add --force to replace it).`);
    }

    this.say('', s.bold('App settings for the review'));
    if (this.validatedSecret) {
      const { results } = await this.check(['app.review-settings', 'app.permissions']);
      this.say(...renderCompact(results, s, 'Checked'));
    } else {
      this.say(s.dim('  Without the app secret fb3cx cannot read them; see settings-checklist.txt in the pack.'));
    }

    const reviewUrl = appReviewPageUrl(appId);
    this.say('', `App Review: ${reviewUrl}`, '  Request advanced access to pages_messaging and Business Asset User Profile Access; paste the texts from the pack.');
    await this.offerToOpen([reviewUrl], 'Open the App Review page in your browser?');
    this.say('', ...screenRecordingNote(shownDir), '', ...goLiveSteps(appId));
  }

  private async readPageName(): Promise<string | undefined> {
    const page = await new Facts(await this.graph(), this.verifyInputs(), this.prober).page();
    return page.ok ? page.value.name : undefined;
  }

  // ---------------------------------------------------------------- the end

  private async finish(): Promise<number> {
    const s = this.ctx.out.errStyle;
    this.say('', s.bold('Final check: fb3cx verify'));
    const inputs = this.verifyInputs();
    const facts = new Facts(await this.graph(), inputs, this.prober);
    const results = await runChecks(ALL_CHECKS, { inputs, facts, now: () => this.ctx.clock.now() });
    const report: VerifyReport = buildReport(results, false);
    if (this.options.json) {
      this.ctx.out.resultJson({ schemaVersion: 1, ok: report.ok, profile: this.profileName, completedStage: 4, report });
    } else {
      this.ctx.out.result(
        renderReport(report, this.ctx.out.style, {
          pageId: inputs.pageId,
          appId: inputs.appId,
          graphVersion: this.prepared.settings.values.graphVersion,
          sandbox: this.prepared.sandbox?.scenario,
        }),
      );
    }
    // verify --sandbox ignores profiles; a real run names the profile unless it is the default one.
    const verifyCommand = this.identity ? 'fb3cx verify --sandbox' : `fb3cx verify${this.profileName === 'default' ? '' : ` --profile ${this.profileName}`}`;
    this.say(
      '',
      s.bold(report.ok ? `${s.green('✔')} Setup done. Saved in profile "${this.profileName}" (${this.store.path}).` : `${s.red('✖')} Setup finished, but a check above failed: fix it (see its Fix line), then run ${verifyCommand}.`),
      'Next:',
      `  - ${verifyCommand}   checks everything again at any time${this.saveSecrets || this.identity ? '' : ' (set FB3CX_PAGE_TOKEN first: the token was not saved)'}`,
      '  - submit App Review with the pack, then switch the app to Live and test from an account with no role',
    );
    return reportExitCode(report, results);
  }

  // ---------------------------------------------------------------- helpers

  private heading(n: StageNumber): void {
    const s = this.ctx.out.errStyle;
    this.say('', s.bold.cyan(`━━ ${stageHeading(n)} `) + s.dim(`(${stageInfo(n).where})`));
  }

  private registerSecrets(answers: Answers): void {
    for (const [key, answer] of Object.entries(answers) as Array<[AnswerKey, Answer | undefined]>) {
      if (answer && isSecretKey(key)) this.ctx.out.secrets.add(answer.value);
    }
  }

  private say(...lines: string[]): void {
    for (const line of lines) this.ctx.out.info(line);
  }

  private current(key: AnswerKey): string | undefined {
    return this.answers[key]?.value;
  }

  /**
   * Settles one answer. Given ones (flags, stdin, env) are used as they are unless asked `again`
   * after a failure; under --yes the saved profile and the sandbox fill in; at a terminal they are
   * the defaults (Enter keeps them; secrets stay hidden).
   */
  private async ask(key: AnswerKey, options: { optional?: boolean; again?: boolean; fallback?: string | undefined } = {}): Promise<string | undefined> {
    const s = this.ctx.out.errStyle;
    const label = answerLabel(key);
    const given = this.given[key];
    if (given && !options.again) {
      this.answers[key] = given;
      if (!this.yes) this.say(`  ${capitalise(label)}: ${isSecretKey(key) ? maskSecret(given.value) : given.value} ${s.dim(`(${SOURCE_WORDS[given.source]})`)}`);
      return given.value;
    }
    const previous = this.answers[key];
    const fallbackAnswer: Answer | undefined = this.defaults[key] ?? (options.fallback ? { value: options.fallback, source: 'prompt' } : undefined);
    if (this.yes) {
      if (options.again) return undefined;
      const answer = given ?? this.defaults[key] ?? fallbackAnswer;
      if (answer) this.answers[key] = answer;
      else delete this.answers[key];
      return answer?.value;
    }
    const message = setting(key).prompt;
    if (isSecretKey(key)) {
      // A secret that just failed is not offered again, except the sandbox's own.
      const offer = fallbackAnswer && !(options.again && previous?.value === fallbackAnswer.value && fallbackAnswer.source !== 'sandbox') ? fallbackAnswer : undefined;
      const hint = offer ? (offer.source === 'sandbox' ? " (Enter: the sandbox's)" : ' (Enter: keep the saved one)') : options.optional ? ' (optional, Enter to skip)' : '';
      const typed = (
        await this.ctx.prompt.password({
          message: `${message}${hint}:`,
          validate: (value) => (value.trim() === '' ? (offer || options.optional ? true : 'Paste it here (it is not shown).') : (answerProblem(key, value) ?? true)),
        })
      ).trim();
      if (typed === '') {
        if (offer) this.answers[key] = offer;
        else delete this.answers[key];
        return offer?.value;
      }
      this.ctx.out.secrets.add(typed);
      this.answers[key] = { value: typed, source: 'prompt' };
      return typed;
    }
    const offered = options.again ? (previous?.value ?? fallbackAnswer?.value) : fallbackAnswer?.value;
    const typed = (
      await this.ctx.prompt.input({
        message: `${message}${options.optional ? ' (optional)' : ''}:`,
        ...(offered ? { default: offered } : {}),
        validate: (value) => (value.trim() === '' ? (options.optional ? true : 'Needed to go on.') : (answerProblem(key, value) ?? true)),
      })
    ).trim();
    if (typed === '') {
      delete this.answers[key];
      return undefined;
    }
    this.answers[key] = { value: typed, source: typed === fallbackAnswer?.value ? fallbackAnswer.source : 'prompt' };
    return typed;
  }

  private async offerToOpen(urls: string[], question: string): Promise<void> {
    if (this.yes) return;
    if (this.identity) {
      this.say(this.ctx.out.errStyle.dim('  (Sandbox: no browser is opened; the real run offers to open these pages.)'));
      return;
    }
    const open = await this.ctx.prompt.confirm({ message: question, default: this.openBrowser ?? browserLikely(this.ctx.env, this.ctx.platform) });
    this.openBrowser = open;
    if (!open) return;
    for (const url of urls) {
      if (!(await this.ctx.openUrl(url))) this.ctx.out.warn(`Could not start a browser; open ${url} yourself.`);
    }
  }

  private verifyInputs(): VerifyInputs {
    return {
      pageId: this.current('pageId') as string,
      pageToken: this.current('pageToken') as string,
      appId: this.current('appId'),
      appSecret: this.current('appId') ? this.validatedSecret : undefined,
      webhookUrl: this.current('webhookUrl'),
      webClientUrl: this.current('webClientUrl'),
    };
  }

  /** Runs some verify checks with what is known now; Meta unreachable stops the run (exit 3). */
  private async check(ids: string[]): Promise<{ results: CheckResult[]; facts: Facts }> {
    const { selected } = selectChecks(ALL_CHECKS, ids, undefined);
    const inputs = this.verifyInputs();
    const facts = new Facts(await this.graph(), inputs, this.prober);
    const results = await runChecks(selected, { inputs, facts, now: () => this.ctx.clock.now() });
    const unreachable = results.find((r) => r.unreachable && r.status === 'fail' && !r.id.startsWith('webhook.'));
    if (unreachable) throw new NetworkError(`fb3cx init cannot go on: ${unreachable.detail}`, `${unreachable.fix ?? 'Check your network.'} What was saved so far is kept; run fb3cx init again to continue.`);
    return { results, facts };
  }

  /** A Graph step outside the checks: a refusal becomes one clear error, progress stays saved. */
  private async graphStep<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof GraphApiError && !error.isTransient) {
        throw new CliError(error.message, { code: error.code, exitCode: ExitCode.checkFailed, hint: `${error.fix} What was saved so far is kept; run fb3cx init again to continue.` });
      }
      throw error;
    }
  }

  private graph(): Promise<GraphApi> {
    return this.graphWith(this.validatedSecret);
  }

  private graphWith(secret: string | undefined): Promise<GraphApi> {
    return this.prepared.graph({ appSecret: secret });
  }

  /** Writes the whole profile once a stage is finished (conf writes atomically, mode 0600). */
  private save(stage: StageNumber): void {
    const next = profileAfterStage(this.profile, {
      answers: this.answers,
      saveSecrets: this.saveSecrets,
      stage,
      now: new Date(this.ctx.clock.now()),
      verifyToken: this.verifyToken,
      pageName: this.pageName,
      privacyUrl: this.privacyUrl,
    });
    this.store.saveProfile(this.profileName, next);
    this.profile = next;
    this.say(this.ctx.out.errStyle.dim(`Stage ${stage} saved in profile "${this.profileName}".`));
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function createProber(prepared: Session): WebhookProber {
  let prober: WebhookProber | undefined;
  return async (url) => {
    if (!prober) {
      const { createWebhookProber } = await import('../io/webhook-probe.js');
      prober = createWebhookProber({ trust: prepared.webhookTrust });
    }
    return prober(url);
  };
}

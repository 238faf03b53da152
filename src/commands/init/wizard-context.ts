import type { AppContext, GlobalOptions } from '../../context.js';
import { CliError, ConfigError, ExitCode, NetworkError, UsageError } from '../../errors.js';
import { ANSWER_KEYS, answersFromProfile, defaultAnswers, givenAnswers, isSecretKey, type Answer, type Answers } from '../../core/init/answers.js';
import { isUsableVerifyToken } from '../../core/init/app-webhook.js';
import { planStageSave } from '../../core/init/progress.js';
import type { AnswerKey } from '../../core/init/stages.js';
import { browserLikely } from '../../core/init/texts.js';
import { Facts } from '../../core/verify/facts.js';
import { ALL_CHECKS, reachOf, runChecks, selectChecks } from '../../core/verify/runner.js';
import type { VerifyInputs, WebhookProber } from '../../core/verify/types.js';
import { GraphApiError } from '../../graph/errors.js';
import type { Session } from '../../session.js';
import { settingProblem } from '../../settings/schema.js';
import { t } from '../../i18n/index.js';
import { askAnswer } from './ask.js';
import type { InitOptions, WizardContext } from './context.js';

/** A hint followed by what "run fb3cx init again" keeps: said in every error that stops the wizard half-way. */
function withProgressKept(fix: string): string {
  return t('init.wizard.progressKept', { fix });
}

/**
 * The wizard context for one run: the answers given and offered (flags, stdin and env first;
 * the saved profile and the sandbox as defaults) and the helpers every stage shares.
 */
export async function createWizardContext(app: AppContext, options: InitOptions & GlobalOptions, session: Session, yes: boolean): Promise<WizardContext> {
  const store = await session.configStore();
  const { profile } = session;
  const identity = session.sandbox?.identity;
  const { values, sources } = session.settings;
  // Checked by the session already, with the same sentence every command uses.
  const given = givenAnswers(values, sources);
  const defaults = defaultAnswers(profile, identity);
  registerSecrets(app, given);
  registerSecrets(app, defaults);
  let privacyUrl = values.privacyUrl;
  if (!privacyUrl && profile?.privacyUrl) {
    privacyUrl = profile.privacyUrl;
    const problem = settingProblem('privacyUrl', privacyUrl, 'profile');
    if (problem) throw new UsageError(problem);
  }

  const wiz: WizardContext = {
    options,
    yes,
    identity,
    session,
    out: app.out,
    prompt: app.prompt,
    cwd: app.cwd,
    openUrl: (url) => app.openUrl(url),
    randomBytes: (size) => app.randomBytes(size),
    now: () => app.clock.now(),
    prober: createProber(app, session),
    profileName: session.profileName,
    profile,
    given,
    defaults,
    answers: {},
    privacyUrl,
    validatedSecret: undefined,
    pageName: undefined,
    saveSecrets: profile?.pageToken !== undefined,
    verifyToken: isUsableVerifyToken(profile?.verifyToken) ? profile.verifyToken : undefined,
    openBrowser: undefined,

    current: (key) => wiz.answers[key]?.value,
    say: (...lines) => {
      for (const line of lines) app.out.info(line);
    },
    ask: (key, askOptions) => askAnswer(wiz, key, askOptions),

    async offerToOpen(urls, question) {
      if (wiz.yes) return;
      if (wiz.identity) {
        wiz.say(app.out.errStyle.dim(t('init.wizard.sandboxNoBrowser')));
        return;
      }
      const open = await app.prompt.confirm({ message: question, default: wiz.openBrowser ?? browserLikely(app.env, app.platform) });
      wiz.openBrowser = open;
      if (!open) return;
      for (const url of urls) {
        if (!(await app.openUrl(url))) app.out.warn(t('init.wizard.noBrowser', { url }));
      }
    },

    verifyInputs: () => verifyInputsOf(wiz),
    facts: async () => new Facts(await wiz.graph(), wiz.verifyInputs(), wiz.prober),

    async check(ids) {
      const { selected } = selectChecks(ALL_CHECKS, ids, undefined);
      const inputs = wiz.verifyInputs();
      const facts = new Facts(await wiz.graph(), inputs, wiz.prober);
      const results = await runChecks(selected, { inputs, facts, now: wiz.now });
      const unreachable = reachOf(results).meta;
      if (unreachable) throw new NetworkError(t('init.wizard.cannotGoOn', { detail: unreachable.detail }), withProgressKept(unreachable.fix ?? t('init.wizard.checkNetwork')));
      return { results, facts };
    },

    async graphStep(step) {
      try {
        return await step();
      } catch (error) {
        if (error instanceof GraphApiError && !error.isTransient) {
          throw new CliError(error.message, { code: error.code, exitCode: ExitCode.checkFailed, hint: withProgressKept(error.fix) });
        }
        throw error;
      }
    },

    graph: (graphOptions) => session.graph(graphOptions ?? { appSecret: wiz.validatedSecret }),

    save(stage) {
      // The whole profile at once: conf writes atomically (mode 0600), so an interrupted run never
      // leaves half an answer. Read again first: another run may have saved in the meantime.
      const plan = planStageSave(wiz.profile, store.getProfile(wiz.profileName), {
        answers: wiz.answers,
        saveSecrets: wiz.saveSecrets,
        stage,
        now: new Date(wiz.now()),
        verifyToken: wiz.verifyToken,
        pageName: wiz.pageName,
        privacyUrl: wiz.privacyUrl,
      });
      if (plan.kind === 'conflict') {
        throw new ConfigError(
          t('init.wizard.conflict', { profile: wiz.profileName, keys: plan.keys.join(', '), stage }),
          t('init.wizard.conflictHint', { command: `fb3cx init${wiz.identity ? ' --sandbox' : ''} --profile ${wiz.profileName} --stage ${stage}` }),
        );
      }
      store.saveProfile(wiz.profileName, plan.profile);
      wiz.profile = plan.profile;
      if (plan.othersKept.length > 0) {
        app.out.warn(t('init.wizard.othersKept', { profile: wiz.profileName, keys: plan.othersKept.join(', ') }));
        // Later stages offer what the other run saved, not what this run found at its start.
        const saved = answersFromProfile(plan.profile);
        for (const key of ANSWER_KEYS) {
          if (!plan.othersKept.includes(key)) continue;
          const answer = saved[key];
          if (answer) wiz.defaults[key] = answer;
          else delete wiz.defaults[key];
        }
      }
      wiz.say(app.out.errStyle.dim(t('init.wizard.saved', { stage, profile: wiz.profileName })));
    },
  };
  return wiz;
}

function verifyInputsOf(wiz: Pick<WizardContext, 'current' | 'validatedSecret'>): VerifyInputs {
  return {
    pageId: wiz.current('pageId') as string,
    pageToken: wiz.current('pageToken') as string,
    appId: wiz.current('appId'),
    appSecret: wiz.current('appId') ? wiz.validatedSecret : undefined,
    webhookUrl: wiz.current('webhookUrl'),
    webClientUrl: wiz.current('webClientUrl'),
  };
}

function registerSecrets(app: AppContext, answers: Answers): void {
  for (const [key, answer] of Object.entries(answers) as Array<[AnswerKey, Answer | undefined]>) {
    if (answer && isSecretKey(key)) app.out.secrets.add(answer.value);
  }
}

/** The webhook prober, loaded only when a stage probes the 3CX host. */
function createProber(app: AppContext, session: Session): WebhookProber {
  let prober: WebhookProber | undefined;
  return async (url) => {
    if (!prober) {
      const { createWebhookProber } = await import('../../io/webhook-probe.js');
      prober = createWebhookProber({ now: () => app.clock.now(), randomBytes: (size) => app.randomBytes(size) }, { trust: session.webhookTrust });
    }
    return prober(url);
  };
}

/**
 * The wizard: where to start, then each stage from a list, each saved once it is done, then the
 * final verify report.
 */
import { UsageError } from '../../errors.js';
import { mergeAnswers, missingAnswers, missingMessage } from '../../core/init/answers.js';
import { decideStart, describeAge, resumeChoices, stageFromChoice, stageHeading, stageInfo, type AnswerKey, type ResumeChoice, type StageNumber } from '../../core/init/stages.js';
import { renderFinalReport, runFinalReport } from '../../core/verify/final-report.js';
import { t } from '../../i18n/index.js';
import type { WizardContext } from './context.js';
import { stage3cx } from './stage-3cx.js';
import { stageReview } from './stage-review.js';
import { stageToken, validateToken } from './stage-token.js';
import { stageWebhook } from './stage-webhook.js';

interface Stage {
  n: StageNumber;
  run(wiz: WizardContext): Promise<void>;
}

const STAGES: readonly Stage[] = [
  { n: 1, run: stageToken },
  { n: 2, run: stage3cx },
  { n: 3, run: stageWebhook },
  { n: 4, run: stageReview },
];

/** Runs the wizard to the end; the exit code is the final report's. */
export async function runWizard(wiz: WizardContext): Promise<number> {
  const start = await chooseStart(wiz);
  if (wiz.yes) {
    const missing = missingAnswers(mergeAnswers(wiz.given, wiz.defaults), start);
    if (missing.length > 0) {
      const { message, hint } = missingMessage(missing, start);
      throw new UsageError(message, hint);
    }
  }
  if (start > 1) await resumeEarlierAnswers(wiz, start);
  const s = wiz.out.errStyle;
  for (const stage of STAGES.filter((candidate) => candidate.n >= start)) {
    wiz.say('', s.bold.cyan(`━━ ${stageHeading(stage.n)}`) + s.dim(t('init.stage.where', { where: stageInfo(stage.n).where })));
    await stage.run(wiz);
    wiz.save(stage.n);
  }
  return finish(wiz);
}

async function chooseStart(wiz: Pick<WizardContext, 'options' | 'yes' | 'profile' | 'profileName' | 'identity' | 'out' | 'prompt' | 'say' | 'now'>): Promise<StageNumber> {
  const decision = decideStart({
    progress: wiz.profile?.init,
    stage: wiz.options.stage as StageNumber | undefined,
    restart: wiz.options.restart,
    interactive: !wiz.yes,
  });
  wiz.say(wiz.out.errStyle.bold(wiz.identity ? t('init.wizard.titleSandbox', { profile: wiz.profileName }) : t('init.wizard.title', { profile: wiz.profileName })));
  if (decision.kind === 'start') {
    if (decision.reason === 'continue') wiz.say(t('init.wizard.continuing', { stage: decision.stage - 1 }));
    if (decision.reason === 'all-done') wiz.say(t('init.wizard.allDone'));
    return decision.stage;
  }
  wiz.say(t('init.wizard.progress', { completed: decision.completed, age: describeAge(decision.updatedAt, wiz.now()) }));
  const choice = await wiz.prompt.select<ResumeChoice>({ message: t('init.wizard.whatNow'), choices: resumeChoices(decision.next) });
  return stageFromChoice(choice, decision.next);
}

/** Starting at stage 2 or later: earlier answers come from the profile; a missing secret is asked. */
async function resumeEarlierAnswers(wiz: WizardContext, start: StageNumber): Promise<void> {
  const earlier: AnswerKey[] = ['appId', 'pageId', 'pageToken', 'appSecret'];
  if (start > 2) earlier.push('webhookUrl', 'webClientUrl');
  for (const key of earlier) {
    const known = wiz.given[key] ?? wiz.defaults[key];
    if (known) wiz.answers[key] = known;
  }
  const missing = earlier.filter((key) => key !== 'appSecret' && wiz.answers[key] === undefined);
  if (missing.length > 0 || !wiz.answers.pageToken) wiz.say('', t('init.wizard.needsEarlier', { stage: start }));
  for (const key of missing) await wiz.ask(key);
  wiz.say(wiz.out.errStyle.dim(t('init.wizard.checkingToken')));
  await validateToken(wiz, false);
  if (start > 2 && wiz.answers.webhookUrl === undefined) await wiz.ask('webhookUrl');
}

/** The same report `fb3cx verify` prints, then what to do next. */
async function finish(wiz: WizardContext): Promise<number> {
  const s = wiz.out.errStyle;
  wiz.say('', s.bold(t('init.wizard.finalCheck')));
  // The 3CX API client given to this run (or the sandbox's); one set up in stage 2 is checked by the next verify.
  const pbx = await wiz.session.pbx();
  const inputs = { ...wiz.verifyInputs(), pbxAddress: pbx?.address };
  const final = await runFinalReport({ graph: await wiz.graph(), inputs, prober: wiz.prober, pbx: pbx?.api, now: wiz.now });
  const { report } = final;
  if (wiz.options.json) {
    wiz.out.resultJson({ schemaVersion: 1, ok: report.ok, profile: wiz.profileName, completedStage: 4, report });
  } else {
    wiz.out.result(renderFinalReport(final, wiz.out.style, { inputs, graphVersion: wiz.session.settings.values.graphVersion, sandbox: wiz.session.sandbox?.scenario }));
  }
  // verify --sandbox ignores profiles; a real run names the profile unless it is the default one.
  const verifyCommand = wiz.identity ? 'fb3cx verify --sandbox' : `fb3cx verify${wiz.profileName === 'default' ? '' : ` --profile ${wiz.profileName}`}`;
  const storePath = (await wiz.session.configStore()).path;
  wiz.say(
    '',
    s.bold(report.ok ? `${s.green('✔')} ${t('init.wizard.done', { profile: wiz.profileName, path: storePath })}` : `${s.red('✖')} ${t('init.wizard.failed', { command: verifyCommand })}`),
    t('init.wizard.next'),
    `  - ${wiz.saveSecrets || wiz.identity || wiz.profile?.pageToken ? t('init.wizard.nextVerify', { command: verifyCommand }) : t('init.wizard.nextVerifyNoToken', { command: verifyCommand })}`,
    `  - ${t('init.wizard.nextSubmit')}`,
  );
  return final.exitCode;
}

/** Stage 1: the App ID, the Page ID, the page token and the app secret, checked until they pass. */
import { CliError, ExitCode } from '../../errors.js';
import { isGiven } from '../../core/init/answers.js';
import { messengerSettingsUrl } from '../../core/init/app-webhook.js';
import { failures, renderCheckLines, renderCompact } from '../../core/init/render.js';
import { appFlowChoices, appFlowQuestion, appSecretNote, APPS_URL, stage1Intro, type AppFlowChoice } from '../../core/init/texts.js';
import { fixLabel, labelled } from '../../core/verify/render.js';
import { t } from '../../i18n/index.js';
import type { CheckResult } from '../../core/verify/types.js';
import { GraphApiError } from '../../graph/errors.js';
import { readApp } from '../../graph/messenger.js';
import type { WizardContext } from './context.js';

export type TokenCheckContext = Pick<
  WizardContext,
  'answers' | 'yes' | 'out' | 'prompt' | 'say' | 'ask' | 'current' | 'check' | 'graph' | 'validatedSecret' | 'pageName'
>;

export type TokenStageContext = TokenCheckContext &
  Pick<WizardContext, 'options' | 'given' | 'profileName' | 'openUrl' | 'offerToOpen' | 'openBrowser' | 'saveSecrets'>;

export async function stageToken(wiz: TokenStageContext): Promise<void> {
  const s = wiz.out.errStyle;
  const appId = wiz.current('appId');
  // The clicks differ between Meta's two app-creation screens; nobody to ask under --yes, so both are shown.
  const flow: AppFlowChoice | undefined = wiz.yes ? undefined : await wiz.prompt.select({ message: appFlowQuestion(), choices: appFlowChoices() });
  wiz.say(...stage1Intro(appId, flow));
  await wiz.offerToOpen([APPS_URL], t('init.token.openPortal'));
  wiz.say('');
  await wiz.ask('appId');
  if (!appId && !wiz.yes) {
    const settingsUrl = messengerSettingsUrl(wiz.current('appId'));
    wiz.say(s.dim(t('init.token.settingsOfApp', { url: settingsUrl })));
    if (wiz.openBrowser && !(await wiz.openUrl(settingsUrl))) wiz.out.warn(t('init.wizard.noBrowser', { url: settingsUrl }));
  }
  await wiz.ask('pageId');
  await wiz.ask('pageToken');
  if (!isGiven(wiz.given.appSecret) && !wiz.yes) wiz.say(...appSecretNote().map((line) => s.dim(line)));
  await wiz.ask('appSecret', { optional: true });
  await validateToken(wiz);

  if (wiz.yes || wiz.options.saveSecrets) {
    wiz.saveSecrets = wiz.options.saveSecrets === true;
  } else {
    wiz.say(s.dim(t('init.token.askAgainNextTime')));
    wiz.saveSecrets = await wiz.prompt.confirm({
      message: wiz.answers.appSecret ? t('init.token.saveTokenAndSecret', { profile: wiz.profileName }) : t('init.token.saveToken', { profile: wiz.profileName }),
      default: true,
    });
  }
}

/**
 * Checks the token (and app secret) until they pass; never moves on with a broken token. Also
 * run when a later stage starts from saved answers (then the page is not confirmed again).
 */
export async function validateToken(wiz: TokenCheckContext, confirmPage = true): Promise<void> {
  const s = wiz.out.errStyle;
  for (;;) {
    if (wiz.answers.appSecret && !(await checkAppSecret(wiz))) {
      if (wiz.yes) throw new CliError(t('init.token.secretRefused'), { code: 'init.app-secret', exitCode: ExitCode.checkFailed, hint: t('init.token.secretRefusedHint') });
      await wiz.ask('appSecret', { optional: true, again: true });
      continue;
    }
    if (!wiz.answers.appSecret) wiz.validatedSecret = undefined;
    const { results, facts } = await wiz.check(['token', 'page.info']);
    const failed = failures(results);
    const tokenResults = results.filter((r) => r.id !== 'page.info');
    wiz.say(...renderCompact(tokenResults, s, t('init.token.label')));
    if (failed.length === 0 && !wiz.validatedSecret) wiz.say(s.dim(`  ${t('init.token.moreChecks', { count: tokenResults.filter((r) => r.status === 'skip').length })}`));
    const pageInfo = results.find((r) => r.id === 'page.info');
    if (pageInfo && pageInfo.status !== 'pass' && !(pageInfo.status === 'fail' && failed.some((r) => r.id === 'token.valid'))) wiz.say(...renderCheckLines([pageInfo], s));
    if (failed.length === 0) {
      const page = await facts.page();
      wiz.pageName = page.ok ? page.value.name : undefined;
      const shown = wiz.pageName ?? wiz.answers.pageId?.value;
      const link = page.ok ? page.value.link : undefined;
      const question = link ? t('init.token.isThePageLink', { page: shown, link }) : t('init.token.isThePage', { page: shown });
      if (wiz.yes || !confirmPage || (await wiz.prompt.confirm({ message: question, default: true }))) return;
      await wiz.ask('pageId', { again: true });
      await wiz.ask('pageToken', { again: true });
      continue;
    }
    if (wiz.yes) {
      const first = failed[0] as CheckResult;
      throw new CliError(t('init.token.cannotFinish', { title: first.title.toLowerCase(), detail: first.detail }), { code: 'init.token', exitCode: ExitCode.checkFailed, hint: first.fix });
    }
    wiz.say(s.yellow(t('init.token.pasteAgain')));
    const tokenAccepted = !failed.some((r) => r.id === 'token.valid');
    if (tokenAccepted && failed.some((r) => r.id === 'token.page' || r.id === 'page.info')) await wiz.ask('pageId', { again: true });
    if (failed.some((r) => r.id === 'token.app')) await wiz.ask('appId', { again: true });
    await wiz.ask('pageToken', { again: true });
  }
}

/** GET /{app-id} with the app token: proves App ID and secret belong together. */
async function checkAppSecret(wiz: TokenCheckContext): Promise<boolean> {
  const appId = wiz.current('appId') as string;
  const secret = wiz.current('appSecret') as string;
  if (wiz.validatedSecret === secret) return true;
  const s = wiz.out.errStyle;
  try {
    const graph = await wiz.graph({ appSecret: secret });
    const app = await readApp(graph, { appId, appSecret: secret, fields: ['id', 'name'], operation: t('init.token.checkingSecret') });
    wiz.validatedSecret = secret;
    wiz.say(`  ${s.green('✔')} ${t('init.token.secretAccepted', { app: app.name ?? appId })}`);
    return true;
  } catch (error) {
    if (error instanceof GraphApiError && !error.isTransient) {
      wiz.say(`  ${s.red('✖')} ${t('init.token.secretNotAccepted', { appId, explanation: error.explanation })}`, `    ${labelled(fixLabel('fail'), t('init.token.secretFix'), s.cyan)}`);
      return false;
    }
    throw error;
  }
}

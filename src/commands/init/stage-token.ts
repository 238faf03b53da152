/** Stage 1: the App ID, the Page ID, the page token and the app secret, checked until they pass. */
import { CliError, ExitCode } from '../../errors.js';
import { isGiven } from '../../core/init/answers.js';
import { messengerSettingsUrl } from '../../core/init/app-webhook.js';
import { failures, renderCheckLines, renderCompact } from '../../core/init/render.js';
import { APP_FLOW_CHOICES, APP_FLOW_QUESTION, APP_SECRET_NOTE, APPS_URL, stage1Intro, type AppFlowChoice } from '../../core/init/texts.js';
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
  const flow: AppFlowChoice | undefined = wiz.yes ? undefined : await wiz.prompt.select({ message: APP_FLOW_QUESTION, choices: [...APP_FLOW_CHOICES] });
  wiz.say(...stage1Intro(appId, flow));
  await wiz.offerToOpen([APPS_URL], 'Open the Meta developer portal in your browser?');
  wiz.say('');
  await wiz.ask('appId');
  if (!appId && !wiz.yes) {
    const settingsUrl = messengerSettingsUrl(wiz.current('appId'));
    wiz.say(s.dim(`  Messenger API Settings of this app: ${settingsUrl}`));
    if (wiz.openBrowser && !(await wiz.openUrl(settingsUrl))) wiz.out.warn(`Could not start a browser; open ${settingsUrl} yourself.`);
  }
  await wiz.ask('pageId');
  await wiz.ask('pageToken');
  if (!isGiven(wiz.given.appSecret) && !wiz.yes) wiz.say(...APP_SECRET_NOTE.map((line) => s.dim(line)));
  await wiz.ask('appSecret', { optional: true });
  await validateToken(wiz);

  if (wiz.yes || wiz.options.saveSecrets) {
    wiz.saveSecrets = wiz.options.saveSecrets === true;
  } else {
    wiz.say(s.dim('If not, fb3cx asks for them again next time (or reads FB3CX_PAGE_TOKEN and FB3CX_APP_SECRET).'));
    wiz.saveSecrets = await wiz.prompt.confirm({
      message: `Save the page token${wiz.answers.appSecret ? ' and app secret' : ''} in profile "${wiz.profileName}" (file mode 0600)?`,
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
      if (wiz.yes) throw new CliError('The App ID and app secret were not accepted, so fb3cx init stops at stage 1.', { code: 'init.app-secret', exitCode: ExitCode.checkFailed, hint: 'Copy the app secret again from App Settings > Basic, or leave it out.' });
      await wiz.ask('appSecret', { optional: true, again: true });
      continue;
    }
    if (!wiz.answers.appSecret) wiz.validatedSecret = undefined;
    const { results, facts } = await wiz.check(['token', 'page.info']);
    const failed = failures(results);
    const tokenResults = results.filter((r) => r.id !== 'page.info');
    wiz.say(...renderCompact(tokenResults, s, 'Page token'));
    if (failed.length === 0 && !wiz.validatedSecret) wiz.say(s.dim(`  (${tokenResults.filter((r) => r.status === 'skip').length} more token checks need the app secret)`));
    const pageInfo = results.find((r) => r.id === 'page.info');
    if (pageInfo && pageInfo.status !== 'pass' && !(pageInfo.status === 'fail' && failed.some((r) => r.id === 'token.valid'))) wiz.say(...renderCheckLines([pageInfo], s));
    if (failed.length === 0) {
      const page = await facts.page();
      wiz.pageName = page.ok ? page.value.name : undefined;
      const link = page.ok && page.value.link ? ` ${page.value.link}` : '';
      if (wiz.yes || !confirmPage || (await wiz.prompt.confirm({ message: `Is "${wiz.pageName ?? wiz.answers.pageId?.value}"${link} the page to connect?`, default: true }))) return;
      await wiz.ask('pageId', { again: true });
      await wiz.ask('pageToken', { again: true });
      continue;
    }
    if (wiz.yes) {
      const first = failed[0] as CheckResult;
      throw new CliError(`Stage 1 cannot finish: ${first.title.toLowerCase()}: ${first.detail}`, { code: 'init.token', exitCode: ExitCode.checkFailed, hint: first.fix });
    }
    wiz.say(s.yellow('Paste it again (nothing is saved until this stage passes; Ctrl-C to stop).'));
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
    const app = await readApp(graph, { appId, appSecret: secret, fields: ['id', 'name'], operation: 'Checking the App ID and app secret' });
    wiz.validatedSecret = secret;
    wiz.say(`  ${s.green('✔')} App "${app.name ?? appId}" accepts the app secret`);
    return true;
  } catch (error) {
    if (error instanceof GraphApiError && !error.isTransient) {
      wiz.say(`  ${s.red('✖')} The App ID ${appId} and this app secret were not accepted: ${error.explanation}`, `    ${s.cyan('Fix:')} App Settings > Basic > App secret > Show, copy it again (and check the App ID at the top of that page).`);
      return false;
    }
    throw error;
  }
}

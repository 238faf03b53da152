/**
 * Stage 3: the page's subscription to the six fields, then the app webhook, each planned
 * (shown as now / after) before it is applied, then read back.
 */
import { appWebhookRequest, dashboardSteps, describeAppWebhookChange, planAppWebhook, verifyTokenFrom, type AppWebhookPlan } from '../../core/init/app-webhook.js';
import { fieldList, renderCompact } from '../../core/init/render.js';
import { APP_WEBHOOK_2200_NOTE, stage3Intro } from '../../core/init/texts.js';
import { applySubscription, planSubscription, readPageFields } from '../../core/subscribe.js';
import { REQUIRED_FIELDS } from '../../core/verify/fields.js';
import { GraphApiError } from '../../graph/errors.js';
import { readAppSubscriptions, setAppSubscription } from '../../graph/messenger.js';
import type { WizardContext } from './context.js';

type StageBase = Pick<WizardContext, 'yes' | 'out' | 'prompt' | 'say' | 'current' | 'graph' | 'graphStep'>;

export type AppWebhookContext = StageBase & Pick<WizardContext, 'options' | 'validatedSecret' | 'verifyToken' | 'randomBytes'>;

export type WebhookStageContext = AppWebhookContext & Pick<WizardContext, 'check'>;

export async function stageWebhook(wiz: WebhookStageContext): Promise<void> {
  const s = wiz.out.errStyle;
  wiz.say(...stage3Intro(), '');
  await subscribePage(wiz);
  wiz.say('', s.bold('App webhook') + s.dim(' (Messenger API Settings > Webhooks)'));
  await setAppWebhook(wiz);
  const { results } = await wiz.check(['page.subscription', 'page.fields', 'page.other-apps', 'app.webhook', 'app.fields', 'app.callback']);
  wiz.say('', ...renderCompact(results, s, 'Checked'));
}

/** POST /{page-id}/subscribed_apps with the six fields, after showing what changes. */
async function subscribePage(wiz: StageBase): Promise<void> {
  const s = wiz.out.errStyle;
  const pageId = wiz.current('pageId') as string;
  const pageToken = wiz.current('pageToken') as string;
  const appId = wiz.current('appId');
  wiz.say(s.bold('Page subscription') + s.dim(` (POST /${pageId}/subscribed_apps)`));
  const graph = await wiz.graph();
  const before = await wiz.graphStep(() => readPageFields(graph, pageId, pageToken, appId));
  const plan = planSubscription(pageId, before);
  if (!plan.changes) {
    wiz.say(`  ${s.green('✔')} all six fields are subscribed; nothing to change`);
    return;
  }
  wiz.say(`  now    ${fieldList(before, s)}`, `  after  ${fieldList(plan.after, s)}`, `  ${s.dim(before === undefined || before.length === 0 ? 'installs your app on the page with the six fields' : `adds ${plan.added.join(', ')}; removes nothing`)}`);
  const go = wiz.yes || (await wiz.prompt.confirm({ message: 'Subscribe the page to these fields now?', default: true }));
  if (!go) {
    wiz.say(s.dim('  Left as it is; "fb3cx subscribe" does it later.'));
    return;
  }
  const result = await wiz.graphStep(() => applySubscription(graph, plan, pageToken, appId, REQUIRED_FIELDS));
  if (result.missingAfter.length === 0) wiz.say(`  ${s.green('✔')} subscribed, confirmed by reading it back`);
  else wiz.say(`  read back ${fieldList(result.confirmed, s)}`, `  ${s.red('✖')} Meta accepted the change but these are missing on read-back: ${result.missingAfter.join(', ')}`);
}

type WebhookChoice = 'api' | 'dashboard' | 'leave';

/** The app webhook: by API with the app secret (keeping every field that is there), else by the dashboard. */
async function setAppWebhook(wiz: AppWebhookContext): Promise<void> {
  const s = wiz.out.errStyle;
  const appId = wiz.current('appId') as string;
  const webhookUrl = wiz.current('webhookUrl') as string;
  wiz.verifyToken ??= verifyTokenFrom(wiz.randomBytes(32));
  const { verifyToken } = wiz;
  const indented = (lines: string[]) => lines.map((line) => `  ${line}`);
  const secret = wiz.validatedSecret;
  if (!secret) {
    wiz.say('  Without the app secret fb3cx cannot read or set it. In the dashboard:', ...indented(dashboardSteps(appId, webhookUrl, verifyToken)));
    if (!wiz.yes) await wiz.prompt.confirm({ message: 'Done in the dashboard? (fb3cx cannot check it without the app secret)', default: true });
    return;
  }
  const graph = await wiz.graph();
  const read = async (): Promise<AppWebhookPlan> =>
    wiz.graphStep(async () => planAppWebhook(await readAppSubscriptions(graph, { appId, appSecret: secret, operation: "Reading the app's webhook" }), webhookUrl));
  let plan = await read();
  if (!plan.changes) {
    wiz.say(`  ${s.green('✔')} points at the 3CX webhook URL, active, all six fields; nothing to change`);
    return;
  }
  wiz.say('  It differs from what 3CX needs. Setting it would change:', ...describeAppWebhookChange(plan).map((line) => `    ${line}`), s.dim(`  ${APP_WEBHOOK_2200_NOTE}`));
  for (;;) {
    const choice: WebhookChoice =
      wiz.options.manualWebhook ? 'dashboard'
      : wiz.yes ? 'api'
      : await wiz.prompt.select<WebhookChoice>({
          message: 'Set the app webhook?',
          choices: [
            { value: 'api', name: 'Yes, set it by API now (fb3cx keeps every field that is there)' },
            { value: 'dashboard', name: 'No, show me the dashboard steps' },
            { value: 'leave', name: 'Leave it as it is' },
          ],
        });
    if (choice === 'leave') return;
    if (choice === 'dashboard') {
      wiz.say(...indented(dashboardSteps(appId, webhookUrl, verifyToken)));
      if (wiz.yes) return;
      await wiz.prompt.confirm({ message: 'Done in the dashboard? fb3cx will read it back.', default: true });
      plan = await read();
      wiz.say(plan.changes ? `  ${s.yellow('!')} still differs: ${describeAppWebhookChange(plan).join('; ')}` : `  ${s.green('✔')} the app webhook now points at 3CX with all six fields`);
      return;
    }
    try {
      await setAppSubscription(graph, { appId, appSecret: secret, subscription: appWebhookRequest(plan, verifyToken) });
      plan = await read();
      wiz.say(plan.changes ? `  ${s.yellow('!')} Meta accepted it but it still differs: ${describeAppWebhookChange(plan).join('; ')}` : `  ${s.green('✔')} set: callback is the 3CX webhook URL, six fields, active (read back)`);
      return;
    } catch (error) {
      if (!(error instanceof GraphApiError) || error.isTransient) throw error;
      const is2200 = error.graphCode === 2200;
      wiz.say(
        `  ${s.red('✖')} ${is2200 ? 'Meta could not verify the 3CX webhook URL (error 2200), so nothing changed.' : `Meta refused: ${error.explanation}`}`,
        `    Meta said: ${error.graphMessage}`,
        `    ${s.cyan('Fix:')} ${is2200 ? 'Check in 3CX that the Facebook entry is saved and copy its webhook URL again; 3CX must be reachable from the internet on port 443 with a valid certificate. Then try again.' : error.fix}`,
      );
      if (wiz.yes) {
        wiz.out.warn('The app webhook was not set; the final report shows it.');
        return;
      }
    }
  }
}

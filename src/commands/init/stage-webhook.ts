/**
 * Stage 3: the page's subscription to the six fields, then the app webhook, each planned
 * (shown as now / after) before it is applied, then read back.
 */
import { appWebhookRequest, dashboardSteps, describeAppWebhookChange, planAppWebhook, verifyTokenFrom, type AppWebhookPlan } from '../../core/init/app-webhook.js';
import { fieldList, renderCompact } from '../../core/init/render.js';
import { appWebhook2200Note, stage3Intro } from '../../core/init/texts.js';
import { fixLabel, labelled } from '../../core/verify/render.js';
import { t } from '../../i18n/index.js';
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
  wiz.say('', s.bold(t('init.webhook.appWebhook')) + s.dim(t('init.webhook.appWebhookWhere')));
  await setAppWebhook(wiz);
  const { results } = await wiz.check(['page.subscription', 'page.fields', 'page.other-apps', 'app.webhook', 'app.fields', 'app.callback']);
  wiz.say('', ...renderCompact(results, s, t('init.webhook.checked')));
}

/** POST /{page-id}/subscribed_apps with the six fields, after showing what changes. */
async function subscribePage(wiz: StageBase): Promise<void> {
  const s = wiz.out.errStyle;
  const pageId = wiz.current('pageId') as string;
  const pageToken = wiz.current('pageToken') as string;
  const appId = wiz.current('appId');
  wiz.say(s.bold(t('init.webhook.pageSubscription')) + s.dim(t('init.webhook.pageSubscriptionWhere', { pageId })));
  const graph = await wiz.graph();
  const before = await wiz.graphStep(() => readPageFields(graph, pageId, pageToken, appId));
  const plan = planSubscription(pageId, before);
  if (!plan.changes) {
    wiz.say(`  ${s.green('✔')} ${t('init.webhook.allSubscribed')}`);
    return;
  }
  wiz.say(
    t('init.webhook.now', { fields: fieldList(before, s) }),
    t('init.webhook.after', { fields: fieldList(plan.after, s) }),
    `  ${s.dim(before === undefined || before.length === 0 ? t('init.webhook.installs') : t('init.webhook.adds', { fields: plan.added.join(', ') }))}`,
  );
  const go = wiz.yes || (await wiz.prompt.confirm({ message: t('init.webhook.subscribeNow'), default: true }));
  if (!go) {
    wiz.say(s.dim(t('init.webhook.leftAsIs')));
    return;
  }
  const result = await wiz.graphStep(() => applySubscription(graph, plan, pageToken, appId, REQUIRED_FIELDS));
  if (result.missingAfter.length === 0) wiz.say(`  ${s.green('✔')} ${t('init.webhook.subscribed')}`);
  else wiz.say(t('init.webhook.readBack', { fields: fieldList(result.confirmed, s) }), `  ${s.red('✖')} ${t('init.webhook.missingAfter', { fields: result.missingAfter.join(', ') })}`);
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
    wiz.say(t('init.webhook.noSecret'), ...indented(dashboardSteps(appId, webhookUrl, verifyToken)));
    if (!wiz.yes) await wiz.prompt.confirm({ message: t('init.webhook.doneNoSecret'), default: true });
    return;
  }
  const graph = await wiz.graph();
  const read = async (): Promise<AppWebhookPlan> =>
    wiz.graphStep(async () => planAppWebhook(await readAppSubscriptions(graph, { appId, appSecret: secret, operation: t('init.webhook.reading') }), webhookUrl));
  let plan = await read();
  if (!plan.changes) {
    wiz.say(`  ${s.green('✔')} ${t('init.webhook.pointsAt3cx')}`);
    return;
  }
  wiz.say(t('init.webhook.differs'), ...describeAppWebhookChange(plan).map((line) => `    ${line}`), s.dim(`  ${appWebhook2200Note()}`));
  for (;;) {
    const choice: WebhookChoice =
      wiz.options.manualWebhook ? 'dashboard'
      : wiz.yes ? 'api'
      : await wiz.prompt.select<WebhookChoice>({
          message: t('init.webhook.setQuestion'),
          choices: [
            { value: 'api', name: t('init.webhook.choiceApi') },
            { value: 'dashboard', name: t('init.webhook.choiceDashboard') },
            { value: 'leave', name: t('init.webhook.choiceLeave') },
          ],
        });
    if (choice === 'leave') return;
    if (choice === 'dashboard') {
      wiz.say(...indented(dashboardSteps(appId, webhookUrl, verifyToken)));
      if (wiz.yes) return;
      await wiz.prompt.confirm({ message: t('init.webhook.doneReadBack'), default: true });
      plan = await read();
      wiz.say(plan.changes ? `  ${s.yellow('!')} ${t('init.webhook.stillDiffers', { changes: describeAppWebhookChange(plan).join('; ') })}` : `  ${s.green('✔')} ${t('init.webhook.nowPoints')}`);
      return;
    }
    try {
      await setAppSubscription(graph, { appId, appSecret: secret, subscription: appWebhookRequest(plan, verifyToken) });
      plan = await read();
      wiz.say(plan.changes ? `  ${s.yellow('!')} ${t('init.webhook.acceptedDiffers', { changes: describeAppWebhookChange(plan).join('; ') })}` : `  ${s.green('✔')} ${t('init.webhook.setDone')}`);
      return;
    } catch (error) {
      if (!(error instanceof GraphApiError) || error.isTransient) throw error;
      const is2200 = error.graphCode === 2200;
      wiz.say(
        `  ${s.red('✖')} ${is2200 ? t('init.webhook.error2200') : t('init.webhook.refused', { explanation: error.explanation })}`,
        t('init.webhook.metaSaid', { message: error.graphMessage }),
        `    ${labelled(fixLabel('fail'), is2200 ? t('init.webhook.fix2200') : error.fix, s.cyan)}`,
      );
      if (wiz.yes) {
        wiz.out.warn(t('init.webhook.notSet'));
        return;
      }
    }
  }
}

import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { integerOption, settingOption } from './options.js';

export function defineInit(program: Command, action: ActionFactory): void {
  program
    .command('init')
    .description(t(SUMMARIES['init']))
    .option('--stage <n>', t('help.init.stage'), integerOption('--stage', 1, 4))
    .option('--restart', t('help.init.restart'))
    .option('-y, --yes', t('help.init.yes'))
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId'))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', (env) => t('help.init.appSecret', { env })))
    .addOption(settingOption('webhookUrl', (env) => t('help.init.webhookUrl', { env })))
    .addOption(settingOption('webClientUrl', (env) => t('help.init.webClientUrl', { env })))
    .addOption(settingOption('company', (env) => t('help.init.company', { env })))
    .addOption(settingOption('extension', (env) => t('help.init.extension', { env })))
    .addOption(settingOption('password', (env) => t('help.init.password', { env })))
    .addOption(settingOption('privacyUrl', (env) => t('help.init.privacyUrl', { env })))
    .option('--save-secrets', t('help.init.saveSecrets'))
    .option('--manual-webhook', t('help.init.manualWebhook'))
    .option('--out <dir>', t('help.init.out'))
    .option('--force', t('help.init.force'))
    .addHelpText('after', `\n${t('help.init.after')}`)
    .action(action(() => import('../init.js').then((m) => m.init)));
}

import type { Command } from 'commander';
import { Option } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, integerOption, settingOption } from './options.js';

export function defineVerify(program: Command, action: ActionFactory): void {
  program
    .command('verify')
    .description(t(SUMMARIES['verify']))
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId'))
    .addOption(settingOption('webhookUrl', (env) => t('help.verify.webhookUrl', { env })))
    .addOption(settingOption('webClientUrl', (env) => t('help.verify.webClientUrl', { env })))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret'))
    .optionsGroup(t('help.verify.groupPbx'))
    .addOption(settingOption('pbxUrl', (env) => t('help.verify.pbxUrl', { env })))
    .addOption(settingOption('pbxClientId', (env) => t('help.verify.pbxClientId', { env })))
    .addOption(settingOption('pbxClientSecret', (env) => t('help.verify.pbxClientSecret', { env })))
    .addOption(new Option('--gap-minutes <minutes>', t('help.verify.gapMinutes')).default(30).argParser(integerOption('--gap-minutes', 1, 100_000)))
    .optionsGroup(t('help.verify.groupChecks'))
    .addOption(new Option('--only <ids>', t('help.verify.only')).argParser(commaList))
    .addOption(new Option('--skip <ids>', t('help.verify.skip')).argParser(commaList))
    .option('--strict', t('help.verify.strict'))
    .addOption(new Option('--expiry-warn-days <n>', t('help.verify.expiryWarnDays')).argParser(integerOption('--expiry-warn-days', 0, 365)))
    .optionsGroup(t('help.verify.groupFleet'))
    .option('--inventory <file>', t('help.verify.inventory'))
    .option('--all-profiles', t('help.verify.allProfiles'))
    .addOption(new Option('--concurrency <n>', t('help.verify.concurrency')).argParser(integerOption('--concurrency', 1, 256)))
    .addOption(new Option('--customers <names>', t('help.verify.customers')).argParser(commaList))
    .option('--shard <i/n>', t('help.verify.shard'))
    .option('--state <file>', t('help.verify.state'))
    .option('--notify-url <url>', t('help.verify.notifyUrl'))
    .option('--junit <file>', t('help.verify.junit'))
    .option('--html <file>', t('help.verify.html'))
    .addHelpText('after', `\n${t('help.verify.after')}`)
    .action(action(() => import('../verify.js').then((m) => m.verify)));
}

import type { Command } from 'commander';
import { Option } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, settingOption } from './options.js';

export function defineSubscribe(program: Command, action: ActionFactory): void {
  program
    .command('subscribe')
    .description(t(SUMMARIES['subscribe']))
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId', (env) => t('help.subscribe.appId', { env })))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', (env) => t('help.subscribe.appSecret', { env })))
    .addOption(new Option('--fields <list>', t('help.subscribe.fields')).argParser(commaList))
    .option('--dry-run', t('help.subscribe.dryRun'))
    .addHelpText('after', `\n${t('help.subscribe.after')}`)
    .action(action(() => import('../subscribe.js').then((m) => m.subscribe)));
}

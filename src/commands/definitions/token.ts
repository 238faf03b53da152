import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { settingOption } from './options.js';

export function defineToken(program: Command, action: ActionFactory): void {
  const token = program
    .command('token')
    .description(t(SUMMARIES['token']))
    .addHelpText('after', `\n${t('help.token.after')}`);
  const load = () => import('../token.js');
  token
    .command('inspect')
    .description(t('help.token.inspect'))
    .addOption(settingOption('pageId', (env) => t('help.token.inspectPageId', { env })))
    .addOption(settingOption('appId', (env) => t('help.token.inspectAppId', { env })))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', (env) => t('help.token.inspectAppSecret', { env })))
    .action(action(() => load().then((m) => m.tokenInspect)));
  token
    .command('exchange')
    .description(t('help.token.exchange'))
    .addOption(settingOption('pageId', (env) => t('help.token.exchangePageId', { env })))
    .addOption(settingOption('appId', (env) => t('help.token.exchangeAppId', { env })))
    .addOption(settingOption('appSecret', (env) => t('help.token.exchangeAppSecret', { env })))
    .addOption(settingOption('userToken', (env) => t('help.token.exchangeUserToken', { env })))
    .option('-y, --yes', t('help.token.yes'))
    .option('--save', t('help.token.save'))
    .option('--print-token', t('help.token.printToken'))
    .action(action(() => load().then((m) => m.tokenExchange)));
}

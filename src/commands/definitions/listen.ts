import type { Command } from 'commander';
import { Option } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, integerOption, settingOption } from './options.js';

export function defineListen(program: Command, action: ActionFactory): void {
  program
    .command('listen')
    .description(t(SUMMARIES['listen']))
    .addOption(new Option('--port <number>', t('help.listen.port')).argParser(integerOption('--port', 0, 65535)).default(8080))
    .option('--host <address>', t('help.listen.host'), '127.0.0.1')
    .option('--path <path>', t('help.listen.path'), '/webhook')
    .addOption(settingOption('verifyToken', (env) => t('help.listen.verifyToken', { env })))
    .addOption(settingOption('appSecret', (env) => t('help.listen.appSecret', { env })))
    .addOption(settingOption('pageToken', (env) => t('help.listen.pageToken', { env })))
    .addOption(new Option('--events <types>', t('help.listen.events')).argParser(commaList))
    .addOption(new Option('--exit-after <n>', t('help.listen.exitAfter')).argParser(integerOption('--exit-after', 1, 1_000_000_000)))
    .option('--expect-text <text>', t('help.listen.expectText'))
    .addOption(new Option('--timeout <seconds>', t('help.listen.timeout')).argParser(integerOption('--timeout', 1, 604_800)))
    .option('--save <file>', t('help.listen.save'))
    .option('--forward-to [url]', t('help.listen.forwardTo'))
    .addOption(new Option('--forward-timeout <seconds>', t('help.listen.forwardTimeout')).argParser(integerOption('--forward-timeout', 1, 300)).default(10))
    .option('--lookup-profile', t('help.listen.lookupProfile'))
    .option('--reply <text>', t('help.listen.reply'))
    .option('--max-body <size>', t('help.listen.maxBody'), '4mb')
    .addHelpText('after', `\n${t('help.listen.after')}`)
    .action(action(() => import('../listen.js').then((m) => m.listen)));
}

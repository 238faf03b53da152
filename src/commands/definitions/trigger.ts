import type { Command } from 'commander';
import { Option } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { STICKER_FORMS, TRIGGER_TYPES } from '../../core/webhook/types.js';
import { SUMMARIES } from './summaries.js';
import { choiceOption, integerOption, settingOption } from './options.js';

export function defineTrigger(program: Command, action: ActionFactory): void {
  program
    .command('trigger')
    .description(t(SUMMARIES['trigger']))
    .argument('[type]', t('help.trigger.type', { types: TRIGGER_TYPES.slice(0, -1).join(', '), last: TRIGGER_TYPES.at(-1) ?? '' }))
    .option('--url <url>', t('help.trigger.url'))
    // The default text is what a test event says, not a sentence of fb3cx's: it stays as it is.
    .option('--text <text>', t('help.trigger.text'), 'Hello from fb3cx trigger')
    .addOption(settingOption('pageId', (env) => t('help.trigger.pageId', { env })))
    .option('--sender <psid>', t('help.trigger.sender'))
    .addOption(new Option('--batch <n>', t('help.trigger.batch')).argParser(integerOption('--batch', 1, 1000)).default(1))
    .addOption(new Option('--sticker-form <form>', t('help.trigger.stickerForm')).argParser(choiceOption('--sticker-form', STICKER_FORMS)))
    .option('--standby', t('help.trigger.standby'))
    .addOption(new Option('--signature <kind>', t('help.trigger.signature')).argParser(choiceOption('--signature', ['sha256', 'sha1', 'both', 'none'])))
    .addOption(settingOption('appSecret', (env) => t('help.trigger.appSecret', { env })))
    .addOption(new Option('--timeout <seconds>', t('help.trigger.timeout')).argParser(integerOption('--timeout', 1, 300)).default(10))
    .option('--dry-run', t('help.trigger.dryRun'))
    .option('--replay <file>', t('help.trigger.replay'))
    .option('--since <time>', t('help.trigger.since'))
    .option('--until <time>', t('help.trigger.until'))
    .option('--resume', t('help.trigger.resume'))
    .option('--again', t('help.trigger.again'))
    .addHelpText('after', `\n${t('help.trigger.after')}`)
    .action(action(() => import('../trigger.js').then((m) => m.trigger)));
}

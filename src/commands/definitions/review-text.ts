import type { Command } from 'commander';
import { Option } from 'commander';
import { t } from '../../i18n/index.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { settingOption } from './options.js';

/** Kept in step with core/review/catalogue.ts by a unit test (this file stays import-light). */
const PIECE_LIST = 'verification-summary, pages-messaging, profile-access, test-instructions, screencast, settings-checklist';

export function defineReviewText(program: Command, action: ActionFactory): void {
  program
    .command('review-text')
    .description(t(SUMMARIES['review-text']))
    .addOption(settingOption('company', (env) => t('help.reviewText.company', { env })))
    .addOption(settingOption('pageName', (env) => t('help.reviewText.pageName', { env })))
    .addOption(settingOption('pageId', (env) => t('help.reviewText.pageId', { env })))
    .addOption(settingOption('webClientUrl'))
    .addOption(settingOption('pbxHost', (env) => t('help.reviewText.pbxHost', { env })))
    .addOption(settingOption('extension', (env) => t('help.reviewText.extension', { env })))
    .addOption(settingOption('password', (env) => t('help.reviewText.password', { env })))
    .addOption(new Option('--password <value>', t('help.reviewText.passwordRefused')).hideHelp())
    .addOption(settingOption('appId'))
    .addOption(settingOption('privacyUrl', (env) => t('help.reviewText.privacyUrl', { env })))
    .addOption(settingOption('pageToken', (env) => t('help.reviewText.pageToken', { env })))
    .addOption(settingOption('appSecret', (env) => t('help.reviewText.appSecret', { env })))
    .option('--piece <id>', t('help.reviewText.piece', { pieces: PIECE_LIST }))
    .option('--out <dir>', t('help.reviewText.out'))
    .option('--force', t('help.reviewText.force'))
    .option('--templates <dir>', t('help.reviewText.templates'))
    .option('--open', t('help.reviewText.open'))
    .addHelpText('after', `\n${t('help.reviewText.after')}`)
    .action(action(() => import('../review-text.js').then((m) => m.reviewText)));
}

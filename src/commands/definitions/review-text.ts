import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { settingOption } from './options.js';

/** Kept in step with core/review/catalogue.ts by a unit test (this file stays import-light). */
const PIECE_LIST = 'verification-summary, pages-messaging, profile-access, test-instructions, screencast, settings-checklist';

export function defineReviewText(program: Command, action: ActionFactory): void {
  program
    .command('review-text')
    .description(SUMMARIES['review-text'])
    .addOption(settingOption('company', 'company name shown to the reviewer'))
    .addOption(settingOption('pageName', 'Facebook Page name (read from the Graph API when the page token is known)'))
    .addOption(settingOption('pageId', 'Facebook Page ID, for the page name and a link to the page'))
    .addOption(settingOption('webClientUrl'))
    .addOption(settingOption('pbxHost', '3CX host name; the web client URL becomes https://FQDN:5001/webclient'))
    .addOption(settingOption('extension', 'temporary 3CX test extension for the reviewer'))
    .addOption(settingOption('password', '(never stored)'))
    .addOption(new Option('--password <value>', 'refused: passwords never go on the command line').hideHelp())
    .addOption(settingOption('appId'))
    .addOption(settingOption('privacyUrl', 'privacy policy URL'))
    .addOption(settingOption('pageToken', 'to look up the page name'))
    .addOption(settingOption('appSecret', 'to check the app settings'))
    .option('--piece <id>', `print only this piece, raw (${PIECE_LIST})`)
    .option('--out <dir>', 'write one file per piece and an index.txt into this folder')
    .option('--force', 'let --out replace files that already exist')
    .option('--templates <dir>', 'use your own templates from this folder (same file names and placeholders)')
    .option('--open', "open the app's App Review page in the browser afterwards")
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx review-text --sandbox                     all pieces for the fictional customer
  $ printf '%s\\n' "$TEST_PASSWORD" | fb3cx review-text --company "Contoso Ltd" \\
      --page-name "Contoso Support" --pbx-host contoso.3cx.example --extension 901 --password-stdin
  $ fb3cx review-text --profile acme --piece pages-messaging | pbcopy
  $ fb3cx review-text --profile acme --out review-pack --open

With several values on standard input, give one per line: page token, app secret, then the
test password (only those whose --*-stdin flag is set).

Exit codes: 0 written, 2 missing or invalid values, a template problem or a file that would be
overwritten, 3 cannot run, 130 interrupted.`,
    )
    .action(action(() => import('../review-text.js').then((m) => m.reviewText)));
}

import { Command, Option } from 'commander';
import type { ActionFactory } from './types.js';

/** Kept in step with core/review/catalogue.ts by a unit test (this file stays import-light). */
const PIECE_LIST = 'verification-summary, pages-messaging, profile-access, test-instructions, screencast, settings-checklist';

export function defineReviewText(program: Command, action: ActionFactory): void {
  program
    .command('review-text')
    .description("write the App Review texts, test instructions, shot list and settings checklist, filled in with the customer's details")
    .option('--company <name>', 'company name shown to the reviewer (env FB3CX_COMPANY)')
    .option('--page-name <name>', 'Facebook Page name (env FB3CX_PAGE_NAME; read from the Graph API when the page token is known)')
    .option('--page-id <id>', 'Facebook Page ID, for the page name and a link to the page (env FB3CX_PAGE_ID)')
    .option('--web-client-url <url>', '3CX web client URL, https (env FB3CX_WEB_CLIENT_URL)')
    .option('--pbx-host <fqdn>', '3CX host name; the web client URL becomes https://FQDN:5001/webclient (env FB3CX_PBX_HOST)')
    .option('--extension <number>', 'temporary 3CX test extension for the reviewer (env FB3CX_TEST_EXTENSION)')
    .option('--password-stdin', "read the test extension's password from standard input (or env FB3CX_TEST_PASSWORD; never stored)")
    .addOption(new Option('--password <value>', 'refused: passwords never go on the command line').hideHelp())
    .option('--app-id <id>', 'Meta App ID (env FB3CX_APP_ID)')
    .option('--privacy-url <url>', 'privacy policy URL (env FB3CX_PRIVACY_URL)')
    .option('--page-token-stdin', 'read the page token from standard input, to look up the page name (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input, to check the app settings (or env FB3CX_APP_SECRET)')
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
    .action(action(() => import('./review-text.js')));
}

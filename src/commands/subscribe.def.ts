import { Option, type Command } from 'commander';
import { commaList, type ActionFactory } from './types.js';

export function defineSubscribe(program: Command, action: ActionFactory): void {
  program
    .command('subscribe')
    .description('subscribe the page to the six webhook fields 3CX needs (POST /{page-id}/subscribed_apps), then read it back')
    .option('--page-id <id>', 'Facebook Page ID (env FB3CX_PAGE_ID)')
    .option('--app-id <id>', 'Meta App ID, to find your app among the subscribed ones (env FB3CX_APP_ID)')
    .option('--page-token-stdin', 'read the page token from standard input (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input (adds appsecret_proof)')
    .addOption(new Option('--fields <list>', 'subscribe these fields instead of the six (comma-separated); existing fields are kept').argParser(commaList))
    .option('--dry-run', 'show what would change and change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx subscribe --sandbox not-subscribed
  $ FB3CX_PAGE_TOKEN=... fb3cx subscribe --page-id 1234567890 --dry-run
  $ fb3cx subscribe --profile acme --json

Fields already subscribed are never removed. Exit codes as verify: 0 subscribed,
1 Meta refused or the read-back is incomplete, 2 usage, 3 Meta unreachable, 130 interrupted.`,
    )
    .action(action(() => import('./subscribe.js')));
}

import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, settingOption } from './options.js';

export function defineSubscribe(program: Command, action: ActionFactory): void {
  program
    .command('subscribe')
    .description(SUMMARIES['subscribe'])
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId', 'Meta App ID, to find your app among the subscribed ones'))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', 'to add appsecret_proof'))
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
    .action(action(() => import('../subscribe.js').then((m) => m.subscribe)));
}
